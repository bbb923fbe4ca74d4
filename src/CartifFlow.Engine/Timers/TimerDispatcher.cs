using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Timers;

/// <summary>
/// Claims due timer rows and fires them through the engine. On PostgreSQL a claim is one
/// <c>UPDATE … FOR UPDATE SKIP LOCKED … RETURNING</c> with a lease, so nodes share the work without
/// waiting on each other; on SQLite (one node) due rows are read directly. Firing is idempotent either way.
/// </summary>
public sealed class TimerDispatcher(
    IWorkflowDbContextFactory dbFactory,
    WorkflowEngine engine,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<TimerDispatcher> logger)
{
    private readonly EngineOptions _options = options.Value;

    /// <summary>Fires every timer due now, batch after batch; returns how many steps were applied.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var applied = 0;
        while (true)
        {
            var claimed = await ClaimAsync(cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return applied;
            }

            var counter = 0;
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = _options.TimerConcurrency, CancellationToken = cancellationToken },
                async (id, ct) =>
                {
                    if (await FireOneAsync(id, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref counter);
                    }
                }).ConfigureAwait(false);
            applied += counter;
        }
    }

    /// <summary>The earliest due time of a pending timer that no node holds, or null.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = EngineClock.Now(time);
        await using var db = dbFactory.CreateDbContext();
        return await db.Timers.Where(t => t.Status == TimerStatus.Pending && (t.LeasedUntil == null || t.LeasedUntil < now))
            .OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> FireOneAsync(Guid id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await engine.FireTimerAsync(id, cancellationToken).ConfigureAwait(false);
                if (outcome != StepOutcome.Conflict || attempt == 3)
                {
                    return outcome == StepOutcome.Applied;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The timer stays pending; its lease lets it be tried again later (here or on another node).
                logger.LogError(ex, "Timer {Timer} failed to fire", id);
                return false;
            }
        }
    }

    private async Task<IReadOnlyList<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = EngineClock.Now(time);
        await using var db = dbFactory.CreateDbContext();
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            var leasedUntil = now + _options.ClaimLease;
            return await db.Database.SqlQuery<Guid>($"""
                UPDATE workflow_timers SET "LeasedUntil" = {leasedUntil}
                WHERE "Id" IN (
                    SELECT "Id" FROM workflow_timers
                    WHERE "Status" = 0 AND "DueAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                    ORDER BY "DueAt" LIMIT {_options.TimerBatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        // SQLite: select candidates, lease only those still free in one UPDATE (writers are serialised), and keep
        // what carries this claim's own lease value, so two dispatchers never take the same timer. The lease also
        // keeps a timer whose step keeps failing from being retried in a tight loop.
        var token = now + _options.ClaimLease + TimeSpan.FromTicks(10L * Random.Shared.Next(1, 1_000_000));
        var candidates = await db.Timers
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.LeasedUntil == null || t.LeasedUntil < now))
            .OrderBy(t => t.DueAt).Take(_options.TimerBatchSize).Select(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return candidates;
        }

        await db.Timers
            .Where(t => candidates.Contains(t.Id) && t.Status == TimerStatus.Pending && (t.LeasedUntil == null || t.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeasedUntil, token), cancellationToken).ConfigureAwait(false);
        var ids = await db.Timers.Where(t => candidates.Contains(t.Id) && t.LeasedUntil == token).Select(t => t.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids;
    }
}
