using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// A signed-in browser: the page cookie carries only this row's id (inside the protected cookie), and every request
/// checks that the row is still open, so that signing out, "sign out everywhere" and the Secretariat deactivating or
/// replacing a person end the session on every node at once.
/// </summary>
public sealed class PersonSession
{
    /// <summary>Row id, random; the cookie names it.</summary>
    public Guid Id { get; set; }

    /// <summary>Whose session.</summary>
    public required string PersonId { get; set; }

    /// <summary>When it started (signed in).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it ended (signed out, ended from another session, or by the Secretariat); an ended session never works again.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The browser it started in (its User-Agent, shortened), so that the person can tell their sessions apart.</summary>
    public string? Device { get; set; }
}

/// <summary>Starts, checks, lists and ends page sessions.</summary>
public static class PersonSessions
{
    /// <summary>Longest <see cref="PersonSession.Device"/> kept.</summary>
    public const int DeviceLength = 200;

    /// <summary>Adds an open session for the person (the caller saves) and returns its id.</summary>
    public static Guid Start(DbContext db, string personId, DateTimeOffset now, string? device)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = Guid.NewGuid(); // random (v4): the id is also what the cookie names
        device = string.IsNullOrWhiteSpace(device) ? null : new string(device.Where(c => !char.IsControl(c)).Take(DeviceLength).ToArray());
        db.Set<PersonSession>().Add(new PersonSession { Id = id, PersonId = personId, StartedAt = now, Device = device });
        return id;
    }

    /// <summary>
    /// The person of an open session, with their roles, when they are still active: one indexed read per request
    /// (the person by key, the session by key in the same statement).
    /// </summary>
    public static Task<Person?> PersonAsync(DbContext db, string personId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Person>().AsNoTracking().Include(p => p.Roles)
            .Where(p => p.Id == personId && p.Active && db.Set<PersonSession>().Any(s => s.Id == sessionId && s.PersonId == personId && s.EndedAt == null))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The person's open sessions, newest first.</summary>
    public static async Task<IReadOnlyList<PersonSession>> OpenAsync(DbContext db, string personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.Set<PersonSession>().AsNoTracking().Where(s => s.PersonId == personId && s.EndedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. open.OrderByDescending(s => s.StartedAt)];
    }

    /// <summary>Ends one session of the person (no-op when it is not theirs or already ended); true when it was open.</summary>
    public static async Task<bool> EndAsync(DbContext db, string personId, Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<PersonSession>().Where(s => s.Id == sessionId && s.PersonId == personId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Ends every open session of a person, on every node from their next request: "sign out everywhere", and what
    /// the registry calls when the Secretariat deactivates or replaces a person. Returns how many were open.
    /// </summary>
    public static Task<int> EndAllAsync(DbContext db, string personId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<PersonSession>().Where(s => s.PersonId == personId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), cancellationToken);
    }
}
