using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Fires due timers the dispatcher claimed: one per unit of work, or several of different instances in one. Idempotent:
/// the timer is marked fired in the step's own unit of work, so a timer that already fired, was cancelled, or whose
/// instance moved on under another node is left as it is, however often its job runs.
/// </summary>
internal sealed class TimerFiring(IWorkflowDbContextFactory dbFactory, TransitionRunner runner, StepCommitter committer, TimeProvider time, ILogger logger)
{
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly TransitionRunner _runner = runner;
    private readonly StepCommitter _committer = committer;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    /// <summary>Fires a due timer; returns the outcome for the dispatcher's counters.</summary>
    public async Task<StepOutcome> FireTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();

        // The timer, its instance and the instance's pending timers (the fired one among them) in one round trip.
        var loaded = await WithInstances(db, db.Timers.Where(t => t.Id == timerId)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var timer = loaded?.Timer;
        if (loaded is null || timer is null || timer.Status != TimerStatus.Pending)
        {
            return StepOutcome.Closed;
        }

        var now = EngineClock.Now(_time);
        var instance = loaded.Instance;
        var step = await PrepareAsync(db, loaded, now, new StepSignals(), cancellationToken).ConfigureAwait(false);
        if (step is null)
        {
            timer.Status = TimerStatus.Skipped;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Timer {Timer} of {Instance} skipped: {Trigger} not permitted in {State}", timer.Name, instance.Id, timer.Trigger, instance.State);
            return StepOutcome.NotPermitted;
        }

        StepResult? refusal;
        try
        {
            refusal = await _runner.FireCoreAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            refusal = ex.ToResult(null);
        }

        if (refusal is null)
        {
            var saved = await _committer.SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
            // Unknown: the timer stays pending; fired again, it finds itself fired when the step did commit.
            if (saved.Outcome is StepOutcome.Applied or StepOutcome.Conflict or StepOutcome.Unknown)
            {
                return saved.Outcome;
            }

            refusal = saved;
        }

        if (refusal.Outcome == StepOutcome.Conflict)
        {
            // Another change to the instance came first: the timer is tried again on the instance as it now is.
            return refusal.Outcome;
        }

        // The step refuses the timer's own trigger and input, so it would refuse every time: the timer is skipped, for
        // the record, rather than tried again every lease for ever while the instance's later timers (its deadline
        // after a reminder) wait behind it.
        await using var record = _dbFactory.CreateDbContext();
        await record.Timers.Where(t => t.Id == timerId && t.Status == TimerStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TimerStatus.Skipped).SetProperty(t => t.CompletedAt, now).SetProperty(t => t.LeasedUntil, (DateTimeOffset?)null), cancellationToken)
            .ConfigureAwait(false);
        _logger.LogError("Timer {Timer} of {Instance} skipped: its step ({Trigger} in {State}) was refused: {Message}", timer.Name, instance.Id, timer.Trigger, instance.State, refusal.Message);
        return refusal.Outcome;
    }

    /// <summary>
    /// Fires due timers of different instances in one unit of work: each timer's step is whole on its own (state,
    /// audit event, outbox rows, timer rows) and the batch commits them together, so a timer storm costs one commit
    /// per batch rather than one per timer. Anything out of the ordinary (a timer no longer pending, a trigger not
    /// permitted, a refusal, an exception, a failure at commit, two steps on one instance) abandons the batch and
    /// returns null: the caller then fires the timers one by one with <see cref="FireTimerAsync"/>, which finds a timer
    /// fired when a batch whose answer was lost did commit.
    /// </summary>
    /// <returns>How many timers fired, or null when the batch was abandoned.</returns>
    public async Task<int?> FireTimerBatchAsync(IReadOnlyList<Guid> timerIds, CancellationToken cancellationToken)
    {
        var ids = timerIds.ToList();
        await using var db = _dbFactory.CreateDbContext();
        var loaded = await WithInstances(db, db.Timers.Where(t => ids.Contains(t.Id))).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (loaded.Count != ids.Count
            || loaded.Any(l => l.Timer.Status != TimerStatus.Pending || l.Instance.Status != InstanceStatus.Running)
            || loaded.Select(l => l.Instance.Id).Distinct().Count() != loaded.Count)
        {
            return null;
        }

        var now = EngineClock.Now(_time);
        var signals = new StepSignals();
        var batched = new BatchedInstances();
        try
        {
            foreach (var l in loaded)
            {
                var step = await PrepareAsync(db, l, now, signals, cancellationToken).ConfigureAwait(false);
                if (step is null || await _runner.FireCoreAsync(step).ConfigureAwait(false) is not null || !batched.Add(db))
                {
                    return null;
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "A batch of {Count} timers is fired one by one instead", ids.Count);
            return null;
        }

        _committer.Signal(signals);
        return loaded.Count;
    }

    /// <summary>
    /// The step a due timer fires on its instance, with the timer marked fired (it commits with the step); null when the
    /// instance has ended or the timer's trigger is not permitted there now.
    /// </summary>
    private async Task<Step?> PrepareAsync(WorkflowDbContext db, LoadedTimer loaded, DateTimeOffset now, StepSignals signals, CancellationToken cancellationToken)
    {
        var (timer, instance) = (loaded.Timer, loaded.Instance);
        timer.CompletedAt = now;
        timer.LeasedUntil = null;
        var definition = _runner.Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var step = new Step(_runner, db, instance, definition, timer.Trigger, JsonNode.Parse(timer.PayloadJson)!.AsObject(), Actor.System, now, signals, cancellationToken) { PendingTimers = loaded.Pending };
        if (instance.Status != InstanceStatus.Running || await _runner.SelectAsync(step).ConfigureAwait(false) is null)
        {
            return null;
        }

        timer.Status = TimerStatus.Fired;
        return step;
    }

    /// <summary>The timers with their instances and the instances' pending timers (tracked), in one round trip.</summary>
    private static IQueryable<LoadedTimer> WithInstances(WorkflowDbContext db, IQueryable<TimerRecord> timers) =>
        timers.Select(t => new LoadedTimer
        {
            Timer = t,
            Instance = db.Instances.First(i => i.Id == t.InstanceId),
            Pending = db.Timers.Where(p => p.InstanceId == t.InstanceId && p.Status == TimerStatus.Pending).ToList(),
        });

    /// <summary>A timer, its instance and the instance's pending timers.</summary>
    private sealed class LoadedTimer
    {
        public required TimerRecord Timer { get; init; }

        public required WorkflowInstanceRecord Instance { get; init; }

        public required List<TimerRecord> Pending { get; init; }
    }
}
