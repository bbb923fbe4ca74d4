using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Participants;

/// <summary>
/// Which people a list shows, filtered in the database (the API's <c>GET /api/people</c> and the registry's page):
/// by party (<c>none</c> for the Secretariat's own staff), role, negotiating area and whether active.
/// </summary>
/// <param name="Party">A party's code, <c>none</c> for people of no party, or null for all.</param>
/// <param name="Role">A role, or null for all.</param>
/// <param name="Area">A negotiating area (people holding a role for it), or null for all.</param>
/// <param name="Active"><see cref="ActiveOnly"/>, <see cref="InactiveOnly"/> or <see cref="Everyone"/>.</param>
internal sealed record PeopleFilter(string? Party, string? Role, string? Area, string Active)
{
    public const string ActiveOnly = "true";
    public const string InactiveOnly = "false";
    public const string Everyone = "all";
    public const string NoParty = "none";

    public IQueryable<Person> Query(CartifFlow.Infrastructure.Persistence.CartifFlowDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = db.Set<Person>().AsNoTracking().Include(p => p.Roles).AsQueryable();
        if (Party is { Length: > 0 } party)
        {
            var code = party.ToUpperInvariant();
            people = party == NoParty ? people.Where(p => p.PartyCode == null) : people.Where(p => p.PartyCode == code);
        }

        if (Role is { Length: > 0 } role)
        {
            people = people.Where(p => p.Roles.Any(r => r.Role == role));
        }

        if (Area is { Length: > 0 } area)
        {
            var code = area.ToUpperInvariant();
            people = people.Where(p => p.Roles.Any(r => r.AreaCode == code));
        }

        return Active switch
        {
            InactiveOnly => people.Where(p => !p.Active),
            Everyone => people,
            _ => people.Where(p => p.Active),
        };
    }
}

/// <summary>A person's own choices (language, time zone, daily digest), for the API's <c>/api/me/preferences</c> and the <c>/me</c> page.</summary>
internal static class MyPreferences
{
    /// <summary>The faults of a language and a time zone (either may be absent: it stays).</summary>
    public static Dictionary<string, FieldError> Check(string? language, string? timeZone)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        if (language is not null and not "en" and not "ru")
        {
            errors["language"] = new($"'{language}' is not a language of the negotiation (en, ru).", "language-unknown", language);
        }

        if (timeZone is not null && !RegistryKeeper.TimeZones.Contains(timeZone, StringComparer.Ordinal))
        {
            errors["timeZone"] = new($"'{timeZone}' is not a time zone (use an IANA name such as Asia/Ulaanbaatar).", "time-zone-unknown", timeZone);
        }

        return errors;
    }

    /// <summary>Saves what is given; null when the person is not in the registry (or not active).</summary>
    public static async Task<Person?> SaveAsync(CartifFlow.Infrastructure.Persistence.CartifFlowDbContext db, string? personId, string? language, string? timeZone, bool? digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == personId && p.Active, cancellationToken);
        if (person is null)
        {
            return null;
        }

        person.Language = language ?? person.Language;
        person.TimeZone = timeZone ?? person.TimeZone;
        person.Digest = digest ?? person.Digest;
        await db.SaveChangesAsync(cancellationToken);
        return person;
    }
}
