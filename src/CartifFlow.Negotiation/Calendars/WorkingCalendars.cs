namespace CartifFlow.Negotiation.Calendars;

/// <summary>
/// The parties' working days and hours: a working day is a day that is neither a day of the party's weekend nor one
/// of its holidays; working hours are 09:00–18:00 in the reader's (or the party's) time zone. A person without a
/// party (the Secretariat) works Monday to Friday.
/// </summary>
public sealed class WorkingCalendars
{
    /// <summary>Start of the working day.</summary>
    public static readonly TimeOnly DayStarts = new(9, 0);

    /// <summary>End of the working day.</summary>
    public static readonly TimeOnly DayEnds = new(18, 0);

    private static readonly DayOfWeek[] DefaultWeekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];
    private readonly Dictionary<string, PartyCalendar> _calendars;
    private readonly Dictionary<(string Party, DateOnly Date), List<PartyHoliday>> _holidays;

    /// <summary>Builds the calendars from the registry's rows.</summary>
    public WorkingCalendars(IEnumerable<PartyCalendar> calendars, IEnumerable<PartyHoliday> holidays)
    {
        _calendars = calendars.ToDictionary(c => c.PartyCode, StringComparer.Ordinal);
        _holidays = holidays.GroupBy(h => (h.PartyCode, h.Date)).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The parties with a calendar.</summary>
    public IEnumerable<PartyCalendar> Parties => _calendars.Values.OrderBy(c => c.PartyCode, StringComparer.Ordinal);

    /// <summary>The party's time zone, or null when it has no calendar.</summary>
    public string? TimeZoneOf(string party) => _calendars.TryGetValue(party, out var c) ? c.TimeZone : null;

    /// <summary>The holidays of a party on a date (none when it has none).</summary>
    public IReadOnlyList<PartyHoliday> HolidaysOn(string? party, DateOnly date) =>
        party is not null && _holidays.TryGetValue((party, date), out var list) ? list : [];

    /// <summary>True when the date falls on the party's weekend.</summary>
    public bool IsWeekend(string? party, DateOnly date) => WeekendOf(party).Contains(date.DayOfWeek);

    /// <summary>True when the date is a working day of the party (neither weekend nor holiday).</summary>
    public bool IsWorkingDay(string? party, DateOnly date) => !IsWeekend(party, date) && HolidaysOn(party, date).Count == 0;

    /// <summary>
    /// When a reminder due at <paramref name="due"/> goes to a reader of <paramref name="party"/> in
    /// <paramref name="timeZone"/>: as planned when that is within the reader's working hours on a working day;
    /// otherwise at 09:00 of the reader's last working day that starts before it (the previous working day; the same
    /// day when it falls after 18:00 on a working day). Never later than planned.
    /// </summary>
    public DateTimeOffset ReminderTime(DateTimeOffset due, string? party, string? timeZone)
    {
        var zone = FindZone(timeZone) ?? FindZone(party is null ? null : TimeZoneOf(party)) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(due, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (IsWorkingDay(party, date) && time >= DayStarts && time < DayEnds)
        {
            return due;
        }

        var day = IsWorkingDay(party, date) && time >= DayEnds ? date : date.AddDays(-1);
        for (var i = 0; i < 366 && !IsWorkingDay(party, day); i++)
        {
            day = day.AddDays(-1);
        }

        var start = day.ToDateTime(DayStarts);
        var at = new DateTimeOffset(start, zone.GetUtcOffset(start));
        return at <= due ? at : due;
    }

    /// <summary>The working days of a party from one instant to another (whole days strictly between them, plus the days they fall on when they are working days).</summary>
    public int WorkingDays(string party, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = FindZone(TimeZoneOf(party)) ?? TimeZoneInfo.Utc;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime);
        var count = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (IsWorkingDay(party, day))
            {
                count++;
            }
        }

        return count;
    }

    private DayOfWeek[] WeekendOf(string? party)
    {
        if (party is null || !_calendars.TryGetValue(party, out var calendar))
        {
            return DefaultWeekend;
        }

        return [.. calendar.Weekend.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out var day) ? day : (DayOfWeek?)null).OfType<DayOfWeek>()];
    }

    private static TimeZoneInfo? FindZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
