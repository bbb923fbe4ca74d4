using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Meetings;

/// <summary>A meeting, read from the step's variables.</summary>
internal sealed record Meeting(
    string Key, string Title, string Kind, string Format, string? Place, string TimeZone, DateTimeOffset Start, TimeSpan Duration,
    string Audience, string? Area, string? Alongside, string? Agenda, string? Milestone, string SeatTimeZone)
{
    public const string WorkflowId = NegotiationWorkflows.Meeting;
    public const string ZeroRound = "zero-round";

    public static Meeting From(IStepContext context)
    {
        var duration = StepInput.Variable(context, "duration") ?? "PT3H";
        return new Meeting(
            context.Instance.CorrelationKey,
            StepInput.Variable(context, "title") ?? context.Instance.CorrelationKey,
            StepInput.Variable(context, "kind") ?? "other",
            StepInput.Variable(context, "format") ?? "online",
            StepInput.Variable(context, "place"),
            StepInput.Variable(context, "timeZone") ?? NegotiationOptions.DefaultSeatTimeZone,
            StepInput.InstantVariable(context, "start") ?? throw new InvalidOperationException("A meeting has a start."),
            IsoDuration.TryParse(duration, out var d, out _) ? d : TimeSpan.FromHours(3),
            StepInput.Variable(context, "audience") ?? "delegations",
            StepInput.Variable(context, "area"),
            StepInput.Variable(context, "alongside"),
            StepInput.Variable(context, "agenda"),
            StepInput.Variable(context, "milestone"),
            StepInput.SeatTimeZone(context));
    }

    public string Location => string.Join(", ", new[] { Place, Alongside is null ? null : $"alongside the {Alongside}" }.Where(s => s is not null)) is { Length: > 0 } l ? l : Format;

    public async Task<JsonObject> ModelAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var sessions = context.Db.Set<MeetingSession>().Local.Where(s => s.MeetingInstanceId == id).ToList();
        if (sessions.Count == 0)
        {
            sessions = await context.Db.Set<MeetingSession>().AsNoTracking().Where(s => s.MeetingInstanceId == id).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        }

        var sessionModels = new JsonArray();
        foreach (var s in sessions.OrderBy(s => s.Order))
        {
            sessionModels.Add(new JsonObject { ["kind"] = s.Kind, ["title"] = s.Title, ["area"] = await NegotiationMessages.AreaAsync(context, s.AreaCode).ConfigureAwait(false) });
        }

        return new JsonObject
        {
            ["key"] = Key,
            ["title"] = Title,
            ["kind"] = Kind,
            ["format"] = Format,
            ["place"] = Place,
            ["timeZone"] = TimeZone,
            ["start"] = StepInput.Iso(Start),
            ["end"] = StepInput.Iso(Start + Duration),
            ["durationMinutes"] = (int)Duration.TotalMinutes,
            ["alongside"] = Alongside,
            ["agenda"] = Agenda,
            ["audience"] = Audience,
            ["area"] = await NegotiationMessages.AreaAsync(context, Area).ConfigureAwait(false),
            ["sessions"] = sessionModels,
            ["nonBinding"] = Kind == ZeroRound,
        };
    }

    /// <summary>The variable counting the changes of the meeting's calendar entry (its SEQUENCE).</summary>
    public const string SequenceVariable = "calendarSequence";

    /// <summary>
    /// The meeting as an iTIP invitation (<c>METHOD:REQUEST</c>, or <c>CANCEL</c>): the same UID for the meeting's whole
    /// life, the SEQUENCE counted in the instance (0 for the invitation, one more for each reschedule and the
    /// cancellation), the time in the meeting's zone, every invitee an attendee asked to reply.
    /// </summary>
    public async Task<JsonObject> CalendarAsync(IStepContext context, string method = "REQUEST")
    {
        var entry = NegotiationMessages.Calendar(
            $"{Key}@cartifflow",
            Title,
            Agenda is null ? $"CARTIF negotiation: {Title} ({Format})." : $"CARTIF negotiation: {Title} ({Format}). Agenda: {Agenda}",
            Start,
            (int)Duration.TotalMinutes,
            Location,
            "invitation.ics");
        entry["method"] = method;
        entry["timeZone"] = TimeZone;
        entry["sequence"] = StepInput.IntegerVariable(context, SequenceVariable, 0);
        var invitees = await MeetingsFeature.InviteesOfStepAsync(context).ConfigureAwait(false);
        entry["attendees"] = new JsonArray([.. invitees.OrderBy(p => p.PartyCode, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (JsonNode)new JsonObject { ["email"] = p.Email, ["name"] = p.Name })]);
        return entry;
    }

    /// <summary>The entry changes (a reschedule, the cancellation): its SEQUENCE goes up by one.</summary>
    public static void CountChange(IStepContext context) =>
        context.Variables[SequenceVariable] = StepInput.IntegerVariable(context, SequenceVariable, 0) + 1;

    public static async Task<JsonObject> WithAsync(IStepContext context, Meeting meeting)
    {
        var model = new JsonObject { ["meeting"] = await meeting.ModelAsync(context).ConfigureAwait(false), ["seatTimeZone"] = meeting.SeatTimeZone };
        return model;
    }
}

