using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Drafts;
using CartifFlow.Web.WorkingGroups;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.WorkingGroups;

/// <summary>
/// One working group at <c>/working-groups/{area}</c>: members and observers, terms of reference, revisions, rounds,
/// the link to its text (<c>/drafts/{area}</c>); and the Secretariat's steps its state permits: admit a party,
/// relaunch the terms of reference, open a round, report to the Chief Negotiators, declare the text stable — the
/// engine steps of <c>/api/working-groups/{area}/…</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.WorkingGroupAdmission, OffersTriggerAttribute.Start)]
[OffersTrigger(NegotiationWorkflows.WorkingGroup, "relaunch-terms")]
[OffersTrigger(NegotiationWorkflows.WorkingGroup, "open-round")]
[OffersTrigger(NegotiationWorkflows.WorkingGroup, "report-progress")]
[OffersTrigger(NegotiationWorkflows.WorkingGroup, "declare-stable")]
public sealed class GroupModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time, DraftLibrary library)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string Area { get; set; } = "";

    public WorkingGroupView? Group { get; private set; }

    public InstanceView? Instance { get; private set; }

    /// <summary>The area's current structured revision with its convergence and the chart across revisions, if any.</summary>
    public DraftStanding? Standing { get; private set; }

    /// <summary>Provisions referred to the group by written procedures not adopted, not yet taken up by a round; null when the reader may not see them.</summary>
    public IReadOnlyList<CartifFlow.Negotiation.Drafts.ProvisionReferral>? Referrals { get; private set; }

    [BindProperty] public string? AdmitParty { get; set; }
    [BindProperty] public string? AdmitRole { get; set; }
    [BindProperty] public string? AdmitReason { get; set; }
    [BindProperty] public string? TermsTitle { get; set; }
    [BindProperty] public string? TermsText { get; set; }
    [BindProperty] public string? TermsDocument { get; set; }
    [BindProperty] public string? TermsDeadline { get; set; }
    [BindProperty] public string? RoundDeadline { get; set; }
    [BindProperty] public string? RoundDocument { get; set; }
    [BindProperty] public string? RoundText { get; set; }
    [BindProperty] public string? RoundSummary { get; set; }
    [BindProperty] public bool RoundUrgent { get; set; }
    [BindProperty] public string? RoundUrgentReason { get; set; }

    /// <summary>The minimum of working days every member party must have to comment.</summary>
    public int RoundMinimum => Options.Value.RoundMinimumWorkingDays;
    [BindProperty] public string? ReportSummary { get; set; }
    [BindProperty, FormField("report-outstandingIssues")] public string? ReportIssues { get; set; }
    [BindProperty] public string? StableSummary { get; set; }

    private string Here => $"/working-groups/{Uri.EscapeDataString(Area)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAdmitAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var party = Required(AdmitParty, "admit", "party", "step.party-required")?.ToUpperInvariant();
        if (party is { Length: > 10 })
        {
            Errors["admit-party"] = T("step.party-unknown", party);
        }

        if (Reasons.TooLong(AdmitReason))
        {
            Errors["admit-reason"] = T("step.reason-too-long", Reasons.MaxLength);
        }

        if (AdmitRole is not (null or "" or "member" or "observer"))
        {
            Errors["admit-role"] = T("working-group.role-invalid");
        }

        if (Errors.Count > 0)
        {
            return Refused();
        }

        var area = Group!.Area;
        var key = await WorkflowCommands.NextKeyAsync(Engine, NegotiationWorkflows.WorkingGroupAdmission, $"ADM-{area}-{party}", cancellationToken);
        var parameters = WorkflowCommands.Clean(new JsonObject { ["area"] = area, ["party"] = party, ["role"] = Blank(AdmitRole) ?? "member", ["reason"] = Blank(AdmitReason), ["seatTimeZone"] = Seat });
        var result = await Engine.StartAsync(new StartRequest(NegotiationWorkflows.WorkingGroupAdmission, key, parameters, IdempotencyKey: Submission), User.ToActor(), cancellationToken);
        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        if (!result.Applied && !result.Replayed)
        {
            Refuse(result, "admit", "party", "role", "reason");
        }

        return After(null, Here, "admit");
    }

    public async Task<IActionResult> OnPostTermsAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var deadline = Instant(TermsDeadline, Seat, "terms", "termsDeadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "relaunch-terms", new JsonObject { ["termsTitle"] = Blank(TermsTitle), ["termsText"] = Blank(TermsText), ["termsDocument"] = Blank(TermsDocument), ["termsDeadline"] = deadline }, "terms", ["termsTitle", "termsText", "termsDocument", "termsDeadline"], cancellationToken);
        return After(refusal, Here, "relaunch-terms");
    }

    public async Task<IActionResult> OnPostRoundAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var deadline = Instant(RoundDeadline, Seat, "round", "deadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "open-round", new JsonObject { ["deadline"] = deadline, ["document"] = Blank(RoundDocument), ["text"] = Blank(RoundText), ["summary"] = Blank(RoundSummary), ["urgent"] = RoundUrgent, ["urgentReason"] = Blank(RoundUrgentReason) }, "round", ["deadline", "document", "text", "summary", "urgentReason"], cancellationToken);
        return After(refusal, Here, "open-round");
    }

    public async Task<IActionResult> OnPostReportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var refusal = await FireAsync(Instance!, "report-progress", new JsonObject { ["summary"] = Blank(ReportSummary), ["outstandingIssues"] = Blank(ReportIssues) }, "report", ["summary", "outstandingIssues"], cancellationToken);
        return After(refusal, Here, "report-progress");
    }

    public async Task<IActionResult> OnPostStableAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var refusal = await FireAsync(Instance!, "declare-stable", new JsonObject { ["summary"] = Blank(StableSummary) }, "stable", ["summary"], cancellationToken);
        return After(refusal, Here, "declare-stable");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Group = await WorkingGroupsApi.ViewAsync(Api(cancellationToken), Area);
        if (Group is null)
        {
            return false;
        }

        Instance = await Engine.GetInstanceAsync(Group.InstanceId, cancellationToken);
        await PermittedAsync(Instance, cancellationToken);
        // The same figures and chart as the draft's page, as the reader may read the area's draft.
        if (await library.ShelfAsync(User, Group.Area, cancellationToken) is { Access: not CartifFlow.Negotiation.Drafts.DraftAccess.None } shelf)
        {
            Standing = await library.StandingAsync(shelf, Lang, cancellationToken);
            // The agenda's provisions referred by written procedures carry the objections: the record's readers only.
            if (shelf.Access is CartifFlow.Negotiation.Drafts.DraftAccess.Edit or CartifFlow.Negotiation.Drafts.DraftAccess.All)
            {
                Referrals = await library.ReferralsAsync(Group.Area, all: false, cancellationToken);
            }
        }

        return true;
    }
}
