using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>Who is who, read through the caller's unit of work (so a step sees a consistent registry).</summary>
public static class ParticipantDirectory
{
    /// <summary>Parties taking part at <paramref name="at"/>, by code.</summary>
    public static async Task<IReadOnlyList<Party>> NegotiatingPartiesAsync(DbContext db, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var parties = await db.Set<Party>().AsNoTracking().Include(p => p.StatusChanges).ToListAsync(cancellationToken).ConfigureAwait(false);
        return parties.Where(p => p.StatusAt(at) == PartyStatus.Negotiating).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every party, with its status changes.</summary>
    public static async Task<IReadOnlyList<Party>> PartiesAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var parties = await db.Set<Party>().AsNoTracking().Include(p => p.StatusChanges).ToListAsync(cancellationToken).ConfigureAwait(false);
        return parties.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every active person with their roles.</summary>
    public static async Task<IReadOnlyList<Person>> PeopleAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = await db.Set<Person>().AsNoTracking().Include(p => p.Roles).Where(p => p.Active).ToListAsync(cancellationToken).ConfigureAwait(false);
        return people.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A person with roles, or null.</summary>
    public static Task<Person?> PersonAsync(DbContext db, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Person>().AsNoTracking().Include(p => p.Roles).FirstOrDefaultAsync(p => p.Id == id && p.Active, cancellationToken);
    }

    /// <summary>True when the person holds the role (for any area).</summary>
    public static bool Holds(this Person person, string role)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Roles.Any(r => r.Role == role);
    }
}
