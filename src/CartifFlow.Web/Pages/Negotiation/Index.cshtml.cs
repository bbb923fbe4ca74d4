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
[OffersTrigger(NegotiationWorkflows.Negotiation, "load-roadmap")]
[OffersTrigger(NegotiationWorkflows.Negotiation, "conclude")]
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

    /// <summary>What waits on whom, nearest deadline first: one page of it (<c>?waiting=</c>).</summary>
    public ListPage<WaitingItem> Waiting { get; private set; } = ListPages.Empty<WaitingItem>();

    [BindProperty(Name = "waiting", SupportsGet = true)] public int? WaitingPage { get; set; }

    /// <summary>The meetings ahead shown here; the rest are on <c>/meetings</c>.</summary>
    public const int MeetingsShown = 10;

    public IReadOnlyList<MeetingAhead> Meetings { get; private set; } = [];

    public int MeetingsAhead { get; private set; }

    public IReadOnlyList<Party> Parties { get; private set; } = [];

    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];

    // Start
    [BindProperty] public string? StartTitle { get; set; }
    [BindProperty] public string? StartMonitoringUntil { get; set; }
    [BindProperty] public string? StartReportingPeriod { get; set; }

    // Circulate a document
    [BindProperty] public string? DocKind { get; set; }
    [BindProperty] public string? DocTitle { get; set; }
    [BindProperty, FormField("doc-document")] public string? DocReference { get; set; }
    [BindProperty] public string? DocVersion { get; set; }
    [BindProperty] public string? DocArea { get; set; }
    [BindProperty] public string? DocSummary { get; set; }
    [BindProperty] public string? DocPriorities { get; set; }

    // Start a readiness consultation
    [BindProperty] public string? ConsultParty { get; set; }

    // Load the next roadmap: a file, or its text pasted
    [BindProperty] public IFormFile? RoadmapFile { get; set; }
    [BindProperty] public string? RoadmapText { get; set; }

    // Conclude the negotiation (on the last phase of a loaded roadmap)
    [BindProperty] public string? ConcludeStatement { get; set; }

    /// <summary>The roadmap's faults in the reader's language, one per line (<c>file:line: message</c>).</summary>
    public IReadOnlyList<string> RoadmapErrors { get; private set; } = [];

    /// <summary>The phases of the roadmaps loaded after 2026, in order.</summary>
    public IReadOnlyList<RoadmapPhase> LoadedPhases => PhaseNames.Loaded;

    public override bool ShowsPhases => true;

    /// <summary>The largest roadmap the form takes.</summary>
    public const int RoadmapLimit = 200_000;

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

    public async Task<IActionResult> OnPostLoadRoadmapAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            return NotStarted();
        }

        string? yaml = null;
        var file = "roadmap";
        if (RoadmapFile is { Length: > 0 } upload)
        {
            if (upload.Length > RoadmapLimit)
            {
                Errors["roadmap"] = T("negotiation.load-roadmap.too-large", RoadmapLimit / 1000);
                return Refused();
            }

            file = Path.GetFileName(upload.FileName);
            using var reader = new StreamReader(upload.OpenReadStream());
            yaml = await reader.ReadToEndAsync(cancellationToken);
        }
        else if (!string.IsNullOrWhiteSpace(RoadmapText))
        {
            yaml = RoadmapText;
        }

        if (yaml is null)
        {
            Errors["roadmap"] = T("negotiation.load-roadmap.required");
            return Refused();
        }

        if (yaml.Length > RoadmapLimit)
        {
            Errors["roadmap"] = T("negotiation.load-roadmap.too-large", RoadmapLimit / 1000);
            return Refused();
        }

        // Read here first to show every fault at its line; the engine's step reads it again (as for the API).
        await using (var db = Factory.Create())
        {
            var (_, faults) = await NextRoadmapFile.ReadAsync(db, file, yaml, Now, cancellationToken);
            if (faults.Count > 0)
            {
                RoadmapText = yaml;
                RoadmapErrors = [.. faults.Select(Fault)];
                Errors["roadmap"] = T("negotiation.load-roadmap.invalid");
                return Refused();
            }
        }

        var refusal = await FireAsync(negotiation, "load-roadmap", new JsonObject { ["file"] = file, ["roadmap"] = yaml }, "roadmap", [], cancellationToken);
        if (Errors.ContainsKey("roadmap"))
        {
            RoadmapText = yaml;
        }

        return After(refusal, "/negotiation", "load-roadmap");
    }

    public async Task<IActionResult> OnPostConcludeAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            return NotStarted();
        }

        var statement = Required(ConcludeStatement, "conclude", "statement", "step.conclusion-statement-required");
        Limit("conclude", "statement", statement, FieldError.Note);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(negotiation, "conclude", new JsonObject { ["statement"] = statement }, "conclude", ["statement"], cancellationToken);
        return After(refusal, "/negotiation", "conclude");
    }

    /// <summary>A fault of the roadmap file in the reader's language, at its line (<c>file:line: message</c>).</summary>
    private string Fault(RoadmapFault fault) =>
        T("roadmap-fault.at", fault.File, fault.Line, HasText("roadmap-fault." + fault.Code) ? T("roadmap-fault." + fault.Code, [.. fault.Arguments]) : fault.Message);

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
        var meetings = await Engine.ListRunningAsync(NegotiationWorkflows.Meeting, cancellationToken);
        var ahead = meetings.Where(i => i.InstantOf("start") is { } start && start >= Now).OrderBy(i => i.InstantOf("start")).ToList();
        MeetingsAhead = ahead.Count;
        Meetings = [.. ahead.Take(MeetingsShown)
            .Select(i => new MeetingAhead(i.CorrelationKey, i.Text("title") ?? i.CorrelationKey, i.Text("kind") ?? "other", i.Text("timeZone") ?? Seat, i.InstantOf("start")!.Value, i.State))];
        if (Negotiation is null)
        {
            return null;
        }

        CurrentPhase = Negotiation.Text("phase") ?? Negotiation.State;
        await PermittedAsync(Negotiation, cancellationToken);
        Documents = [.. (await db.Set<NegotiationDocument>().AsNoTracking().Where(d => d.NegotiationInstanceId == Negotiation.Id).ToListAsync(cancellationToken)).OrderBy(d => d.CirculatedAt).ThenBy(d => d.Id)];
        Phases = [.. (await db.Set<PhaseChange>().AsNoTracking().Where(c => c.NegotiationInstanceId == Negotiation.Id).ToListAsync(cancellationToken)).OrderBy(c => c.At).ThenBy(c => c.Id)];
        Waiting = ListPages.Of<WaitingItem>(await WaitingAsync(cancellationToken), WaitingPage);
        return Negotiation;
    }

    /// <summary>Open procedures, transitions, rounds and consultations, each with who it still waits on; soonest deadline first.</summary>
    private async Task<IReadOnlyList<WaitingItem>> WaitingAsync(CancellationToken cancellationToken)
    {
        var items = new List<WaitingItem>();
        var r = Api(cancellationToken);
        foreach (var t in await Engine.ListRunningAsync(NegotiationWorkflows.StageTransition, cancellationToken))
        {
            if (await CartifFlow.Web.Approvals.TransitionsApi.ViewAsync(r, t.CorrelationKey) is { } view)
            {
                var waiting = view.State is "Rejected" or "Escalated" ? ["secretariat"] : view.Parties.Where(p => p.Answer is null).Select(p => p.Party).ToList();
                items.Add(new WaitingItem(NegotiationWorkflows.StageTransition, view.Key, $"/transitions/{view.Key}", view.State, view.Deadline.Utc, waiting));
            }
        }

        await using (var db = Factory.Create())
        {
            foreach (var p in await ProcedureBoard.RunningAsync(Engine, db, Time, Seat, cancellationToken))
            {
                items.Add(new WaitingItem(NegotiationWorkflows.WrittenProcedure, p.Key, $"/procedures/{p.Key}", p.Instance.State, p.Deadline, p.Instance.State == "Escalated" ? ["secretariat"] : [.. p.NotReplied.Select(x => x.Party)]));
            }
        }

        foreach (var round in await Engine.ListRunningAsync(NegotiationWorkflows.TextRound, cancellationToken))
        {
            if (await CartifFlow.Web.WorkingGroups.WorkingGroupsApi.RoundViewAsync(r, round.CorrelationKey) is { } view)
            {
                items.Add(new WaitingItem(NegotiationWorkflows.TextRound, view.Key, $"/working-groups/{view.Area}", view.State, view.Deadline.Utc, view.State == "Commenting" ? view.NotYetHeardFrom : ["secretariat"]));
            }
        }

        foreach (var c in await Engine.ListRunningAsync(NegotiationWorkflows.ReadinessConsultation, cancellationToken))
        {
            items.Add(new WaitingItem(NegotiationWorkflows.ReadinessConsultation, c.CorrelationKey, $"/consultations/{c.CorrelationKey}", c.State, c.InstantOf("interviewAt"), ["secretariat"]));
        }

        return [.. items.OrderBy(i => i.Deadline ?? DateTimeOffset.MaxValue).ThenBy(i => i.Key, StringComparer.Ordinal)];
    }
}
