using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Meetings;

/// <summary>Convene a meeting.</summary>
/// <param name="Title">What the meeting is.</param>
/// <param name="Kind">inaugural, chief-negotiators, zero-round, working-group-session, ministerial-conference or other.</param>
/// <param name="Format">in-person, online or hybrid.</param>
/// <param name="Place">City and venue, or the videoconference.</param>
/// <param name="TimeZone">The place's time zone (IANA); <paramref name="Start"/> is local time there unless it has an offset.</param>
/// <param name="Start">When it starts: <c>2026-06-03T09:30</c> (local) or an instant with an offset.</param>
/// <param name="Duration">ISO-8601 duration (default PT3H).</param>
/// <param name="Audience">delegations (default), chief-negotiators or working-group.</param>
/// <param name="Area">A working group's area, for its sessions.</param>
/// <param name="Alongside">Held alongside (e.g. the Regional Trade Group meeting).</param>
/// <param name="Agenda">The agenda.</param>
/// <param name="Milestone">The roadmap milestone it carries out (e.g. inaugural-meeting).</param>
/// <param name="Reminders">ISO-8601 durations before the start (default P7D, P1D).</param>
/// <param name="Key">The meeting's key; generated (MTG-2026-01) when absent.</param>
/// <param name="Urgent">True to allow less notice than the minimum of working days at an invited party; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why the meeting cannot give the usual notice; the invitation states it.</param>
public sealed record ConveneMeetingRequest(
    string? Title, string? Kind, string? Format, string? Place, string? TimeZone, string? Start, string? Duration, string? Audience,
    string? Area, string? Alongside, string? Agenda, string? Milestone, IReadOnlyList<string>? Reminders, string? Key, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A new date for a meeting.</summary>
/// <param name="Start">The new start.</param>
/// <param name="Duration">Its new length.</param>
/// <param name="Place">Its new place.</param>
/// <param name="Reason">Why.</param>
/// <param name="Urgent">True to allow less notice than the minimum of working days at an invited party; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why the meeting cannot give the usual notice; the updated invitation states it.</param>
public sealed record RescheduleMeetingRequest(string? Start, string? Duration, string? Place, string? Reason, bool? Urgent = null, string? UrgentReason = null);

/// <summary>Cancel a meeting.</summary>
public sealed record CancelMeetingRequest(string? Reason);

/// <summary>Zero Round: where the parties stand on one negotiating area.</summary>
public sealed record AreaOutcome(string? Area, string? Convergence, string? Divergence, string? Flexibility);

/// <summary>A meeting's outcome; the Zero Round's adds the outcome per area and what was agreed.</summary>
public sealed record RecordOutcomeRequest(
    string? Summary, string? Decisions, IReadOnlyList<string>? Attendance, IReadOnlyList<AreaOutcome>? Areas,
    IReadOnlyList<string>? WorkingGroups, string? Modalities, string? Timeline, string? DocumentationPractice);

/// <summary>A delegation's answer to a meeting's invitation.</summary>
/// <param name="Answer">attending, not-attending or substitute.</param>
/// <param name="Substitute">Who goes in the invitee's place (with substitute).</param>
/// <param name="Members">For a meeting in person or hybrid: the delegation's members, one a line.</param>
public sealed record AttendanceRequest(string? Answer, string? Substitute, string? Members);

/// <summary>Who attends from one invited party: its latest answer (none yet: <c>Answer</c> null).</summary>
public sealed record DelegationAttendance(string Party, string PartyName, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt, string? Substitute, IReadOnlyList<string> Members);

/// <summary>A meeting's attendance: each invited party's latest answer.</summary>
public sealed record AttendanceView(string Key, string Title, string Format, IReadOnlyList<DelegationAttendance> Delegations);

/// <summary>A meeting in a list.</summary>
public sealed record MeetingSummary(string Key, string Title, string Kind, string Format, string? Place, string TimeZone, DateTimeOffset Start, string LocalStart, string State, string? Milestone);

/// <summary>A session of a meeting.</summary>
public sealed record SessionView(string Kind, string Area, string Title);

/// <summary>A meeting's recorded outcome.</summary>
public sealed record OutcomeView(string Summary, string? Decisions, IReadOnlyList<string> Attendance, IReadOnlyList<AreaOutcome> Areas, IReadOnlyList<string> WorkingGroups, string? Modalities, string? Timeline, string? DocumentationPractice, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A meeting in full.</summary>
public sealed record MeetingView(
    string Key, Guid InstanceId, string Title, string Kind, string Format, string? Place, string TimeZone, DateTimeOffset Start, string LocalStart,
    string Duration, string Audience, string? Area, string? Alongside, string? Agenda, string? Milestone, string State, bool Closed,
    IReadOnlyList<SessionView> Sessions, OutcomeView? Outcome, int Version, IReadOnlyList<string> YouMay, DeadlineCalendarView? Calendar = null) : IVersionedView;

/// <summary>
/// Meetings over HTTP: convene (Secretariat), read, reschedule, cancel, record the outcome. The Zero Round is convened
/// through the negotiation (<c>POST /api/negotiation/zero-round</c>) so that its outcome moves Phase 2 on.
/// </summary>
internal static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/meetings").WithTags("Meetings").RequireAuthorization();
        group.MapPost("/", Convene).WithSummary("Convene a meeting: invitations with a calendar entry go to the audience (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/", List).WithSummary("Every meeting, by start.");
        group.MapGet("/{key}", Get).WithSummary("One meeting: place, time zone, sessions, outcome. ETag is its version.");
        group.MapPost("/{key}/rescheduling", Reschedule).WithSummary("A new date (and place), with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/cancellation", Cancel).WithSummary("Cancel, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/{key}/attendance", Attendance).WithSummary("Who attends from each invited delegation, and for a meeting in person its members (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/attendance", AnswerAttendance).WithSummary("An invitee answers for their party's delegation: attending, not-attending or substitute (with who); for a meeting in person, its members.");
        group.MapPost("/{key}/outcome", RecordOutcome).WithSummary("Record the outcome once the meeting has begun (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    /// <summary>Checks a convening request and turns it into the meeting workflow's parameters (or 400).</summary>
    public static (JsonObject? Parameters, IResult? Problem) Parameters(ConveneMeetingRequest request, string seat)
    {
        var (parameters, errors) = Check(request, seat);
        return parameters is null ? (null, WorkflowCommands.Invalid(FieldError.Messages(errors))) : (parameters, null);
    }

    /// <summary>
    /// Checks a convening request (the API's and the page's): the workflow's parameters, or the errors by field, each
    /// with its code so that the page can say it in the reader's language.
    /// </summary>
    public static (JsonObject? Parameters, Dictionary<string, FieldError> Errors) Check(ConveneMeetingRequest request, string seat)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? seat : request.TimeZone.Trim();
        var start = WorkflowCommands.Instant(request.Start, zone, "start", errors);
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = new("The meeting needs a title.", "title-required");
        }

        if (request.Format is not ("in-person" or "online" or "hybrid"))
        {
            errors["format"] = new("The format is in-person, online or hybrid.", "format-invalid");
        }

        if (request.Duration is not null && (!IsoDuration.TryParse(request.Duration, out var duration, out _) || duration <= TimeSpan.Zero))
        {
            errors["duration"] = new("The duration is a positive ISO-8601 duration (for example PT3H).", "duration-invalid");
        }

        foreach (var (value, index) in (request.Reminders ?? []).Select((v, i) => (v, i)))
        {
            if (!IsoDuration.TryParse(value, out var offset, out _) || offset <= TimeSpan.Zero)
            {
                errors[$"reminders[{index}]"] = new("A reminder is a positive ISO-8601 duration before the start (for example P7D).", "reminder-invalid");
            }
        }

        FieldError.Limit(errors, "title", request.Title?.Trim(), FieldError.Short);
        FieldError.Limit(errors, "place", request.Place, FieldError.Short);
        FieldError.Limit(errors, "alongside", request.Alongside, FieldError.Short);
        FieldError.Limit(errors, "milestone", request.Milestone, FieldError.Short);
        FieldError.Limit(errors, "timeZone", request.TimeZone, FieldError.Short);
        FieldError.Limit(errors, "agenda", request.Agenda, FieldError.Note);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var parameters = new JsonObject
        {
            ["title"] = request.Title!.Trim(),
            ["kind"] = request.Kind,
            ["format"] = request.Format,
            ["place"] = request.Place,
            ["timeZone"] = zone,
            ["start"] = start,
            ["duration"] = request.Duration,
            ["audience"] = request.Audience,
            ["area"] = request.Area?.ToUpperInvariant(),
            ["alongside"] = request.Alongside,
            ["agenda"] = request.Agenda,
            ["milestone"] = request.Milestone,
            ["seatTimeZone"] = seat,
            ["urgent"] = request.Urgent == true ? true : null,
            ["urgentReason"] = string.IsNullOrWhiteSpace(request.UrgentReason) ? null : request.UrgentReason.Trim(),
        };
        if (request.Reminders is not null)
        {
            parameters["reminders"] = new JsonArray([.. request.Reminders.Select(x => (JsonNode)JsonValue.Create(x))]);
        }

        return (WorkflowCommands.Clean(parameters), errors);
    }

    private static async Task<IResult> Convene(ConveneMeetingRequest request, [AsParameters] ApiRequest r)
    {
        var (parameters, problem) = Parameters(request, r.Seat);
        if ((problem ?? WorkflowCommands.InvalidKey(request.Key)) is { } refused)
        {
            return refused;
        }

        var key = request.Key ?? await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.Meeting, $"MTG-{WorkflowCommands.SeatYear(r.Time, r.Seat)}", r.Cancellation);
        var result = await r.StartAsync(NegotiationWorkflows.Meeting, key, parameters);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        key = result.Instance!.CorrelationKey;
        return TypedResults.Created($"/api/meetings/{key}", await ViewAsync(r, key));
    }

    private static async Task<Ok<List<MeetingSummary>>> List([AsParameters] ApiRequest r)
    {
        var instances = await r.Engine.ListAsync(NegotiationWorkflows.Meeting, r.Cancellation);
        return TypedResults.Ok(instances.Select(i =>
        {
            var zone = i.Text("timeZone") ?? r.Seat;
            var start = i.InstantOf("start")!.Value;
            return new MeetingSummary(i.CorrelationKey, i.Text("title") ?? i.CorrelationKey, i.Text("kind") ?? "other", i.Text("format") ?? "online", i.Text("place"), zone, start, Local(start, zone), i.State, i.Text("milestone"));
        }).OrderBy(m => m.Start).ToList());
    }

    private static async Task<Results<Ok<MeetingView>, ProblemHttpResult>> Get(string key, [AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r, key);
        if (view is null)
        {
            return WorkflowCommands.NotFound("meeting", key);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Reschedule(string key, RescheduleMeetingRequest request, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.Meeting, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("meeting", key);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var start = WorkflowCommands.Instant(request.Start, instance.Text("timeZone") ?? r.Seat, "start", errors);
        return errors.Count > 0
            ? WorkflowCommands.Invalid(errors)
            : await FireAsync(r, instance, "reschedule", new JsonObject { ["start"] = start, ["duration"] = request.Duration, ["place"] = request.Place, ["reason"] = request.Reason, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason });
    }

    private static async Task<IResult> Cancel(string key, CancelMeetingRequest request, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.Meeting, key, r.Cancellation);
        return instance is null ? WorkflowCommands.NotFound("meeting", key) : await FireAsync(r, instance, "cancel", new JsonObject { ["reason"] = request.Reason });
    }

    private static async Task<IResult> RecordOutcome(string key, RecordOutcomeRequest request, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.Meeting, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("meeting", key);
        }

        var payload = new JsonObject
        {
            ["summary"] = request.Summary,
            ["decisions"] = request.Decisions,
            ["attendance"] = WorkflowCommands.Codes(request.Attendance),
            ["workingGroups"] = WorkflowCommands.Codes(request.WorkingGroups),
            ["modalities"] = request.Modalities,
            ["timeline"] = request.Timeline,
            ["documentationPractice"] = request.DocumentationPractice,
        };
        if (request.Areas is not null)
        {
            if (request.Areas.Any(a => a is null))
            {
                return WorkflowCommands.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["areas"] = ["Each entry of 'areas' is an object with 'area' and the assessment; null is not one."] });
            }

            payload["areas"] = new JsonArray([.. request.Areas.Select(a => (JsonNode)WorkflowCommands.Clean(new JsonObject
            {
                ["area"] = a.Area, ["convergence"] = a.Convergence, ["divergence"] = a.Divergence, ["flexibility"] = a.Flexibility,
            }))]);
        }

        return await FireAsync(r, instance, "record-outcome", payload);
    }

    private static async Task<IResult> Attendance(string key, [AsParameters] ApiRequest r)
    {
        var view = await AttendanceAsync(r.Engine, r.Factory, key, r.Cancellation);
        return view is null ? WorkflowCommands.NotFound("meeting", key) : TypedResults.Ok(view);
    }

    private static async Task<IResult> AnswerAttendance(string key, AttendanceRequest request, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.Meeting, key, r.Cancellation);
        return instance is null
            ? WorkflowCommands.NotFound("meeting", key)
            : await FireAsync(r, instance, "answer-attendance", WorkflowCommands.Clean(new JsonObject
            {
                ["party"] = r.Actor.Party, ["answer"] = request.Answer, ["substitute"] = request.Substitute, ["members"] = request.Members,
            }));
    }

    /// <summary>Each party invited (all taking-part parties, or for a working group's session the group's member parties): its latest answer.</summary>
    public static async Task<AttendanceView?> AttendanceAsync(WorkflowEngine engine, Infrastructure.Persistence.ICartifFlowDbContextFactory factory, string key, CancellationToken cancellationToken)
    {
        var i = await engine.FindAsync(NegotiationWorkflows.Meeting, key, cancellationToken);
        if (i is null)
        {
            return null;
        }

        await using var db = factory.Create();
        var answers = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingInstanceId == i.Id).ToListAsync(cancellationToken);
        var latest = answers.GroupBy(a => a.PartyCode).ToDictionary(g => g.Key, g => g.OrderBy(a => a.At).ThenBy(a => a.Id).Last(), StringComparer.Ordinal);
        var parties = await CartifFlow.Negotiation.Participants.ParticipantDirectory.PartiesAsync(db, cancellationToken);
        var start = i.InstantOf("start")!.Value;
        // A working group's session invites the group's member parties only (as its invitations do).
        var group = i.Text("audience") == "working-group" && i.Text("area") is { } area
            ? await CartifFlow.Negotiation.WorkingGroups.WorkingGroupDirectory.ForAreaAsync(db, area, cancellationToken)
            : null;
        bool Invited(string party) => group is null || group.Participants.Any(x => x.PartyCode == party && x.Role == CartifFlow.Negotiation.WorkingGroups.WorkingGroupRole.Member);
        var invited = parties.Where(p => (p.StatusAt(start) == CartifFlow.Negotiation.Participants.PartyStatus.Negotiating && Invited(p.Code)) || latest.ContainsKey(p.Code)).OrderBy(p => p.Code, StringComparer.Ordinal);
        return new AttendanceView(key, i.Text("title") ?? key, i.Text("format") ?? "online", [.. invited.Select(p => latest.TryGetValue(p.Code, out var a)
            ? new DelegationAttendance(p.Code, p.Name, a.Answer, a.PersonId, a.At, a.SubstituteName, a.Members?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            : new DelegationAttendance(p.Code, p.Name, null, null, null, null, []))]);
    }

    private static Task<IResult> FireAsync(ApiRequest r, InstanceView instance, string trigger, JsonObject payload) =>
        r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r, instance.CorrelationKey));

    public static async Task<MeetingView?> ViewAsync(ApiRequest r, string key)
    {
        var i = await r.Engine.FindAsync(NegotiationWorkflows.Meeting, key, r.Cancellation);
        if (i is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var sessions = await db.Set<MeetingSession>().AsNoTracking().Where(s => s.MeetingInstanceId == i.Id).OrderBy(s => s.Order).ToListAsync(r.Cancellation);
        var outcome = await db.Set<MeetingOutcome>().AsNoTracking().FirstOrDefaultAsync(o => o.MeetingInstanceId == i.Id, r.Cancellation);
        var assessments = await db.Set<AreaAssessment>().AsNoTracking().Where(a => a.MeetingInstanceId == i.Id).OrderBy(a => a.AreaCode).ToListAsync(r.Cancellation);
        var zone = i.Text("timeZone") ?? r.Seat;
        var start = i.InstantOf("start")!.Value;
        return new MeetingView(
            key, i.Id, i.Text("title") ?? key, i.Text("kind") ?? "other", i.Text("format") ?? "online", i.Text("place"), zone, start, Local(start, zone),
            i.Text("duration") ?? "PT3H", i.Text("audience") ?? "delegations", i.Text("area"), i.Text("alongside"), i.Text("agenda"), i.Text("milestone"),
            i.State, i.Closed(),
            [.. sessions.Select(s => new SessionView(s.Kind, s.AreaCode, s.Title))],
            outcome is null ? null : new OutcomeView(
                outcome.Summary, outcome.Decisions, outcome.Attendance?.Split(',') ?? [],
                [.. assessments.Select(a => new AreaOutcome(a.AreaCode, a.Convergence, a.Divergence, a.Flexibility))],
                outcome.AgreedWorkingGroups?.Split(',') ?? [], outcome.Modalities, outcome.Timeline, outcome.DocumentationPractice, outcome.RecordedBy, outcome.RecordedAt),
            i.Version,
            await r.YouMayAsync(i.Id),
            DeadlineCalendarViews.From(i.Variables));
    }

    private static string Local(DateTimeOffset instant, string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz)
            ? TimeZoneInfo.ConvertTime(instant, tz).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture)
            : instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
