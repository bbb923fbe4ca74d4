using System.Globalization;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Calendars;

/// <summary>A fault in a holiday to add, by field: one check for the API and the page, each saying it in its own words.</summary>
/// <param name="Field">The request's field (<c>date</c>, <c>name</c>, <c>nameRu</c>).</param>
/// <param name="Code">The page text's key suffix (<c>holidays.error.{code}</c>).</param>
/// <param name="Message">In English, for the API's problem details.</param>
public sealed record HolidayFault(string Field, string Code, string Message);

/// <summary>
/// Adding and removing a party's holidays, for the API (<c>/api/calendars</c>) and the Secretariat's page
/// (<c>/calendars</c>) alike: every change is recorded in the same transaction with who made it and when
/// (<see cref="PartyHolidayChange"/>).
/// </summary>
internal static class PartyHolidays
{
    /// <summary>The longest name kept (the column's length).</summary>
    public const int MaxNameLength = 200;

    /// <summary>The faults of a holiday to add (none when it may be added); its date when it reads.</summary>
    public static IReadOnlyList<HolidayFault> Check(string? date, string? name, string? nameRu, out DateOnly parsed)
    {
        var faults = new List<HolidayFault>();
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
        {
            faults.Add(new("date", "date", "The date is yyyy-MM-dd (e.g. 2026-03-20)."));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            faults.Add(new("name", "name", $"The holiday's name is required (at most {MaxNameLength} characters)."));
        }

        if (nameRu is { Length: > MaxNameLength })
        {
            faults.Add(new("nameRu", "name-ru", $"At most {MaxNameLength} characters."));
        }

        return faults;
    }

    public static Task<bool> PartyExistsAsync(DbContext db, string party, CancellationToken cancellationToken) =>
        db.Set<Party>().AnyAsync(p => p.Code == party, cancellationToken);

    /// <summary>Adds a checked holiday and records the change.</summary>
    public static async Task<PartyHoliday> AddAsync(DbContext db, string party, DateOnly date, string name, string? nameRu, bool expected, string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holiday = new PartyHoliday { PartyCode = party, Date = date, Name = name.Trim(), NameRu = string.IsNullOrWhiteSpace(nameRu) ? name.Trim() : nameRu.Trim(), Expected = expected };
        db.Set<PartyHoliday>().Add(holiday);
        db.Set<PartyHolidayChange>().Add(new PartyHolidayChange { PartyCode = party, Date = date, Change = "added", Name = holiday.Name, PersonId = personId, At = now });
        await db.SaveChangesAsync(cancellationToken);
        return holiday;
    }

    /// <summary>Removes a party's holiday and records the change; false when the party has no such holiday.</summary>
    public static async Task<bool> RemoveAsync(DbContext db, string party, long id, string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holiday = await db.Set<PartyHoliday>().FirstOrDefaultAsync(h => h.Id == id && h.PartyCode == party, cancellationToken);
        if (holiday is null)
        {
            return false;
        }

        db.Set<PartyHoliday>().Remove(holiday);
        db.Set<PartyHolidayChange>().Add(new PartyHolidayChange { PartyCode = party, Date = holiday.Date, Change = "removed", Name = holiday.Name, PersonId = personId, At = now });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
