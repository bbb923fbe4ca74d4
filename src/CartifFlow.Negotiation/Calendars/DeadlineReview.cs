using System.Globalization;
using System.Text.Json.Nodes;

namespace CartifFlow.Negotiation.Calendars;

/// <summary>Where a deadline falls badly for a party: on its weekend, on a holiday, or outside its working hours.</summary>
/// <param name="Party">The party.</param>
/// <param name="Kind"><c>weekend</c>, <c>holiday</c> or <c>outside-working-hours</c>.</param>
/// <param name="LocalTime">The deadline in the party's time zone (<c>2026-03-23 12:00 (Asia/Almaty)</c>).</param>
/// <param name="Holiday">The holiday's name, for <c>holiday</c>.</param>
/// <param name="HolidayRu">Its Russian name.</param>
/// <param name="Expected">True when the holiday's date depends on the moon or is not announced yet.</param>
public sealed record DeadlineFinding(string Party, string Kind, string LocalTime, string? Holiday = null, string? HolidayRu = null, bool Expected = false);

/// <summary>A party's working days from circulation to the deadline.</summary>
public sealed record PartyWorkingDays(string Party, int WorkingDays);

/// <summary>
/// A deadline with the calendars in view: where it falls badly for a taking-part party, and how many working days each
/// party has from circulation to the deadline; <see cref="TooShort"/> when a party has fewer than the minimum.
/// </summary>
/// <param name="Findings">Where the deadline falls on a weekend, a holiday or outside working hours.</param>
/// <param name="WorkingDays">Each party's working days from circulation to the deadline.</param>
/// <param name="Minimum">The minimum required (0: none).</param>
public sealed record DeadlineReview(IReadOnlyList<DeadlineFinding> Findings, IReadOnlyList<PartyWorkingDays> WorkingDays, int Minimum)
{
    /// <summary>The parties with fewer working days than the minimum.</summary>
    public IReadOnlyList<PartyWorkingDays> Short => [.. WorkingDays.Where(w => w.WorkingDays < Minimum)];

    /// <summary>True when some party has fewer working days than the minimum.</summary>
    public bool TooShort => Short.Count > 0;

    /// <summary>Reviews a deadline for the parties, from <paramref name="from"/> (the circulation).</summary>
    public static DeadlineReview Of(WorkingCalendars calendars, IEnumerable<string> parties, DateTimeOffset from, DateTimeOffset deadline, int minimum)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        var findings = new List<DeadlineFinding>();
        var days = new List<PartyWorkingDays>();
        foreach (var party in parties.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var zoneId = calendars.TimeZoneOf(party) ?? "UTC";
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
            var local = TimeZoneInfo.ConvertTime(deadline, zone);
            var date = DateOnly.FromDateTime(local.DateTime);
            var time = TimeOnly.FromDateTime(local.DateTime);
            var shown = string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} ({zone.Id})");
            foreach (var holiday in calendars.HolidaysOn(party, date))
            {
                findings.Add(new DeadlineFinding(party, "holiday", shown, holiday.Name, holiday.NameRu, holiday.Expected));
            }

            if (calendars.IsWeekend(party, date))
            {
                findings.Add(new DeadlineFinding(party, "weekend", shown));
            }
            else if (calendars.HolidaysOn(party, date).Count == 0 && (time < WorkingCalendars.DayStarts || time > WorkingCalendars.DayEnds))
            {
                findings.Add(new DeadlineFinding(party, "outside-working-hours", shown));
            }

            days.Add(new PartyWorkingDays(party, calendars.WorkingDays(party, from, deadline)));
        }

        return new DeadlineReview(findings, days, minimum);
    }

    /// <summary>As the step keeps it in the instance's variables and messages show it.</summary>
    public JsonObject ToJson() => new()
    {
        ["minimum"] = Minimum,
        ["findings"] = new JsonArray([.. Findings.Select(f => (JsonNode)new JsonObject
        {
            ["party"] = f.Party, ["kind"] = f.Kind, ["localTime"] = f.LocalTime, ["holiday"] = f.Holiday, ["holidayRu"] = f.HolidayRu, ["expected"] = f.Expected,
        })]),
        ["workingDays"] = new JsonArray([.. WorkingDays.Select(w => (JsonNode)new JsonObject { ["party"] = w.Party, ["workingDays"] = w.WorkingDays })]),
    };
}
