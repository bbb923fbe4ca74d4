using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Consultations;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WorkingGroups;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Negotiation;

/// <summary>Start the negotiation (once).</summary>
/// <param name="Title">Its title (default "CARTIF negotiations 2026").</param>
/// <param name="MonitoringUntil">End of the year's monitoring (default 2026-12-31 17:00 at the seat).</param>
/// <param name="ReportingPeriod">Period of the consolidated progress reports (default P13W).</param>
public sealed record StartNegotiationRequest(string? Title, string? MonitoringUntil, string? ReportingPeriod);

/// <summary>The Secretariat circulates a negotiation document.</summary>
/// <param name="Kind">modalities, zero-draft, terms-of-reference or other.</param>
/// <param name="Title">Its title.</param>
/// <param name="Document">Its name or link.</param>
/// <param name="Version">Its version.</param>
/// <param name="Area">The area it concerns, if one.</param>
/// <param name="Summary">What it says, in short.</param>
/// <param name="Priorities">Modalities: the areas in order of working-group priority.</param>
public sealed record CirculateDocumentRequest(string? Kind, string? Title, string? Document, string? Version, string? Area, string? Summary, IReadOnlyList<string>? Priorities);

/// <summary>A readiness consultation with a party.</summary>
public sealed record StartConsultationRequest(string? Party);

/// <summary>The report to the Ministerial Conference.</summary>
public sealed record SubmitMinisterialReportRequest(string? Summary, string? OutstandingIssues, string? Recommendation, string? Conference);

/// <summary>The Conference's decision.</summary>
public sealed record MinisterialDecisionRequest(bool? MandateConfirmed, string? Guidance);

/// <summary>In a loaded roadmap: the report to the next Ministerial Conference.</summary>
/// <param name="Conference">Its name (default: the CAREC Ministerial Conference of the year at the seat).</param>
public sealed record ReportToConferenceRequest(string? Conference);

/// <summary>The next roadmap, as the YAML of <c>workflows/registry/roadmap-2027.yaml</c>.</summary>
/// <param name="File">The file's name, for the messages (<c>file:line: message</c>).</param>
/// <param name="Roadmap">The YAML.</param>
public sealed record LoadRoadmapRequest(string? File, string? Roadmap);

/// <summary>The negotiation concluded, on the last phase of its roadmap.</summary>
public sealed record ConcludeNegotiationRequest(string? Statement);

/// <summary>A phase the negotiation entered.</summary>
public sealed record PhaseChangeView(string? From, string To, string ToName, string? Transition, DateTimeOffset At);

/// <summary>A circulated document.</summary>
public sealed record DocumentView(string Kind, string Title, string Reference, string? Version, string? Area, string? Summary, IReadOnlyList<string> Priorities, string CirculatedBy, DateTimeOffset CirculatedAt);

/// <summary>A child workflow of the negotiation.</summary>
public sealed record ChildView(string Workflow, string Key, string State, bool Closed);

/// <summary>The negotiation: its current phase and what runs under it.</summary>
public sealed record NegotiationView(
    string Key, Guid InstanceId, string Title, string Phase, string PhaseName, string State, bool Closed, IReadOnlyList<string> AgreedWorkingGroups,
    IReadOnlyList<PhaseChangeView> Phases, IReadOnlyList<ChildView> Children, int Version, IReadOnlyList<string> YouMay) : IVersionedView;

/// <summary>The negotiation's history: phases entered and every step, oldest first.</summary>
public sealed record NegotiationHistory(IReadOnlyList<PhaseChangeView> Phases, IReadOnlyList<HistoryEntry> Events);

/// <summary>A roadmap milestone with its status.</summary>
public sealed record MilestoneView(string Code, string Phase, string Title, string TitleRu, string Kind, DateOnly? PlannedOn, string? Window, string? Format, string? Place, string? TimeZone, string? Alongside, string? Note, string Status, string Detail, IReadOnlyList<string> Keys);

/// <summary>The report to the Ministerial Conference.</summary>
public sealed record MinisterialReportView(string Key, string State, string Conference, long? ReportId, bool? MandateConfirmed, string? Guidance, int Version, IReadOnlyList<string> YouMay) : IVersionedView;

