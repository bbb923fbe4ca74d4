using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>Per-person API tokens: random, shown once, stored only as a SHA-256 hash.</summary>
public static class ApiTokens
{
    private const string Prefix = "cft_";

    /// <summary>Issues a token for an active person; returns the token text (not stored).</summary>
    public static async Task<string> IssueAsync(DbContext db, string personId, string? label, DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
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

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
