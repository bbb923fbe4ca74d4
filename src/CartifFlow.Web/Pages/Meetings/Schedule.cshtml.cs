using System.Globalization;
using System.Xml;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Meetings;

/// <summary>
/// The Secretariat schedules a meeting: the same checks and engine step as <c>POST /api/meetings</c>. The form takes
/// a start and an end in the meeting's own time zone; the end becomes the workflow's duration. A meeting of the
/// roadmap (the inaugural meeting, the Chief Negotiators' preparatory meeting) names its milestone, so the roadmap
/// reads its progress from the meeting as it does for the API's <c>milestone</c>. A working group's session names its
/// group (the API's <c>area</c> with the audience <c>working-group</c>): its member parties' focal points and the
/// group's lead negotiators and technical experts are invited, and reminded before it.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Meeting, OffersTriggerAttribute.Start)]
public sealed class ScheduleModel(WorkflowEngine engine, TimeProvider time, IOptions<NegotiationOptions> options, ICartifFlowDbContextFactory factory) : CartifFormPageModel
{
    /// <summary>The kinds the form offers (the Zero Round is convened through the negotiation, not here).</summary>
    public static readonly string[] Kinds = ["chief-negotiators", "inaugural", "ministerial-conference", "working-group-session", "other"];

    public static readonly string[] Formats = ["in-person", "online", "hybrid"];

    public static readonly string[] Audiences = ["delegations", "chief-negotiators", "working-group"];

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Format { get; set; }

    [BindProperty]
    public string? Place { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public string? Audience { get; set; }

    [BindProperty]
    public string? Agenda { get; set; }

    [BindProperty]
    public string? Milestone { get; set; }

    /// <summary>For a working group's session: the group's area (its members and negotiators are invited).</summary>
    [BindProperty]
    public string? Area { get; set; }

    /// <summary>The working groups a session may be scheduled for (proposed or established), by area.</summary>
    public IReadOnlyList<(string Area, string Name)> WorkingGroups { get; private set; } = [];

    /// <summary>Less notice than the minimum of working days at every invited party, with a reason the invitation states.</summary>
    [BindProperty]
    public bool Urgent { get; set; }

    [BindProperty]
    public string? UrgentReason { get; set; }

    /// <summary>The minimum of working days' notice every invited party must have.</summary>
    public int Minimum => options.Value.MeetingMinimumWorkingDays;

    /// <summary>The roadmap's meeting milestones this form may carry out (the Zero Round is convened through the negotiation).</summary>
    public IReadOnlyList<RoadmapMilestone> Milestones { get; private set; } = [];

    public string Seat => options.Value.SeatTimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        TimeZone ??= Seat;
        await LoadMilestonesAsync(cancellationToken);
    }

    private async Task LoadMilestonesAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var areas = await db.Set<NegotiatingArea>().AsNoTracking().ToDictionaryAsync(a => a.Code, cancellationToken);
        WorkingGroups = [.. (await db.Set<WorkingGroup>().AsNoTracking().Select(g => g.AreaCode).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal)
            .Select(a => (a, areas.TryGetValue(a, out var area) ? (Lang == "ru" ? area.NameRu : area.Name) : a))];
        Milestones = [.. (await db.Set<RoadmapMilestone>().AsNoTracking().Where(m => m.Kind == MilestoneKind.Meeting && m.Code != "zero-round").ToListAsync(cancellationToken)).OrderBy(m => m.Order)];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadMilestonesAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var milestone = Blank(Milestone);
        if (milestone is not null && !Milestones.Any(m => m.Code == milestone))
        {
            errors["milestone"] = [T("schedule.milestone-invalid")];
        }
        if (Kind is not null && !Kinds.Contains(Kind, StringComparer.Ordinal))
        {
            errors["kind"] = [T("schedule.kind-invalid")];
        }

        if (Audience is not null && !Audiences.Contains(Audience, StringComparer.Ordinal))
        {
            errors["audience"] = [T("schedule.audience-invalid")];
        }

        // A working group's session goes to the group's members and negotiators: the group is chosen with it.
        var area = Blank(Area)?.ToUpperInvariant();
        var audience = Audience ?? (Kind == "working-group-session" ? "working-group" : null);
        if (area is not null && !WorkingGroups.Any(g => g.Area == area))
        {
            errors["area"] = [T("schedule.working-group-invalid")];
        }
        else if (area is null && (audience == "working-group" || Kind == "working-group-session"))
        {
            errors["area"] = [T("schedule.working-group-required")];
        }
        else if (area is not null && audience != "working-group")
        {
            errors["audience"] = [T("schedule.audience-working-group")];
        }

        // The end, in the same time zone as the start: the duration the workflow takes.
        var zone = string.IsNullOrWhiteSpace(TimeZone) ? Seat : TimeZone.Trim();
        string? duration = null;
        var times = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var start = WorkflowCommands.Instant(Start, zone, "start", new Dictionary<string, FieldError>(StringComparer.Ordinal)); // the start's faults come from the shared check below
        var end = WorkflowCommands.Instant(End, zone, "end", times);
        foreach (var (field, error) in times)
        {
            errors[field] = [Field(error)];
        }

        if (start is not null && end is not null)
        {
            var length = DateTimeOffset.Parse(end, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
            if (length <= TimeSpan.Zero)
            {
                errors["end"] = [T("schedule.end-after-start")];
            }
            else
            {
                duration = XmlConvert.ToString(length);
            }
        }

        var request = new ConveneMeetingRequest(Blank(Title), Kind, Format, Blank(Place), zone, Start, duration, audience, area, null, Blank(Agenda), milestone, null, null, Urgent, UrgentReason);
        var (parameters, problems) = MeetingsApi.Check(request, Seat);
        foreach (var (field, error) in problems)
        {
            // The form asks for an end, not a duration: a duration the API refuses is said at the end.
            errors.TryAdd(field == "duration" ? "end" : field, [Field(error)]);
        }

        if (errors.Count == 0)
        {
            var key = await WorkflowCommands.NextKeyAsync(engine, NegotiationWorkflows.Meeting, $"MTG-{WorkflowCommands.SeatYear(time, Seat)}", cancellationToken);
            var result = await engine.StartAsync(new StartRequest(NegotiationWorkflows.Meeting, key, parameters, IdempotencyKey: Submission), User.ToActor(), cancellationToken);
            if (result.Applied)
            {
                return Redirect($"/procedures?scheduled={Uri.EscapeDataString(result.Instance!.CorrelationKey)}");
            }

            if (result.Outcome == StepOutcome.Forbidden)
            {
                return Forbid();
            }

            AddRefusal(result.Field == "duration" ? result with { Field = "end" } : result, "title", "kind", "format", "place", "timeZone", "start", "end", "audience", "area", "agenda", "milestone", "urgentReason");
        }

        AddErrors(errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