/// <summary>
/// The negotiation over HTTP: its phase and history, the roadmap, documents, and every step the phases take through
/// the negotiation workflow: readiness consultations, proposing a stage transition, convening the Zero Round,
/// proposing working groups, the report to the Ministerial Conference. Every change goes through the engine.
/// </summary>
internal static class NegotiationApi
{
    public static IEndpointRouteBuilder MapNegotiation(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/negotiation").WithTags("Negotiation").RequireAuthorization();
        group.MapPost("/", Start).WithSummary("Start the negotiation in Phase 1; its monitoring starts with it (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/", Get).WithSummary("The current phase, the phases so far and the workflows under way. ETag is its version.");
        group.MapGet("/history", History).WithSummary("Phases entered and every step of the negotiation workflow.");
        group.MapGet("/roadmap", Roadmap).WithSummary("The seeded 2026 roadmap with each milestone's status, read from the workflows.");
        group.MapGet("/documents", Documents).WithSummary("Documents circulated: modalities, bracketed zero draft, terms of reference, others.");
        group.MapPost("/documents", Circulate).WithSummary("Circulate a document to the parties (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/consultations", StartConsultation).WithSummary("Start a voluntary readiness consultation with a party (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/transitions", ProposeTransition).WithSummary("Propose the next phase to the Chief Negotiators, with a justification and a deadline (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/zero-round", ConveneZeroRound).WithSummary("Convene the Zero Round (Phase 2; Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/working-groups", ProposeWorkingGroup).WithSummary("Propose a working group; its terms of reference go to written procedure (Phase 3; Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/ministerial-report", MinisterialReport).WithSummary("The report to the Ministerial Conference, once the negotiation is in review.");
        group.MapPost("/ministerial-report", SubmitMinisterialReport).WithSummary("Submit the report to the Ministerial Conference (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/ministerial-decision", RecordMinisterialDecision).WithSummary("Record the Conference's decision on the mandate and its guidance (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/next-roadmap", LoadRoadmap).WithSummary("Once the mandate is confirmed (or on the last phase of a loaded roadmap): load the next roadmap from its YAML; faults as file:line: message (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/conclusion", Conclude).WithSummary("On the last phase of a loaded roadmap: conclude the negotiation with a statement (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/ministerial-conference", ReportToConference).WithSummary("In a roadmap loaded after 2026: start the report to the next Ministerial Conference, then submit it and record the decision as in 2026 (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/ministerial-review", ReportAgain).WithSummary("After the mandate was withheld: report to the Conference again (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    public static Task<InstanceView?> FindAsync(ApiRequest r) => r.Engine.FindAsync(NegotiationWorkflows.Negotiation, r.Options.Value.NegotiationKey, r.Cancellation);

    public static ProblemHttpResult NotStarted() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No negotiation", detail: "The negotiation has not been started: the Secretariat starts it with POST /api/negotiation.");

    private static async Task<IResult> Start(StartNegotiationRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var until = WorkflowCommands.Instant(request.MonitoringUntil, r.Seat, "monitoringUntil", errors, required: false);
        if (request.ReportingPeriod is not null && (!IsoDuration.TryParse(request.ReportingPeriod, out var period, out _) || period < TimeSpan.FromDays(1)))
        {
            errors["reportingPeriod"] = ["The reporting period is an ISO-8601 duration of at least a day and at most 100 years (for example P13W)."];
        }

        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var parameters = WorkflowCommands.Clean(new JsonObject { ["title"] = request.Title, ["monitoringUntil"] = until, ["reportingPeriod"] = request.ReportingPeriod, ["seatTimeZone"] = r.Seat });
        var result = await r.Engine.StartAsync(new StartRequest(NegotiationWorkflows.Negotiation, r.Options.Value.NegotiationKey, parameters), r.Actor, r.Cancellation);
        return result.Applied ? TypedResults.Created("/api/negotiation", await ViewAsync(r)) : StepProblems.From(result);
    }

    private static async Task<IResult> Get([AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r);
        if (view is null)
        {
            return NotStarted();
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> History([AsParameters] ApiRequest r)
    {
        var instance = await FindAsync(r);
        return instance is null
            ? NotStarted()
            : TypedResults.Ok(new NegotiationHistory((await PhasesAsync(r, instance.Id)).Changes, [.. (await r.Engine.GetHistoryAsync(instance.Id, r.Cancellation)).Where(e => Sees(r, e))]));
    }

    private static async Task<Ok<List<MilestoneView>>> Roadmap([AsParameters] ApiRequest r)
    {
        await using var db = r.Factory.Create();
        var progress = await RoadmapProgress.ComputeAsync(db, r.Time.GetUtcNow(), r.Seat, r.Cancellation);
        return TypedResults.Ok(progress.Select(p => new MilestoneView(
            p.Milestone.Code, p.Milestone.Phase, p.Milestone.Title, p.Milestone.TitleRu, Kebab(p.Milestone.Kind.ToString()), p.Milestone.PlannedOn, p.Milestone.Window,
            p.Milestone.Format, p.Milestone.Place, p.Milestone.TimeZone, p.Milestone.Alongside, p.Milestone.Note, Kebab(p.Status.ToString()), p.Detail, p.Keys)).ToList());
    }

    private static async Task<Ok<List<DocumentView>>> Documents([AsParameters] ApiRequest r)
    {
        await using var db = r.Factory.Create();
        var documents = await db.Set<NegotiationDocument>().AsNoTracking().ToListAsync(r.Cancellation);
        return TypedResults.Ok(documents.OrderBy(d => d.CirculatedAt).ThenBy(d => d.Id).Select(d => new DocumentView(
            Kebab(d.Kind.ToString()), d.Title, d.Reference, d.Version, d.AreaCode, d.Summary, d.Priorities?.Split(',') ?? [], d.CirculatedBy, d.CirculatedAt)).ToList());
    }

    private static Task<IResult> Circulate(CirculateDocumentRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, "circulate-document", new JsonObject
        {
            ["kind"] = request.Kind,
            ["title"] = request.Title,
            ["document"] = request.Document,
            ["version"] = request.Version,
            ["area"] = request.Area,
            ["summary"] = request.Summary,
            ["priorities"] = WorkflowCommands.Codes(request.Priorities),
        });

    private static async Task<IResult> StartConsultation(StartConsultationRequest request, [AsParameters] ApiRequest r)
    {
        var party = request.Party?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(party))
        {
            return WorkflowCommands.Invalid(new() { ["party"] = ["Name the party to consult."] });
        }

        var key = await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.ReadinessConsultation, $"RC-{party}", r.Cancellation);
        var result = await FireAsync(r, "start-consultation", new JsonObject { ["party"] = party, ["key"] = key });
        return result is Ok<NegotiationView> ? TypedResults.Created($"/api/consultations/{key}", await ConsultationsApi.ViewAsync(r, key)) : result;
    }

    private static async Task<IResult> ProposeTransition(ProposeTransitionRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.Deadline, r.Seat, "deadline", errors);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        if (WorkflowCommands.InvalidKey(request.Key) is { } badKey)
        {
            return badKey;
        }

        var key = request.Key ?? await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.StageTransition, $"TR-{WorkflowCommands.SeatYear(r.Time, r.Seat)}", r.Cancellation);
        var result = await FireAsync(r, "propose-transition", new JsonObject { ["key"] = key, ["justification"] = request.Justification, ["deadline"] = deadline, ["proposedBy"] = r.Actor.Id, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason });
        return result is Ok<NegotiationView> ? TypedResults.Created($"/api/transitions/{key}", await TransitionsApi.ViewAsync(r, key)) : result;
    }

