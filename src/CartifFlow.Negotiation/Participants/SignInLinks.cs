using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>A single-use, short-lived sign-in link sent by e-mail; only the SHA-256 hash of its token is stored.</summary>
public sealed class SignInLink
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>Who may sign in with it.</summary>
    public required string PersonId { get; set; }

    /// <summary>Hex SHA-256 of the token.</summary>
    public required string Hash { get; set; }

    /// <summary>When issued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it stops working.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was used; a used link never works again.</summary>
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>The outcome of consuming a sign-in token.</summary>
public enum SignInLinkOutcome
{
    /// <summary>Signed in.</summary>
    Accepted,
    /// <summary>No such token (never issued, or tampered with).</summary>
    Unknown,
    /// <summary>Issued but past its expiry.</summary>
    Expired,
    /// <summary>Already used.</summary>
    Used,
}

/// <summary>Issues and consumes sign-in links.</summary>
public static class SignInLinks
{
    /// <summary>Issues a token for an active person and adds its row (the caller saves); returns the token text.</summary>
    public static string Issue(DbContext db, string personId, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(db);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.Set<SignInLink>().Add(new SignInLink { Id = Guid.CreateVersion7(), PersonId = personId, Hash = Hash(token), CreatedAt = now, ExpiresAt = now + lifetime });
        return token;
    }

    /// <summary>Whether a token is usable now (for the confirmation page); changes nothing.</summary>
    public static async Task<SignInLinkOutcome> PeekAsync(DbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await FindAsync(db, token, cancellationToken).ConfigureAwait(false);
        return Outcome(row, now);
    }

    /// <summary>
    /// Consumes a token: marks it used with a conditional update, so two simultaneous uses cannot both succeed.
    /// Returns the person on success.
    /// </summary>
    public static async Task<(SignInLinkOutcome Outcome, Person? Person)> ConsumeAsync(DbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await FindAsync(db, token, cancellationToken).ConfigureAwait(false);
        var outcome = Outcome(row, now);
        if (outcome != SignInLinkOutcome.Accepted)
        {
            return (outcome, null);
        }

        var claimed = await db.Set<SignInLink>().Where(l => l.Id == row!.Id && l.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), cancellationToken).ConfigureAwait(false);
        if (claimed != 1)
        {
            return (SignInLinkOutcome.Used, null);
        }

        var person = await ParticipantDirectory.PersonAsync(db, row!.PersonId, cancellationToken).ConfigureAwait(false);
        return person is null ? (SignInLinkOutcome.Unknown, null) : (SignInLinkOutcome.Accepted, person);
    }

    private static SignInLinkOutcome Outcome(SignInLink? row, DateTimeOffset now) => row switch
    {
        null => SignInLinkOutcome.Unknown,
        { UsedAt: not null } => SignInLinkOutcome.Used,
        _ when row.ExpiresAt <= now => SignInLinkOutcome.Expired,
        _ => SignInLinkOutcome.Accepted,
    };

    private static async Task<SignInLink?> FindAsync(DbContext db, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        return await db.Set<SignInLink>().AsNoTracking().FirstOrDefaultAsync(l => l.Hash == hash, cancellationToken).ConfigureAwait(false);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
