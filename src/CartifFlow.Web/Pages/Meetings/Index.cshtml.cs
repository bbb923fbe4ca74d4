using System.Globalization;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Meetings;

/// <summary>
/// Every meeting for the Secretariat at <c>/meetings</c>: a list filtered on the server (state, kind, area) and a month
/// calendar (<c>?month=2026-06</c>, days at the seat), each meeting linking to its page.
/// </summary>
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    /// <summary>One page of the filtered meetings (the calendar shows the whole month).</summary>
    public ListPage<MeetingSummary> Meetings { get; private set; } = ListPages.Empty<MeetingSummary>();

    /// <summary>The calendar's month (first day), at the seat.</summary>
    public DateOnly FirstDay { get; private set; }

    /// <summary>Meetings by their day at the seat, for the calendar.</summary>
    public ILookup<DateOnly, MeetingSummary> ByDay { get; private set; } = Enumerable.Empty<MeetingSummary>().ToLookup(m => default(DateOnly));

    public IReadOnlyList<string> States { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var seat = TimeZoneInfo.FindSystemTimeZoneById(Seat);
        var all = new List<(MeetingSummary Meeting, string? Area)>();
        foreach (var i in await Engine.ListAsync(NegotiationWorkflows.Meeting, cancellationToken))
        {
            var zone = i.Text("timeZone") ?? Seat;
            var start = i.InstantOf("start")!.Value;
            all.Add((new MeetingSummary(i.CorrelationKey, i.Text("title") ?? i.CorrelationKey, i.Text("kind") ?? "other", i.Text("format") ?? "online", i.Text("place"), zone, start, Display.Instant(start, zone), i.State, i.Text("milestone")), i.Text("area")));
        }

        States = [.. all.Select(m => m.Meeting.State).Distinct().Order(StringComparer.Ordinal)];
        List<MeetingSummary> filtered = [.. all
            .Where(m => string.IsNullOrEmpty(State) || m.Meeting.State == State)
            .Where(m => string.IsNullOrEmpty(Kind) || m.Meeting.Kind == Kind)
            .Where(m => string.IsNullOrEmpty(Area) || string.Equals(m.Area, Area.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Meeting)
            .OrderBy(m => m.Start)];
        Meetings = ListPages.Of<MeetingSummary>(filtered, PageNumber);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, seat).DateTime);
        FirstDay = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var chosen) ? chosen : new DateOnly(today.Year, today.Month, 1);
        var monthStart = ListPages.StartOfDay(FirstDay, Seat);
        var monthEnd = ListPages.StartOfDay(FirstDay.AddMonths(1), Seat);
        ByDay = filtered.Where(m => m.Start >= monthStart && m.Start < monthEnd).ToLookup(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.Start, seat).DateTime));
    }

    public string MonthLink(int offset) => "/meetings?month=" + FirstDay.AddMonths(offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