    private static async Task<IResult> ConveneZeroRound(ConveneMeetingRequest request, [AsParameters] ApiRequest r)
    {
        var (parameters, problem) = MeetingsApi.Parameters(request with { Kind = "zero-round", Audience = "delegations", Milestone = "zero-round" }, r.Seat);
        if ((problem ?? WorkflowCommands.InvalidKey(request.Key)) is { } refused)
        {
            return refused;
        }

        var key = request.Key ?? await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.Meeting, $"ZR-{WorkflowCommands.SeatYear(r.Time, r.Seat)}", r.Cancellation);
        parameters!["key"] = key;
        var result = await FireAsync(r, "convene-zero-round", parameters);
        return result is Ok<NegotiationView> ? TypedResults.Created($"/api/meetings/{key}", await MeetingsApi.ViewAsync(r, key)) : result;
    }

    private static async Task<IResult> ProposeWorkingGroup(ProposeWorkingGroupRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var area = request.Area?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(area))
        {
            errors["area"] = ["Name the negotiating area."];
        }

        if (string.IsNullOrWhiteSpace(request.TermsTitle))
        {
            errors["termsTitle"] = ["The terms of reference need a title."];
        }

        if (string.IsNullOrWhiteSpace(request.TermsText) && string.IsNullOrWhiteSpace(request.TermsDocument))
        {
            errors["termsText"] = ["Give the terms of reference (text or document)."];
        }

        if (request.TermsMode is not (null or "silence" or "consent"))
        {
            errors["termsMode"] = ["The written procedure's mode is silence or consent."];
        }

        FieldError.Limit(errors, "termsTitle", request.TermsTitle, FieldError.Short);
        FieldError.Limit(errors, "termsText", request.TermsText, FieldError.Long);
        FieldError.Limit(errors, "termsDocument", request.TermsDocument, FieldError.Short);
        var deadline = WorkflowCommands.Instant(request.TermsDeadline, r.Seat, "termsDeadline", errors);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var result = await FireAsync(r, "propose-working-group", new JsonObject
        {
            ["key"] = $"WG-{area}",
            ["area"] = area,
            ["members"] = WorkflowCommands.Codes(request.Members),
            ["observers"] = WorkflowCommands.Codes(request.Observers),
            ["termsTitle"] = request.TermsTitle,
            ["termsText"] = request.TermsText,
            ["termsDocument"] = request.TermsDocument,
            ["termsDeadline"] = deadline,
            ["termsMode"] = request.TermsMode,
            ["observersComment"] = request.ObserversMayComment == true ? "yes" : null,
        });
        return result is Ok<NegotiationView> ? TypedResults.Created($"/api/working-groups/{area}", await WorkingGroupsApi.ViewAsync(r, area!)) : result;
    }

    private static async Task<IResult> MinisterialReport([AsParameters] ApiRequest r)
    {
        var report = await MinisterialReportAsync(r);
        return report is null ? WorkflowCommands.NotFound("report to the Ministerial Conference", "(the negotiation is not in ministerial review)") : TypedResults.Ok(await MinisterialViewAsync(r, report));
    }

    private static Task<IResult> SubmitMinisterialReport(SubmitMinisterialReportRequest request, [AsParameters] ApiRequest r) =>
        FireMinisterialAsync(r, "submit-report", new JsonObject { ["summary"] = request.Summary, ["outstandingIssues"] = request.OutstandingIssues, ["recommendation"] = request.Recommendation, ["conference"] = request.Conference });

    private static Task<IResult> RecordMinisterialDecision(MinisterialDecisionRequest request, [AsParameters] ApiRequest r) =>
        FireMinisterialAsync(r, "record-decision", new JsonObject { ["mandateConfirmed"] = request.MandateConfirmed, ["guidance"] = request.Guidance });

    private static Task<IResult> ReportAgain([AsParameters] ApiRequest r) => FireAsync(r, "report-again", []);

    private static Task<IResult> ReportToConference(ReportToConferenceRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, "report-to-conference", new JsonObject { ["conference"] = request.Conference });

    private static Task<IResult> LoadRoadmap(LoadRoadmapRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, "load-roadmap", new JsonObject { ["file"] = request.File, ["roadmap"] = request.Roadmap });

    private static Task<IResult> Conclude(ConcludeNegotiationRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, "conclude", new JsonObject { ["statement"] = request.Statement });

    private static async Task<IResult> FireMinisterialAsync(ApiRequest r, string trigger, JsonObject payload)
    {
        var report = await MinisterialReportAsync(r);
        if (report is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: "The negotiation is not in ministerial review: the Chief Negotiators approve that transition first.");
        }

        return await r.FireAndShowAsync(report, trigger, payload, async () => (MinisterialReportView?)await MinisterialViewAsync(r, (await r.Engine.GetInstanceAsync(report.Id, r.Cancellation))!));
    }

    private static async Task<InstanceView?> MinisterialReportAsync(ApiRequest r)
    {
        var negotiation = await FindAsync(r);
        return negotiation is null ? null : (await r.Engine.GetChildrenAsync(negotiation.Id, r.Cancellation)).LastOrDefault(c => c.DefinitionId == NegotiationWorkflows.MinisterialReport);
    }

    private static async Task<MinisterialReportView> MinisterialViewAsync(ApiRequest r, InstanceView report)
    {
        await using var db = r.Factory.Create();
        var row = await db.Set<ProgressReport>().AsNoTracking().Where(x => x.SourceInstanceId == report.Id && x.Kind == ProgressReportKind.Ministerial).OrderByDescending(x => x.Id).FirstOrDefaultAsync(r.Cancellation);
        return new MinisterialReportView(report.CorrelationKey, report.State, report.Text("conference") ?? string.Empty, row?.Id, row?.MandateConfirmed, row?.Guidance, report.Version, await r.YouMayAsync(report.Id));
    }

    private static async Task<IResult> FireAsync(ApiRequest r, string trigger, JsonObject payload)
    {
        var instance = await FindAsync(r);
        if (instance is null)
        {
            return NotStarted();
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r));
    }

    private static async Task<NegotiationView?> ViewAsync(ApiRequest r)
    {
        var i = await FindAsync(r);
        if (i is null)
        {
            return null;
        }

        var (phases, names) = await PhasesAsync(r, i.Id);
        var phase = phases.Count > 0 ? phases[^1].To : i.State;
        var children = await r.Engine.GetChildrenAsync(i.Id, r.Cancellation);
        return new NegotiationView(
            i.CorrelationKey, i.Id, i.Text("title") ?? i.CorrelationKey, phase, names.Name(phase), i.State, i.Closed(),
            i.Text("agreedWorkingGroups")?.Split(',') ?? [],
            phases,
            [.. children.Where(c => Sees(r, c)).Select(c => new ChildView(c.DefinitionId, c.CorrelationKey, c.State, c.Closed()))],
            i.Version,
            await r.YouMayAsync(i.Id));
    }

    /// <summary>
    /// A readiness consultation is the Secretariat's and the consulted party's only (as <c>/api/consultations/{key}</c>):
    /// the negotiation's children and history show it to them and to nobody else.
    /// </summary>
    private static bool Sees(ApiRequest r, InstanceView child) =>
        child.DefinitionId != NegotiationWorkflows.ReadinessConsultation || r.IsSecretariat || (r.Actor.Party is { } party && child.Text("party") == party);

    private static bool Sees(ApiRequest r, HistoryEntry e) =>
        !e.Trigger.Contains("consultation", StringComparison.Ordinal) || r.IsSecretariat
        || (r.Actor.Party is { } party && e.Payload["party"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var of) && of == party);

    /// <summary>The negotiation's phase changes, each with its phase's name (a loaded roadmap's phase by the name its file gives).</summary>
    private static async Task<(List<PhaseChangeView> Changes, PhaseNames Names)> PhasesAsync(ApiRequest r, Guid id)
    {
        await using var db = r.Factory.Create();
        var changes = await db.Set<PhaseChange>().AsNoTracking().Where(c => c.NegotiationInstanceId == id).ToListAsync(r.Cancellation);
        var names = await PhaseNames.ReadAsync(db, r.Cancellation);
        return ([.. changes.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new PhaseChangeView(c.FromPhase, c.ToPhase, names.Name(c.ToPhase), c.TransitionKey, c.At))], names);
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
