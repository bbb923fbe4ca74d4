using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>Per-person API tokens: random, shown once, stored only as a SHA-256 hash.</summary>
public static class ApiTokens
{
    private const string Prefix = "cft_";

    /// <summary>The longest label a token can carry (the column's length).</summary>
    public const int MaxLabelLength = 200;

    /// <summary>Issues a token for an active person; returns the token text (not stored).</summary>
    public static async Task<string> IssueAsync(DbContext db, string personId, string? label, DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (label is { Length: > MaxLabelLength })
        {
            throw new InvalidOperationException($"The label is {label.Length} characters long; at most {MaxLabelLength} are kept.");
        }

        if (expiresAt is { } end && end <= now)
        {
            throw new InvalidOperationException("A token must expire after it is issued.");
        }

        if (await ParticipantDirectory.PersonAsync(db, personId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException($"There is no active person '{personId}'.");
        }

        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.Set<ApiToken>().Add(new ApiToken { Id = Guid.CreateVersion7(), PersonId = personId, Hash = Hash(token), Label = label, CreatedAt = now, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The person a token belongs to, when it is valid at <paramref name="now"/>.</summary>
    public static async Task<Person?> AuthenticateAsync(DbContext db, string token, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        var row = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken).ConfigureAwait(false);
        if (row is null || row.RevokedAt is not null || (row.ExpiresAt is { } expires && expires <= now))
        {
            return null;
        }

        return await ParticipantDirectory.PersonAsync(db, row.PersonId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A person's tokens, newest first (never their text: only its hash is stored).</summary>
    public static async Task<IReadOnlyList<ApiToken>> ListAsync(DbContext db, string personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<ApiToken>().AsNoTracking().Where(t => t.PersonId == personId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToList();
    }

    /// <summary>
    /// Revokes tokens at <paramref name="now"/>: the one with <paramref name="tokenId"/>, or every token of
    /// <paramref name="personId"/> that still works. Returns the tokens revoked by this call (none when already revoked).
    /// </summary>
    public static async Task<IReadOnlyList<ApiToken>> RevokeAsync(DbContext db, Guid? tokenId, string? personId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if ((tokenId is null) == (personId is null))
        {
            throw new ArgumentException("Give either a token id or a person, not both.");
        }

        var query = db.Set<ApiToken>().Where(t => t.RevokedAt == null);
        query = tokenId is { } id ? query.Where(t => t.Id == id) : query.Where(t => t.PersonId == personId);
        var rows = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            row.RevokedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
