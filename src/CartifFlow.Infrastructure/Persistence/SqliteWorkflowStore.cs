using CartifFlow.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>
/// SQLite (one node, writers serialised): a claim selects candidates, leases only those still free in one UPDATE (so
/// the condition is checked atomically), and reads back what carries this claim's own lease value, so that two
/// dispatchers in one process (a Hangfire job and a sweep) never take the same row.
/// </summary>
internal sealed class SqliteWorkflowStore : IWorkflowStore
{
    public bool ConcurrentWriters => false;

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken)
    {
        // The lease also keeps a timer whose step keeps failing from being retried in a tight loop.
        var token = Token(leasedUntil);
        var candidates = await db.Timers
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.LeasedUntil == null || t.LeasedUntil < now))
            .Where(t => !db.Timers.Any(e => e.InstanceId == t.InstanceId && e.Status == TimerStatus.Pending && e.DueAt < t.DueAt))
            .OrderBy(t => t.DueAt).Take(limit).Select(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return candidates;
        }

        await db.Timers
            .Where(t => candidates.Contains(t.Id) && t.Status == TimerStatus.Pending && (t.LeasedUntil == null || t.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeasedUntil, token), cancellationToken).ConfigureAwait(false);
        return await db.Timers.Where(t => candidates.Contains(t.Id) && t.LeasedUntil == token).Select(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<List<OutboxMessageRecord>> ClaimOutboxAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken)
    {
        var token = Token(leasedUntil);
        var candidates = await db.Outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(limit).Select(m => m.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        await db.Outbox
            .Where(m => candidates.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeasedUntil == null || m.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, token), cancellationToken).ConfigureAwait(false);
        return await db.Outbox.AsNoTracking().Where(m => candidates.Contains(m.Id) && m.LeasedUntil == token)
            .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writers are serialised, so there are no row locks to wait for.</summary>
    public Task<int> RenewOutboxLeaseAsync(WorkflowDbContext db, IReadOnlyList<Guid> ids, DateTimeOffset current, DateTimeOffset renewed, CancellationToken cancellationToken)
    {
        var keys = ids as List<Guid> ?? [.. ids];
        return db.Outbox.Where(m => keys.Contains(m.Id) && m.LeasedUntil == current)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeasedUntil, renewed), cancellationToken);
    }

    /// <summary>
    /// A <see cref="SqliteException"/> or a stale version is SQLite's own answer (the transaction rolled back); an I/O
    /// error outside it (the file system failed under the commit) leaves the outcome open.
    /// </summary>
    public bool MayHaveCommitted(Exception exception)
    {
        var unanswered = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException or SqliteException)
            {
                return false;
            }

            unanswered |= e is IOException or TimeoutException;
        }

        return unanswered;
    }

    /// <summary>The lease value a claim recognises as its own: the lease end plus a random few microseconds.</summary>
    private static DateTimeOffset Token(DateTimeOffset leasedUntil) => leasedUntil + TimeSpan.FromTicks(10L * Random.Shared.Next(1, 1_000_000));
}