/// <summary>
/// <c>invite-delegations</c>: on scheduling, checks the meeting, lays out the Zero Round's sessions (a plenary on the
/// Framework Agreement, a technical session per initial protocol) and invites the audience with a calendar entry.
/// A meeting entered after its date (e.g. the inaugural meeting, recorded later) sends no invitations.
/// </summary>
internal sealed class InviteDelegations(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "invite-delegations";

    public IReadOnlyCollection<string> Templates { get; } = ["meeting-invitation"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(meeting.TimeZone, out _))
        {
            throw new StepRejectedException($"'{meeting.TimeZone}' is not a time zone (use an IANA name such as Asia/Ulaanbaatar).", "timeZone") { Code = "time-zone-unknown", Arguments = [meeting.TimeZone] };
        }

        if (meeting.Duration <= TimeSpan.Zero || meeting.Duration > TimeSpan.FromDays(7))
        {
            throw new StepRejectedException("A meeting lasts more than nothing and at most a week (P7D).", "duration") { Code = "duration-out-of-range" };
        }

        if (meeting.Format != "online" && meeting.Place is null)
        {
            throw new StepRejectedException($"An {meeting.Format} meeting needs its place.", "place") { Code = "place-required" };
        }

        if (meeting.Area is { } area && !await context.Db.Set<NegotiatingArea>().AnyAsync(a => a.Code == area, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException($"There is no negotiating area '{area}'.", "area") { Code = "area-unknown", Arguments = [area] };
        }

        if (meeting.Audience == "working-group" && (meeting.Area is null || await WorkingGroupDirectory.ForAreaAsync(context.Db, meeting.Area, context.CancellationToken).ConfigureAwait(false) is null))
        {
            throw new StepRejectedException("A working-group meeting needs the area of an existing working group.", "area") { Code = "working-group-area-required" };
        }

        if (meeting.Kind == Meeting.ZeroRound)
        {
            await LayOutZeroRoundAsync(context).ConfigureAwait(false);
        }

        if (meeting.Start <= context.Now)
        {
            context.Variables["recordedAfterTheFact"] = true;
            return;
        }

        // The notice is reviewed with the invited parties' calendars. A meeting convened by another workflow (the Zero
        // Round, by the negotiation) takes no urgency from it, so its notice is reviewed without the minimum.
        var convenedAlone = context.Instance.ParentId is null;
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Meeting, await InvitedPartiesAsync(context).ConfigureAwait(false), meeting.Start,
            convenedAlone ? Calendars.DeadlineUrgency.From(context.Variables) : await Calendars.DeadlineReviews.HandedOverAsync(context).ConfigureAwait(false), applyMinimum: convenedAlone).ConfigureAwait(false);
        context.Variables[Meeting.SequenceVariable] = 0;
        var model = await Meeting.WithAsync(context, meeting).ConfigureAwait(false);
        model["calendar"] = await meeting.CalendarAsync(context).ConfigureAwait(false);
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        await effects.NotifyAsync("meeting-invitation", [R.Invitees], [], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }

    /// <summary>The parties whose people the meeting invites: a working group's members for its sessions, else the taking-part parties.</summary>
    internal static async Task<IReadOnlyCollection<string>> InvitedPartiesAsync(IStepContext context)
    {
        var scope = await RecipientScope.ForStepAsync(context).ConfigureAwait(false);
        return StepInput.Variable(context, "audience") == "working-group"
            ? WorkingGroupsFeature.Members(scope, await WorkingGroupDirectory.FindForStepAsync(context).ConfigureAwait(false))
            : scope.Negotiating;
    }

    private static async Task LayOutZeroRoundAsync(IStepContext context)
    {
        var areas = await context.Db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var order = 0;
        foreach (var framework in areas.Where(a => a.Kind == AreaKind.FrameworkAgreement).OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            context.Db.Set<MeetingSession>().Add(new MeetingSession { MeetingInstanceId = context.Instance.Id, Order = ++order, Kind = "plenary", AreaCode = framework.Code, Title = $"Plenary session: {framework.Name}" });
        }

        foreach (var protocol in areas.Where(a => a.Kind == AreaKind.InitialProtocol).OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            context.Db.Set<MeetingSession>().Add(new MeetingSession { MeetingInstanceId = context.Instance.Id, Order = ++order, Kind = "technical", AreaCode = protocol.Code, Title = $"Technical session: {protocol.Name}" });
        }
    }
}

