using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>How many requests one key made in one fixed window: a row every node on the database counts in.</summary>
public sealed class RateLimitCounter
{
    /// <summary>What is limited and for whom, e.g. <c>sign-in:client:203.0.113.7</c>.</summary>
    public required string Key { get; set; }

    /// <summary>The window's start, in seconds since 1970 (UTC), a multiple of the window's length.</summary>
    public long Window { get; set; }

    /// <summary>Requests counted in the window, the refused ones included.</summary>
    public int Count { get; set; }
}

/// <summary>
/// Limits that hold across every node sharing the database: a request counts itself in its key's row for the current
/// window with one atomic statement (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, the same on PostgreSQL and
/// SQLite), and is allowed while the count it gets back is within the limit. Concurrent requests on any node each get
/// a different count, so no two can both be the last one allowed.
/// </summary>
public static class RateLimitCounters
{
    /// <summary>The longest key kept (the column's length).</summary>
    public const int MaxKeyLength = 400;

    /// <summary>Counts a request for <paramref name="key"/> and returns its number in the current window (from 1).</summary>
    public static async Task<int> CountAsync(DbContext db, string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var length = Math.Max(1, (long)window.TotalSeconds);
        var start = now.ToUnixTimeSeconds() / length * length;
        var bounded = key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO rate_limit_counters ("Key", "Window", "Count") VALUES ({bounded}, {start}, 1)
            ON CONFLICT ("Key", "Window") DO UPDATE SET "Count" = rate_limit_counters."Count" + 1
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken).ConfigureAwait(false);
        return counts[0];
    }

    /// <summary>Forgets the windows that started before <paramref name="before"/>.</summary>
    public static Task<int> PurgeAsync(DbContext db, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var start = before.ToUnixTimeSeconds();
        return db.Set<RateLimitCounter>().Where(c => c.Window < start).ExecuteDeleteAsync(cancellationToken);
    }
}
