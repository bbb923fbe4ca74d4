using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Negotiation;

/// <summary>Something open that waits on someone, with its deadline.</summary>
/// <param name="What">The workflow (its page text <c>workflow.{id}</c>).</param>
/// <param name="Key">The instance's key.</param>
/// <param name="Link">Its page.</param>
/// <param name="State">Its state.</param>
/// <param name="Deadline">When it is due, if it has a deadline.</param>
/// <param name="WaitingOn">Who has not acted yet (party codes), or the Secretariat.</param>
public sealed record WaitingItem(string What, string Key, string Link, string State, DateTimeOffset? Deadline, IReadOnlyList<string> WaitingOn);

/// <summary>A meeting ahead.</summary>
public sealed record MeetingAhead(string Key, string Title, string Kind, string TimeZone, DateTimeOffset Start, string State);

/// <summary>
/// The Secretariat's home for the process at <c>/negotiation</c>: a fresh install starts the negotiation here; then its
/// current phase, the 2026 roadmap with each milestone's status (read from the workflows, as
/// <c>GET /api/negotiation/roadmap</c>), what waits on whom, deadlines and meetings ahead, the documents circulated,
/// and the forms of the negotiation workflow's Secretariat steps that its current state permits.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Negotiation, OffersTriggerAttribute.Start)]
[OffersTrigger(NegotiationWorkflows.Negotiation, "circulate-document")]
[OffersTrigger(NegotiationWorkflows.Negotiation, "start-consultation")]
[OffersTrigger(NegotiationWorkflows.Negotiation, "report-again")]
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    public static readonly string[] DocumentKinds = ["modalities", "zero-draft", "terms-of-reference", "other"];

    /// <summary>A document kind's code (as in <see cref="DocumentKinds"/>), which names its page text.</summary>
    public static string KindCode(CartifFlow.Negotiation.Phases.DocumentKind kind) => kind switch
    {
        CartifFlow.Negotiation.Phases.DocumentKind.Modalities => "modalities",
        CartifFlow.Negotiation.Phases.DocumentKind.ZeroDraft => "zero-draft",
        CartifFlow.Negotiation.Phases.DocumentKind.TermsOfReference => "terms-of-reference",
        _ => "other",
    };

    public InstanceView? Negotiation { get; private set; }

    public string? CurrentPhase { get; private set; }

    public IReadOnlyList<MilestoneProgress> Roadmap { get; private set; } = [];

    public IReadOnlyList<NegotiationDocument> Documents { get; private set; } = [];

    public IReadOnlyList<PhaseChange> Phases { get; private set; } = [];

    public IReadOnlyList<WaitingItem> Waiting { get; private set; } = [];

    public IReadOnlyList<MeetingAhead> Meetings { get; private set; } = [];

    public IReadOnlyList<Party> Parties { get; private set; } = [];

    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];

    // Start
    [BindProperty] public string? StartTitle { get; set; }
    [BindProperty] public string? StartMonitoringUntil { get; set; }
    [BindProperty] public string? StartReportingPeriod { get; set; }

    // Circulate a document
    [BindProperty] public string? DocKind { get; set; }
    [BindProperty] public string? DocTitle { get; set; }
    [BindProperty] public string? DocReference { get; set; }
    [BindProperty] public string? DocVersion { get; set; }
    [BindProperty] public string? DocArea { get; set; }
    [BindProperty] public string? DocSummary { get; set; }
    [BindProperty] public string? DocPriorities { get; set; }

    // Start a readiness consultation
    [BindProperty] public string? ConsultParty { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var until = Instant(StartMonitoringUntil, Seat, "start", "monitoringUntil", required: false);
        if (StartReportingPeriod is { Length: > 0 } && (!IsoDuration.TryParse(StartReportingPeriod, out var period, out _) || period < TimeSpan.FromDays(1)))
        {
            Errors["start-reportingPeriod"] = T("negotiation.start.period-invalid");
        }

        Limit("start", "title", StartTitle, FieldError.Short);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var parameters = WorkflowCommands.Clean(new JsonObject { ["title"] = Blank(StartTitle), ["monitoringUntil"] = until, ["reportingPeriod"] = Blank(StartReportingPeriod), ["seatTimeZone"] = Seat });
        var result = await Engine.StartAsync(new StartRequest(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, parameters, IdempotencyKey: Submission), User.ToActor(), cancellationToken);
        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        if (!result.Applied && !result.Replayed)
        {
            Refuse(result, "start", "title", "monitoringUntil", "reportingPeriod");
        }

        return After(null, "/negotiation", "start");
    }

    public async Task<IActionResult> OnPostCirculateAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            return NotStarted();
        }

        var refusal = await FireAsync(negotiation, "circulate-document", new JsonObject
        {
            ["kind"] = Blank(DocKind),
            ["title"] = Blank(DocTitle),
            ["document"] = Blank(DocReference),
            ["version"] = Blank(DocVersion),
            ["area"] = Blank(DocArea)?.ToUpperInvariant(),
            ["summary"] = Blank(DocSummary),
            ["priorities"] = WorkflowCommands.Codes(CodeList(DocPriorities)),
        }, "doc", ["kind", "title", "document", "version", "area", "summary", "priorities"], cancellationToken);
        return After(refusal, "/negotiation", "circulate-document");
    }

    public async Task<IActionResult> OnPostConsultAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            return NotStarted();
        }

        var party = Required(ConsultParty, "consult", "party", "step.consulted-party-required")?.ToUpperInvariant();
        if (party is null)
        {
            return Refused();
        }

        var key = await WorkflowCommands.NextKeyAsync(Engine, NegotiationWorkflows.ReadinessConsultation, $"RC-{party}", cancellationToken);
        var refusal = await FireAsync(negotiation, "start-consultation", new JsonObject { ["party"] = party, ["key"] = key }, "consult", ["party"], cancellationToken);
        return After(refusal, Errors.Count == 0 && refusal is null ? $"/consultations/{key}" : "/negotiation", "start-consultation");
    }

    public async Task<IActionResult> OnPostReportAgainAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            return NotStarted();
        }

        var refusal = await FireAsync(negotiation, "report-again", [], "report-again", [], cancellationToken);
        return After(refusal, "/negotiation", "report-again");
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult NotStarted()
    {
        Errors["request"] = T("propose.not-started");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<InstanceView?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        Parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        Areas = await db.Set<NegotiatingArea>().AsNoTracking().OrderBy(a => a.Kind).ThenBy(a => a.Code).ToListAsync(cancellationToken);
        Negotiation = await Engine.FindAsync(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, cancellationToken);
        Roadmap = await RoadmapProgress.ComputeAsync(db, Now, Seat, cancellationToken);
        var meetings = await Engine.ListAsync(NegotiationWorkflows.Meeting, cancellationToken);
        Meetings = [.. meetings
            .Where(i => i.Status == InstanceStatus.Running && i.InstantOf("start") is { } start && start >= Now)
            .Select(i => new MeetingAhead(i.CorrelationKey, i.Text("title") ?? i.CorrelationKey, i.Text("kind") ?? "other", i.Text("timeZone") ?? Seat, i.InstantOf("start")!.Value, i.State))
            .OrderBy(m => m.Start)];
        if (Negotiation is null)
        {
            return null;
        }

        CurrentPhase = Negotiation.Text("phase") ?? Negotiation.State;
        await PermittedAsync(Negotiation, cancellationToken);
        Documents = [.. (await db.Set<NegotiationDocument>().AsNoTracking().Where(d => d.NegotiationInstanceId == Negotiation.Id).ToListAsync(cancellationToken)).OrderBy(d => d.CirculatedAt).ThenBy(d => d.Id)];
        Phases = [.. (await db.Set<PhaseChange>().AsNoTracking().Where(c => c.NegotiationInstanceId == Negotiation.Id).ToListAsync(cancellationToken)).OrderBy(c => c.At).ThenBy(c => c.Id)];
        Waiting = await WaitingAsync(cancellationToken);
        return Negotiation;
    }

    /// <summary>Open procedures, transitions, rounds and consultations, each with who it still waits on; soonest deadline first.</summary>
    private async Task<IReadOnlyList<WaitingItem>> WaitingAsync(CancellationToken cancellationToken)
    {
        var items = new List<WaitingItem>();
        var r = Api(cancellationToken);
        foreach (var t in await Engine.ListAsync(NegotiationWorkflows.StageTransition, cancellationToken))
        {
            if (t.Status == InstanceStatus.Running && await CartifFlow.Web.Approvals.TransitionsApi.ViewAsync(r, t.CorrelationKey) is { } view)
            {
                var waiting = view.State is "Rejected" or "Escalated" ? ["secretariat"] : view.Parties.Where(p => p.Answer is null).Select(p => p.Party).ToList();
                items.Add(new WaitingItem(NegotiationWorkflows.StageTransition, view.Key, $"/transitions/{view.Key}", view.State, view.Deadline.Utc, waiting));
            }
        }

        await using (var db = Factory.Create())
        {
            foreach (var p in await ProcedureBoard.ListAsync(Engine, db, Time, Seat, cancellationToken))
            {
                if (p.Instance.Status == InstanceStatus.Running)
                {
                    items.Add(new WaitingItem(NegotiationWorkflows.WrittenProcedure, p.Key, $"/procedures/{p.Key}", p.Instance.State, p.Deadline, p.Instance.State == "Escalated" ? ["secretariat"] : [.. p.NotReplied.Select(x => x.Party)]));
                }
            }
        }

        foreach (var round in await Engine.ListAsync(NegotiationWorkflows.TextRound, cancellationToken))
        {
            if (round.Status == InstanceStatus.Running && await CartifFlow.Web.WorkingGroups.WorkingGroupsApi.RoundViewAsync(r, round.CorrelationKey) is { } view)
            {
                items.Add(new WaitingItem(NegotiationWorkflows.TextRound, view.Key, $"/working-groups/{view.Area}", view.State, view.Deadline.Utc, view.State == "Commenting" ? view.NotYetHeardFrom : ["secretariat"]));
            }
        }

        foreach (var c in await Engine.ListAsync(NegotiationWorkflows.ReadinessConsultation, cancellationToken))
        {
            if (c.Status == InstanceStatus.Running)
            {
                items.Add(new WaitingItem(NegotiationWorkflows.ReadinessConsultation, c.CorrelationKey, $"/consultations/{c.CorrelationKey}", c.State, c.InstantOf("interviewAt"), ["secretariat"]));
            }
        }

        return [.. items.OrderBy(i => i.Deadline ?? DateTimeOffset.MaxValue).ThenBy(i => i.Key, StringComparer.Ordinal)];
    }
}
