using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>A meeting still ahead, as the dashboard lists it.</summary>
public sealed record UpcomingMeeting(string Key, string Title, string Kind, string Format, string? Place, string TimeZone, DateTimeOffset Start, string State);

/// <summary>
/// The Secretariat's dashboard: the negotiation's current phase, the open stage-transition approvals with who has
/// and has not answered, the meetings ahead, and the written procedures (open ones first, who has replied, who is overdue).
/// </summary>
public sealed class DashboardModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    [BindProperty(SupportsGet = true)]
    public string? Proposed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Scheduled { get; set; }

    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(SupportsGet = true)] public string? WaitingOn { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? DueBy { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    /// <summary>The page of procedures shown (filtered and cut on the server).</summary>
    public ListPage<ProcedureBoardEntry> Procedures { get; private set; } = ListPages.Empty<ProcedureBoardEntry>();

    /// <summary>The states of <c>workflows/written-procedure.yaml</c> a procedure is listed in, for the filter.</summary>
    public static IReadOnlyList<string> States { get; } = ["Circulating", "Escalated", "Adopted", "NotAdopted", "Withdrawn"];

    /// <summary>The meetings ahead shown here; the rest are on <c>/meetings</c>.</summary>
    public const int MeetingsShown = 10;

    public int MeetingsAhead { get; private set; }

    public IReadOnlyList<string> Areas { get; private set; } = [];

    public IReadOnlyList<string> PartyCodes { get; private set; } = [];

    public string? CurrentPhase { get; private set; }

    public IReadOnlyList<TransitionView> OpenTransitions { get; private set; } = [];

    public IReadOnlyList<UpcomingMeeting> Meetings { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Now = time.GetUtcNow();
        Procedures = await ProcedureBoard.PageAsync(engine, db, time, options.Value.SeatTimeZone, new ProcedureFilter(Blank(Area), Blank(State), Blank(WaitingOn)?.ToUpperInvariant(), DueBy), PageNumber, cancellationToken);
        Areas = await db.Set<NegotiatingArea>().AsNoTracking().OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(cancellationToken);
        PartyCodes = [.. (await ParticipantDirectory.NegotiatingPartiesAsync(db, Now, cancellationToken)).Select(p => p.Code)];

        var negotiation = await engine.FindAsync(NegotiationWorkflows.Negotiation, options.Value.NegotiationKey, cancellationToken);
        CurrentPhase = negotiation is null ? null : negotiation.Text("phase") ?? negotiation.State;

        var r = ApiRequest.For(this, engine, factory, options, time, cancellationToken);
        var open = new List<TransitionView>();
        foreach (var instance in await engine.ListRunningAsync(TransitionsApi.Workflow, cancellationToken))
        {
            if (await TransitionsApi.ViewAsync(r, instance.CorrelationKey) is { } view)
            {
                open.Add(view);
            }
        }

        OpenTransitions = [.. open.OrderBy(t => t.Deadline.Utc)];
        var ahead = (await engine.ListRunningAsync(NegotiationWorkflows.Meeting, cancellationToken))
            .Where(i => i.InstantOf("start") is { } start && start >= Now)
            .OrderBy(i => i.InstantOf("start"))
            .ToList();
        MeetingsAhead = ahead.Count;
        Meetings = [.. ahead.Take(MeetingsShown)
            .Select(i => new UpcomingMeeting(i.CorrelationKey, i.Text("title") ?? i.CorrelationKey, i.Text("kind") ?? "other", i.Text("format") ?? "online", i.Text("place"), i.Text("timeZone") ?? options.Value.SeatTimeZone, i.InstantOf("start")!.Value, i.State))];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
