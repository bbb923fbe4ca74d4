using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Timers;

/// <summary>
/// Claims due timer rows (<see cref="IWorkflowStore.ClaimTimersAsync"/>: a lease per node, so nodes share the work
/// without waiting on each other) and fires them through the engine. Firing is idempotent.
/// Claimed timers are fired in batches of <see cref="EngineOptions.TimerFireBatchSize"/> steps per transaction,
/// falling back to one step per transaction for a batch with anything unusual in it. An instance's timers fire in
/// due order: the claim takes only an instance's earliest pending timer, so two timers of one instance never race
/// (on one node or on two) and the later one is not skipped for arriving first.
/// </summary>
public sealed class TimerDispatcher(
    IWorkflowDbContextFactory dbFactory,
    IWorkflowStore store,
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
                claimed.Chunk(_options.TimerFireBatchSize),
                new ParallelOptions { MaxDegreeOfParallelism = store.ConcurrentWriters ? _options.TimerConcurrency : 1, CancellationToken = cancellationToken },
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
            return await engine.Timers.FireTimerBatchAsync(batch, cancellationToken).ConfigureAwait(false);
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
                var outcome = await engine.Timers.FireTimerAsync(id, cancellationToken).ConfigureAwait(false);
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
        return await store.ClaimTimersAsync(db, now, now + _options.ClaimLease, _options.TimerBatchSize, cancellationToken).ConfigureAwait(false);
    }
}
