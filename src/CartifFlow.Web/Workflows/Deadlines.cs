using System.Globalization;
using System.Text.Json.Nodes;

namespace CartifFlow.Web.Workflows;

/// <summary>A deadline as the seat states it and as an instant.</summary>
public sealed record DeadlineView(DateTimeOffset Utc, string Seat, string SeatTimeZone);

/// <summary>Deadlines: stated in the seat's time zone, stored as instants.</summary>
internal static class Deadlines
{
    public static bool TryParse(string? text, string seatTimeZone, out DateTimeOffset deadline, out string? error)
    {
        deadline = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A deadline is required: local time at the seat (2026-07-01T17:00) or an instant with an offset.";
            return false;
        }

        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset)
            && InWindow(withOffset.UtcDateTime))
        {
            deadline = withOffset.ToUniversalTime();
            return true;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && InWindow(local)
            && TimeZoneInfo.TryFindSystemTimeZoneById(seatTimeZone, out var zone))
        {
            deadline = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            return true;
        }

        error = $"'{text}' is not a deadline: give local time at the seat ({seatTimeZone}) as 2026-07-01T17:00, or an instant with an offset.";
        return false;
    }

    /// <summary>First and last year a time may fall in. Far enough for any negotiation, and far from the calendar's
    /// ends, so that a time plus any duration a workflow accepts (at most 100 years) stays a valid instant.</summary>
    public const int FirstYear = 2000, LastYear = 2199;

    private static bool InWindow(DateTime value) => value.Year is >= FirstYear and <= LastYear;

    public static DeadlineView View(JsonObject variables, string seatTimeZone)
    {
        var deadline = DateTimeOffset.Parse(variables["deadline"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var zone = variables["seatTimeZone"]?.GetValue<string>() ?? seatTimeZone;
        var local = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return new DeadlineView(deadline.ToUniversalTime(), local.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture), zone);
    }
}

/// <summary>A deadline with the parties' calendars in view.</summary>
/// <param name="Minimum">The fewest working days every party must have (0: none).</param>
/// <param name="Findings">Where the deadline falls on a party's weekend, holiday (named) or outside its working hours (09:00–18:00).</param>
/// <param name="WorkingDays">Each party's working days from circulation to the deadline.</param>
/// <param name="Urgent">Marked urgent (shorter than the minimum allowed).</param>
/// <param name="UrgentReason">Why.</param>
public sealed record DeadlineCalendarView(int Minimum, IReadOnlyList<CartifFlow.Negotiation.Calendars.DeadlineFinding> Findings, IReadOnlyList<CartifFlow.Negotiation.Calendars.PartyWorkingDays> WorkingDays, bool Urgent, string? UrgentReason);

/// <summary>Reads a deadline's review with the calendars from an instance's variables.</summary>
internal static class DeadlineCalendarViews
{
    /// <summary>The deadline's review with the calendars, as circulation recorded it (none for procedures circulated before version 2).</summary>
    internal static DeadlineCalendarView? From(System.Text.Json.Nodes.JsonObject variables)
    {
        if (variables["deadlineReview"] is not JsonObject review)
        {
            return null;
        }

        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        return new DeadlineCalendarView(
            review["minimum"]?.GetValue<int>() ?? 0,
            System.Text.Json.JsonSerializer.Deserialize<List<CartifFlow.Negotiation.Calendars.DeadlineFinding>>(review["findings"], options) ?? [],
            System.Text.Json.JsonSerializer.Deserialize<List<CartifFlow.Negotiation.Calendars.PartyWorkingDays>>(review["workingDays"], options) ?? [],
            variables["urgent"] is System.Text.Json.Nodes.JsonValue u && u.TryGetValue<bool>(out var urgent) && urgent,
            variables["urgentReason"]?.GetValue<string>());
    }
}
