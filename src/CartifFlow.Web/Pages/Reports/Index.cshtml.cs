using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Monitoring;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Reports;

/// <summary>
/// Monitoring and ministerial oversight at <c>/reports</c>: past reports (filtered on the server by kind), the
/// consolidated progress report to issue (the negotiation's monitoring, <c>issue-report</c>) and the monitoring to
/// close, and — once the negotiation is in ministerial review — the report to the Ministerial Conference and its
/// decision on the mandate (<c>submit-report</c>, <c>record-decision</c>); in a roadmap loaded after 2026, the report to
/// the next Ministerial Conference is started here (the negotiation's <c>report-to-conference</c>), then submitted and
/// decided the same way. Monitoring is the negotiation's latest: a loaded roadmap starts its own.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Monitoring, "issue-report")]
[OffersTrigger(NegotiationWorkflows.Monitoring, "close")]
[OffersTrigger(NegotiationWorkflows.MinisterialReport, "submit-report")]
[OffersTrigger(NegotiationWorkflows.MinisterialReport, "record-decision")]
[OffersTrigger(NegotiationWorkflows.Negotiation, "report-to-conference")]
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    /// <summary>One page of the past reports, newest first: counted, ordered and cut in the database.</summary>
    public ListPage<ProgressReportSummary> Reports { get; private set; } = ListPages.Empty<ProgressReportSummary>();

    public InstanceView? Monitoring { get; private set; }

    public InstanceView? Ministerial { get; private set; }

    public InstanceView? Negotiation { get; private set; }

    [BindProperty, FormField("conference-conference")] public string? NextConference { get; set; }

    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? OutstandingIssues { get; set; }
    [BindProperty, FormField("submit-summary")] public string? MinisterialSummary { get; set; }
    [BindProperty, FormField("submit-outstandingIssues")] public string? MinisterialIssues { get; set; }
    [BindProperty] public string? Recommendation { get; set; }
    [BindProperty] public string? Conference { get; set; }
    [BindProperty] public string? MandateConfirmed { get; set; }
    [BindProperty] public string? Guidance { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Monitoring is null)
        {
            Errors["issue"] = T("propose.not-started");
            return Refused();
        }

        var refusal = await FireAsync(Monitoring, "issue-report", new JsonObject { ["summary"] = Blank(Summary), ["outstandingIssues"] = Blank(OutstandingIssues) }, "issue", ["summary", "outstandingIssues"], cancellationToken);
        return After(refusal, "/reports", "issue-report");
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Monitoring is null)
        {
            Errors["close"] = T("propose.not-started");
            return Refused();
        }

        var refusal = await FireAsync(Monitoring, "close", [], "close", [], cancellationToken);
        return After(refusal, "/reports", "close");
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Ministerial is null)
        {
            Errors["submit"] = T("reports.not-in-review");
            return Refused();
        }

        var refusal = await FireAsync(Ministerial, "submit-report", new JsonObject { ["summary"] = Blank(MinisterialSummary), ["outstandingIssues"] = Blank(MinisterialIssues), ["recommendation"] = Blank(Recommendation), ["conference"] = Blank(Conference) }, "submit", ["summary", "outstandingIssues", "recommendation", "conference"], cancellationToken);
        return After(refusal, "/reports", "submit-report");
    }

    public async Task<IActionResult> OnPostConferenceAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Negotiation is null)
        {
            Errors["conference"] = T("propose.not-started");
            return Refused();
        }

        Limit("conference", "conference", NextConference, FieldError.Short);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Negotiation, "report-to-conference", new JsonObject { ["conference"] = Blank(NextConference) }, "conference", ["conference"], cancellationToken);
        return After(refusal, "/reports", "report-to-conference");
    }

    public async Task<IActionResult> OnPostDecisionAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Ministerial is null)
        {
            Errors["decision"] = T("reports.not-in-review");
            return Refused();
        }

        bool? confirmed = MandateConfirmed switch { "true" => true, "false" => false, _ => null };
        if (confirmed is null)
        {
            Errors["decision-mandateConfirmed"] = T("reports.mandate-required");
            return Refused();
        }

        var refusal = await FireAsync(Ministerial, "record-decision", new JsonObject { ["mandateConfirmed"] = confirmed, ["guidance"] = Blank(Guidance) }, "decision", ["mandateConfirmed", "guidance"], cancellationToken);
        return After(refusal, "/reports", "record-decision");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        ProgressReportKind? filter = Kind switch { "working-group" => ProgressReportKind.WorkingGroup, "consolidated" => ProgressReportKind.Consolidated, "ministerial" => ProgressReportKind.Ministerial, _ => null };
        await using (var db = Factory.Create())
        {
            var area = string.IsNullOrWhiteSpace(Area) ? null : Area.Trim().ToUpperInvariant();
            var query = db.Set<ProgressReport>().AsNoTracking().Where(x => filter == null || x.Kind == filter).Where(x => area == null || x.AreaCode == area);
            var total = await query.CountAsync(cancellationToken);
            var (number, skip) = ListPages.Position(total, PageNumber);
            var reports = await query.OrderByDescending(x => x.IssuedAt).ThenByDescending(x => x.Id).Skip(skip).Take(ListPages.Size).ToListAsync(cancellationToken);
            Reports = new ListPage<ProgressReportSummary>(
                [.. reports.Select(x => new ProgressReportSummary(x.Id, ReportsApi.KindName(x.Kind), x.Title, x.AreaCode, x.IssuedBy, x.IssuedAt, x.MandateConfirmed))],
                number, ListPages.Size, total);
        }

        var negotiation = await Engine.FindAsync(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, cancellationToken);
        Negotiation = negotiation;
        if (negotiation is null)
        {
            return;
        }

        await PermittedAsync(negotiation, cancellationToken);
        var children = await Engine.GetChildrenAsync(negotiation.Id, cancellationToken);
        Monitoring = children.LastOrDefault(c => c.DefinitionId == NegotiationWorkflows.Monitoring);
        Ministerial = children.LastOrDefault(c => c.DefinitionId == NegotiationWorkflows.MinisterialReport);
        await PermittedAsync(Monitoring, cancellationToken);
        await PermittedAsync(Ministerial, cancellationToken);
    }
}
