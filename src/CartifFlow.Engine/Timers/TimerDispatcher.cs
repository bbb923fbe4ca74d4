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
/// Claimed timers are fired in batches of <see cref="EngineOptions.TimerFireBatchSize"/> steps per transaction,
/// falling back to one step per transaction for a batch with anything unusual in it. An instance's timers fire in
/// due order: the claim takes only an instance's earliest pending timer, so two timers of one instance never race
/// (on one node or on two) and the later one is not skipped for arriving first.
/// </summary>
public sealed class TimerDispatcher(
    IWorkflowDbContextFactory dbFactory,
    WorkflowEngine engine,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<TimerDispatcher> logger)
{
    private readonly EngineOptions _options = options.Value;

    // SQLite: one writer, and the claim cannot hold back an instance's second timer due at the very same instant,
    // so batches run one after the other, in due order.
    private bool _sequential;

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
                claimed.Chunk(_options.TimerFireBatchSize),
                new ParallelOptions { MaxDegreeOfParallelism = _sequential ? 1 : _options.TimerConcurrency, CancellationToken = cancellationToken },
                async (batch, ct) =>
                {
                    if (batch.Length > 1 && await FireBatchAsync(batch, ct).ConfigureAwait(false) is { } fired)
                    {
                        Interlocked.Add(ref counter, fired);
                        return;
                    }

                    foreach (var id in batch)
                    {
                        if (await FireOneAsync(id, ct).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref counter);
                        }
                    }
                }).ConfigureAwait(false);
            applied += counter;
        }
    }

    /// <summary>
    /// The earliest due time of a timer a claim could take: pending, held by no node, and its instance's earliest
    /// pending timer (a later one waits for it, as the claim does, so a timer held by a node whose step keeps failing
    /// does not keep the pump polling for the ones behind it).
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = EngineClock.Now(time);
        await using var db = dbFactory.CreateDbContext();
        return await db.Timers.Where(t => t.Status == TimerStatus.Pending && (t.LeasedUntil == null || t.LeasedUntil < now))
            .Where(t => !db.Timers.Any(e => e.InstanceId == t.InstanceId && e.Status == TimerStatus.Pending && e.DueAt < t.DueAt))
            .OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int?> FireBatchAsync(Guid[] batch, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.FireTimerBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // E.g. the database went away while loading: the timers are fired one by one, which logs what fails.
            logger.LogDebug(ex, "Timer batch failed; firing one by one");
            return null;
        }
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
                      AND NOT EXISTS (
                        SELECT 1 FROM workflow_timers e
                        WHERE e."InstanceId" = workflow_timers."InstanceId" AND e."Status" = 0
                          AND (e."DueAt" < workflow_timers."DueAt" OR (e."DueAt" = workflow_timers."DueAt" AND e."Id" < workflow_timers."Id")))
                    ORDER BY "DueAt" LIMIT {_options.TimerBatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        _sequential = true;

        // SQLite: select candidates (the earliest pending timer of each instance), lease only those still free in one
        // UPDATE (writers are serialised), and keep what carries this claim's own lease value, so two dispatchers never
        // take the same timer. The lease also keeps a timer whose step keeps failing from being retried in a tight loop.
        var token = now + _options.ClaimLease + TimeSpan.FromTicks(10L * Random.Shared.Next(1, 1_000_000));
        var candidates = await db.Timers
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.LeasedUntil == null || t.LeasedUntil < now))
            .Where(t => !db.Timers.Any(e => e.InstanceId == t.InstanceId && e.Status == TimerStatus.Pending && e.DueAt < t.DueAt))
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
