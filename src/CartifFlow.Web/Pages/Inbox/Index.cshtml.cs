using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Inbox;

/// <summary>Something waiting for the reader's country outside written procedures: what it is, where to act, until when.</summary>
/// <param name="Kind">The workflow (<c>stage-transition</c>, <c>text-round</c>, <c>meeting</c>, <c>readiness-consultation</c>).</param>
/// <param name="Key">Its key.</param>
/// <param name="Title">What it is about.</param>
/// <param name="Link">Where the reader acts on it, or null when it is answered elsewhere (a meeting's invitation, by its links).</param>
/// <param name="Deadline">Until when (a meeting: its start; a consultation: its interview), or null.</param>
/// <param name="Format">A meeting's format (in-person, online, hybrid): its answer names the delegation's members unless online.</param>
public sealed record CountryItem(string Kind, string Key, string Title, string? Link, DateTimeOffset? Deadline, string? Format = null);

/// <summary>A step the reader's country took, in any workflow.</summary>
public sealed record CountryStep(DateTimeOffset At, string Kind, string Key, string What, string By);

/// <summary>
/// The country inbox of a focal point or chief negotiator at <c>/inbox</c>: everything waiting for their country across
/// the workflows (written procedures to answer, stage transitions to approve, rounds to contribute to, meetings whose
/// invitation is unanswered, readiness consultations), with deadlines in their own time zone; and the country's history
/// (its answers, approvals, contributions and attendance), newest first. A meeting's invitation is answered here for
/// the reader's own party (attending, not attending, sending someone else; for a meeting in person its members), the
/// meeting's <c>answer-attendance</c> as its one-click links fire it.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Meeting, "answer-attendance")]
public sealed class InboxModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options)
    : ProcessPageModel(engine, factory, options, time)
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    public IReadOnlyList<ProcedureBoardEntry> Waiting { get; private set; } = [];

    public IReadOnlyList<CountryItem> Others { get; private set; } = [];

    public IReadOnlyList<ProcedureBoardEntry> History { get; private set; } = [];

    public IReadOnlyList<CountryStep> Steps { get; private set; } = [];

    public string PartyName { get; private set; } = "";

    /// <summary>The meeting whose invitation the form answers.</summary>
    [BindProperty] public string? MeetingKey { get; set; }

    /// <summary>attending, not-attending or substitute.</summary>
    [BindProperty] public string? Answer { get; set; }

    /// <summary>Who goes in the invitee's place (with substitute).</summary>
    [BindProperty] public string? Substitute { get; set; }

    /// <summary>The delegation's members, one a line (a meeting in person or hybrid).</summary>
    [BindProperty] public string? Members { get; set; }

    /// <summary>The answers to an invitation, as the one-click links give them.</summary>
    public static readonly string[] Answers = [MeetingAttendance.Attending, MeetingAttendance.NotAttending, MeetingAttendance.Substitute];

    /// <summary>The form of a meeting's invitation: its fields are <c>attendance-{key}-{field}</c>.</summary>
    public static string AttendanceForm(string key) => $"attendance-{key}";

    /// <summary>Answers a meeting's invitation for the reader's party (<c>answer-attendance</c>, as the one-click links and the API).</summary>
    public async Task<IActionResult> OnPostAttendanceAsync(CancellationToken cancellationToken)
    {
        var meeting = string.IsNullOrWhiteSpace(MeetingKey) ? null : await Engine.FindAsync(NegotiationWorkflows.Meeting, MeetingKey.Trim(), cancellationToken);
        if (meeting is null)
        {
            return NotFound();
        }

        var form = AttendanceForm(meeting.CorrelationKey);
        var answer = Blank(Answer);
        if (answer is null || !Answers.Contains(answer, StringComparer.Ordinal))
        {
            Errors[$"{form}-answer"] = T("step.answer-required");
        }
        else if (answer == MeetingAttendance.Substitute && Blank(Substitute) is null)
        {
            Errors[$"{form}-substitute"] = T("step.substitute-required");
        }

        Limit(form, "substitute", Substitute, FieldError.Short);
        Limit(form, "members", Members, FieldError.Note);
        IActionResult? refusal = null;
        if (Errors.Count == 0)
        {
            refusal = await FireAsync(meeting, "answer-attendance", new JsonObject
            {
                ["party"] = Party,
                ["answer"] = answer,
                ["substitute"] = answer == MeetingAttendance.Substitute ? Blank(Substitute) : null,
                ["members"] = answer == MeetingAttendance.NotAttending ? null : Blank(Members),
            }, form, ["answer", "substitute", "members"], cancellationToken);
        }

        if (refusal is not null)
        {
            return refusal;
        }

        if (Errors.Count > 0)
        {
            await OnGetAsync(cancellationToken);
            return Refused();
        }

        return Redirect("/inbox?done=answer-attendance");
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        var party = await db.Set<Party>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == Party, cancellationToken);
        PartyName = party is null ? Party ?? "" : Lang == "ru" ? party.NameRu : party.Name;
        var mine = (await ProcedureBoard.ListAsync(Engine, db, Time, Seat, cancellationToken)).Where(p => p.TakesPart(Party!)).ToList();
        Waiting = [.. mine.Where(p => p.TakesResponses(Now))];
        History = [.. mine.Where(p => p.Responses.Any(r => r.PartyCode == Party))];
        Others = await OthersAsync(db, cancellationToken);
        Steps = await StepsAsync(db, cancellationToken);
    }

    private async Task<IReadOnlyList<CountryItem>> OthersAsync(CartifFlowDbContext db, CancellationToken cancellationToken)
    {
        var items = new List<CountryItem>();
        var r = Api(cancellationToken);
        var chief = User.IsInRole(NegotiationRoles.ChiefNegotiator);
        foreach (var t in await Engine.ListRunningAsync(NegotiationWorkflows.StageTransition, cancellationToken))
        {
            if (t.Status == InstanceStatus.Running && await CartifFlow.Web.Approvals.TransitionsApi.ViewAsync(r, t.CorrelationKey) is { } view
                && view.State is not ("Rejected" or "Escalated") && view.Parties.Any(p => p.Party == Party && p.Answer is null))
            {
                items.Add(new CountryItem(NegotiationWorkflows.StageTransition, view.Key, $"{Phase(view.From)} → {Phase(view.To)}", chief ? $"/approvals/{view.Key}" : null, view.Deadline.Utc));
            }
        }

        foreach (var round in await Engine.ListRunningAsync(NegotiationWorkflows.TextRound, cancellationToken))
        {
            if (round.Status == InstanceStatus.Running && await CartifFlow.Web.WorkingGroups.WorkingGroupsApi.RoundViewAsync(r, round.CorrelationKey) is { } view
                && view.State == "Commenting" && view.NotYetHeardFrom.Contains(Party!, StringComparer.Ordinal))
            {
                items.Add(new CountryItem(NegotiationWorkflows.TextRound, view.Key, $"{view.WorkingGroup} — {view.Area}", $"/rounds/{view.Key}", view.Deadline.Utc));
            }
        }

        foreach (var c in await Engine.ListRunningAsync(NegotiationWorkflows.ReadinessConsultation, cancellationToken))
        {
            if (c.Status == InstanceStatus.Running && c.Text("party") == Party)
            {
                items.Add(new CountryItem(NegotiationWorkflows.ReadinessConsultation, c.CorrelationKey, StateName(NegotiationWorkflows.ReadinessConsultation, c.State), $"/consultations/{c.CorrelationKey}", c.InstantOf("interviewAt")));
            }
        }

        foreach (var m in await Engine.ListRunningAsync(NegotiationWorkflows.Meeting, cancellationToken))
        {
            if (m.Status == InstanceStatus.Running && m.InstantOf("start") is { } start && start > Now
                && await CartifFlow.Web.Meetings.MeetingsApi.AttendanceAsync(Engine, Factory, m.CorrelationKey, cancellationToken) is { } attendance
                && attendance.Delegations.Any(a => a.Party == Party && a.Answer is null))
            {
                items.Add(new CountryItem(NegotiationWorkflows.Meeting, m.CorrelationKey, attendance.Title, null, start, attendance.Format));
            }
        }

        return [.. items.OrderBy(i => i.Deadline ?? DateTimeOffset.MaxValue).ThenBy(i => i.Key, StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<CountryStep>> StepsAsync(CartifFlowDbContext db, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<Guid, string>();
        async Task<string> KeyAsync(Guid id) =>
            keys.TryGetValue(id, out var key) ? key : keys[id] = (await Engine.GetInstanceAsync(id, cancellationToken))?.CorrelationKey ?? id.ToString();

        // What is a page text's key (the answer in the reader's language); By, the person's id until named below.
        var steps = new List<CountryStep>();
        foreach (var a in await db.Set<TransitionAnswer>().AsNoTracking().Where(a => a.PartyCode == Party).ToListAsync(cancellationToken))
        {
            steps.Add(new CountryStep(a.At, NegotiationWorkflows.StageTransition, await KeyAsync(a.InstanceId), a.Kind == TransitionAnswerKind.Approve ? "inbox.step.approved" : "inbox.step.rejected", a.PersonId));
        }

        foreach (var c in await db.Set<RoundComment>().AsNoTracking().Where(c => c.PartyCode == Party).ToListAsync(cancellationToken))
        {
            steps.Add(new CountryStep(c.At, NegotiationWorkflows.TextRound, await KeyAsync(c.RoundInstanceId), "round.kind." + Consolidation.KindName(c), c.PersonId));
        }

        foreach (var a in await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.PartyCode == Party).ToListAsync(cancellationToken))
        {
            steps.Add(new CountryStep(a.At, NegotiationWorkflows.Meeting, await KeyAsync(a.MeetingInstanceId), "attendance.answer." + a.Answer, a.PersonId));
        }

        var ids = steps.Select(s => s.By).Distinct().ToList();
        var names = await db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        steps = [.. steps.Select(s => s with { By = names.GetValueOrDefault(s.By, s.By) })];
        return [.. steps.OrderByDescending(s => s.At)];
    }
}