/// <summary><c>remind-delegations</c>: a reminder before the meeting, with the calendar entry again.</summary>
internal sealed class RemindDelegations : IWorkflowActivity
{
    public string Name => "remind-delegations";

    public IReadOnlyCollection<string> Templates { get; } = ["meeting-reminder"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        var model = await Meeting.WithAsync(context, meeting).ConfigureAwait(false);
        model["calendar"] = await meeting.CalendarAsync(context).ConfigureAwait(false);
        model["offset"] = context.Payload["offset"]?.DeepClone();
        await effects.NotifyAsync("meeting-reminder", [R.Invitees], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>reschedule-meeting</c>: a new date (and place), with a reason; an updated invitation with the same calendar entry.</summary>
internal sealed class RescheduleMeeting(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "reschedule-meeting";

    public IReadOnlyCollection<string> Templates { get; } = ["meeting-invitation"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var before = Meeting.From(context);
        var reason = Reasons.Required(context.Payload, "A rescheduling needs a reason.");
        var start = StepInput.FutureInstant(context.Payload, "start", context.Now, "Give the new start.", code: "new-start-required");
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Meeting, await InviteDelegations.InvitedPartiesAsync(context).ConfigureAwait(false), start, Calendars.DeadlineUrgency.From(context.Payload)).ConfigureAwait(false);
        context.Variables["start"] = StepInput.Iso(start);
        if (StepInput.Text(context.Payload, "place", 200) is { } place)
        {
            context.Variables["place"] = place;
        }

        if (StepInput.Text(context.Payload, "duration", 20) is { } duration)
        {
            context.Variables["duration"] = IsoDuration.TryParse(duration, out var d, out _) && d > TimeSpan.Zero && d <= TimeSpan.FromDays(7)
                ? duration
                : throw new StepRejectedException("The duration is an ISO-8601 duration of at most P7D (for example PT3H).", "duration") { Code = "duration-out-of-range" };
        }

        await effects.ReplanTimersAsync("reminder").ConfigureAwait(false);
        await effects.ReplanTimersAsync("start").ConfigureAwait(false);
        Meeting.CountChange(context);
        var meeting = Meeting.From(context);
        var model = await Meeting.WithAsync(context, meeting).ConfigureAwait(false);
        model["calendar"] = await meeting.CalendarAsync(context).ConfigureAwait(false);
        model["rescheduled"] = true;
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        model["previousStart"] = StepInput.Iso(before.Start);
        model["reason"] = reason;
        await effects.NotifyAsync("meeting-invitation", [R.Invitees], [], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>record-meeting-outcome</c>: the Secretariat records the outcome. For the Zero Round (non-binding) it is
/// recorded per negotiating area (convergence, divergence, flexibility) with the working groups, modalities,
/// timeline and documentation practice agreed.
/// </summary>
internal sealed class RecordMeetingOutcome : IWorkflowActivity
{
    public string Name => "record-meeting-outcome";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        var payload = context.Payload;
        var outcome = new MeetingOutcome
        {
            MeetingInstanceId = context.Instance.Id,
            Summary = StepInput.RequiredText(payload, "summary", "The outcome needs a summary of the discussion.", code: "discussion-summary-required", 50_000),
            Decisions = StepInput.Text(payload, "decisions"),
            RecordedBy = context.Actor.Id,
            RecordedAt = context.Now,
        };
        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var attendance = StepInput.Codes(payload["attendance"], "attendance");
        if (attendance.FirstOrDefault(c => parties.All(p => p.Code != c)) is { } unknownParty)
        {
            throw new StepRejectedException($"There is no party '{unknownParty}'.", "attendance") { Code = "party-unknown", Arguments = [unknownParty] };
        }

        outcome.Attendance = attendance.Count == 0 ? null : string.Join(',', attendance);
        if (meeting.Kind == Meeting.ZeroRound)
        {
            await RecordZeroRoundAsync(context, outcome).ConfigureAwait(false);
        }

        context.Db.Set<MeetingOutcome>().Add(outcome);
        context.Variables["outcomeRecordedAt"] = StepInput.Iso(context.Now);
    }

    private static async Task RecordZeroRoundAsync(IStepContext context, MeetingOutcome outcome)
    {
        var payload = context.Payload;
        var areas = await context.Db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var sessions = await context.Db.Set<MeetingSession>().AsNoTracking().Where(s => s.MeetingInstanceId == context.Instance.Id).Select(s => s.AreaCode).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        if (payload["areas"] is not JsonArray assessments)
        {
            throw new StepRejectedException("The Zero Round's outcome is recorded per negotiating area: give 'areas' as a list of { area, convergence, divergence, flexibility }.", "areas") { Code = "area-assessments-required" };
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, index) in assessments.Select((a, i) => (a as JsonObject, i)))
        {
            var field = $"areas[{index}]";
            if (item is null)
            {
                throw new StepRejectedException("Each area is an object { area, convergence, divergence, flexibility }.", field) { Code = "area-assessment-not-object" };
            }

            var code = StepInput.RequiredText(item, "area", "Name the area.", code: "area-required", 10).ToUpperInvariant();
            if (areas.All(a => a.Code != code) || !seen.Add(code))
            {
                throw new StepRejectedException($"'{code}' is not a negotiating area, or is given twice.", $"{field}.area") { Code = "area-unknown-or-repeated", Arguments = [code] };
            }

            context.Db.Set<AreaAssessment>().Add(new AreaAssessment
            {
                MeetingInstanceId = context.Instance.Id,
                AreaCode = code,
                Convergence = StepInput.RequiredText(item, "convergence", "State the preliminary areas of convergence (or 'none identified').", code: "convergence-required"),
                Divergence = StepInput.RequiredText(item, "divergence", "State the preliminary areas of divergence (or 'none identified').", code: "divergence-required"),
                Flexibility = StepInput.RequiredText(item, "flexibility", "State the options for flexibility (or 'none identified').", code: "flexibility-required"),
            });
        }

        if (sessions.FirstOrDefault(s => !seen.Contains(s)) is { } missing)
        {
            throw new StepRejectedException($"The session on {missing} has no recorded outcome: record convergence, divergence and flexibility for every session's area.", "areas") { Code = "session-outcome-missing", Arguments = [missing] };
        }

        var agreed = StepInput.Codes(payload["workingGroups"], "workingGroups");
        if (agreed.Count == 0)
        {
            throw new StepRejectedException("Record the working groups agreed (area codes).", "workingGroups") { Code = "working-groups-required" };
        }

        if (agreed.FirstOrDefault(c => areas.All(a => a.Code != c)) is { } unknown)
        {
            throw new StepRejectedException($"There is no negotiating area '{unknown}'.", "workingGroups") { Code = "area-unknown", Arguments = [unknown] };
        }

        outcome.AgreedWorkingGroups = string.Join(',', agreed);
        outcome.Modalities = StepInput.RequiredText(payload, "modalities", "Record the negotiation modalities agreed.", code: "modalities-required");
        outcome.Timeline = StepInput.RequiredText(payload, "timeline", "Record the timeline and work plan agreed.", code: "timeline-required");
        outcome.DocumentationPractice = StepInput.RequiredText(payload, "documentationPractice", "Record the documentation practice agreed.", code: "documentation-practice-required");
        context.Variables["agreedWorkingGroups"] = outcome.AgreedWorkingGroups;
    }
}

/// <summary><c>circulate-meeting-outcome</c>: on conclusion, the outcome goes to the invitees, observers and Secretariat.</summary>
internal sealed class CirculateMeetingOutcome : IWorkflowActivity
{
    public string Name => "circulate-meeting-outcome";

    public IReadOnlyCollection<string> Templates { get; } = ["meeting-outcome"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        var id = context.Instance.Id;
        var outcome = context.Db.Set<MeetingOutcome>().Local.First(o => o.MeetingInstanceId == id);
        var assessments = context.Db.Set<AreaAssessment>().Local.Where(a => a.MeetingInstanceId == id).OrderBy(a => a.AreaCode, StringComparer.Ordinal).ToList();
        var model = await Meeting.WithAsync(context, meeting).ConfigureAwait(false);
        var areas = new JsonArray();
        foreach (var a in assessments)
        {
            areas.Add(new JsonObject
            {
                ["area"] = await NegotiationMessages.AreaAsync(context, a.AreaCode).ConfigureAwait(false),
                ["convergence"] = a.Convergence,
                ["divergence"] = a.Divergence,
                ["flexibility"] = a.Flexibility,
            });
        }

        var agreed = outcome.AgreedWorkingGroups?.Split(',') ?? [];
        var workingGroups = new JsonArray();
        foreach (var code in agreed)
        {
            workingGroups.Add(await NegotiationMessages.AreaAsync(context, code).ConfigureAwait(false));
        }

        model["outcome"] = new JsonObject
        {
            ["summary"] = outcome.Summary,
            ["decisions"] = outcome.Decisions,
            ["attendance"] = await NegotiationMessages.PartiesAsync(context, outcome.Attendance?.Split(',') ?? []).ConfigureAwait(false),
            ["areas"] = areas,
            ["workingGroups"] = workingGroups,
            ["modalities"] = outcome.Modalities,
            ["timeline"] = outcome.Timeline,
            ["documentationPractice"] = outcome.DocumentationPractice,
        };
        await effects.NotifyAsync("meeting-outcome", [R.Invitees], [], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-meeting-cancellation</c>: the Secretariat cancels, with a reason.</summary>
internal sealed class RecordMeetingCancellation : IWorkflowActivity
{
    public string Name => "record-meeting-cancellation";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["cancellationReason"] = Reasons.Required(context.Payload, "A cancellation needs a reason.");
        return Task.CompletedTask;
    }
}

/// <summary><c>announce-meeting-cancellation</c>: on entering Cancelled, the invitees are told.</summary>
internal sealed class AnnounceMeetingCancellation : IWorkflowActivity
{
    public string Name => "announce-meeting-cancellation";

    public IReadOnlyCollection<string> Templates { get; } = ["meeting-cancelled"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        Meeting.CountChange(context);
        var model = await Meeting.WithAsync(context, meeting).ConfigureAwait(false);
        model["reason"] = context.Variables["cancellationReason"]?.DeepClone();
        if (context.Variables["recordedAfterTheFact"] is null)
        {
            // Calendars that took the invitation remove the entry (same UID, higher SEQUENCE).
            model["calendar"] = await meeting.CalendarAsync(context, "CANCEL").ConfigureAwait(false);
        }
        await effects.NotifyAsync("meeting-cancelled", [R.Invitees], [], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>record-attendance</c>: an invitee answers for their party's delegation (a one-click link from the invitation, or
/// the API): attending, not attending, or sending someone else (named); for a meeting in person or hybrid, the
/// delegation's members may be listed. Each answer is kept; the latest of a party counts.
/// </summary>
internal sealed class RecordAttendance : IWorkflowActivity
{
    public string Name => "record-attendance";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var meeting = Meeting.From(context);
        var party = context.Payload["party"]?.GetValue<string>() ?? throw new StepRejectedException("Answer for your party.", "party") { Code = "party-required" };
        var invitees = await MeetingsFeature.InviteesOfStepAsync(context).ConfigureAwait(false);
        if (invitees.All(p => p.PartyCode != party))
        {
            throw new StepRejectedException($"{party} is not invited to this meeting.", "party") { Code = "party-not-invited", Arguments = [party] };
        }

        var answer = StepInput.RequiredText(context.Payload, "answer", "Say whether your delegation attends: attending, not-attending or substitute.", code: "answer-required", 20);
        if (answer is not (MeetingAttendance.Attending or MeetingAttendance.NotAttending or MeetingAttendance.Substitute))
        {
            throw new StepRejectedException($"'{answer}' is not an answer: attending, not-attending or substitute.", "answer") { Code = "answer-unknown", Arguments = [answer] };
        }

        var substitute = answer == MeetingAttendance.Substitute
            ? StepInput.RequiredText(context.Payload, "substitute", "Name who goes in your place.", code: "substitute-required", 200)
            : null;
        var members = answer == MeetingAttendance.NotAttending || meeting.Format == "online" ? null : StepInput.Text(context.Payload, "members", 4000);
        context.Db.Set<MeetingAttendance>().Add(new MeetingAttendance
        {
            MeetingInstanceId = context.Instance.Id,
            PartyCode = party,
            PersonId = context.Actor.Id,
            Answer = answer,
            SubstituteName = substitute,
            Members = members,
            At = context.Now,
        });
    }
}
