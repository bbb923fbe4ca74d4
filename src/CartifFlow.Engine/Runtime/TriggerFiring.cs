using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Fires a caller's trigger: loads the instance with its pending timers in one round trip, checks the expected version
/// and who may fire, runs the step (<see cref="TransitionRunner"/>) and commits it (<see cref="StepCommitter"/>); or
/// does so for calls on different instances together, in one unit of work (group commit, see <see cref="StepBatcher"/>).
/// </summary>
internal sealed class TriggerFiring(IWorkflowDbContextFactory dbFactory, TransitionRunner runner, StepCommitter committer, TimeProvider time, ILogger logger)
{
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly TransitionRunner _runner = runner;
    private readonly StepCommitter _committer = committer;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    // The reads every step starts with, compiled once per engine (EF Core otherwise looks each one up in its query
    // cache per call). Per engine, not static: a compiled query serves one model, and a process may hold engines over
    // SQLite and PostgreSQL. A flat LEFT JOIN (a row per pending timer, the instance repeated, or one row with no
    // timer) rather than a projected collection: EF Core's collection shaper built a delegate on every execution, 2.6%
    // of a step's CPU (docs/performance.md). Identity resolution makes every row's instance the same tracked object.
    private readonly Func<WorkflowDbContext, Guid, IAsyncEnumerable<InstanceRow>> _loadWithPendingTimersQuery =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) =>
            from i in db.Instances
            where i.Id == id
            from t in db.Timers.Where(t => t.InstanceId == i.Id && t.Status == TimerStatus.Pending).DefaultIfEmpty()
            select new InstanceRow(i, t));

    private readonly Func<WorkflowDbContext, List<Guid>, IAsyncEnumerable<InstanceRow>> _loadManyWithPendingTimersQuery =
        EF.CompileAsyncQuery((WorkflowDbContext db, List<Guid> ids) =>
            from i in db.Instances
            where ids.Contains(i.Id)
            from t in db.Timers.Where(t => t.InstanceId == i.Id && t.Status == TimerStatus.Pending).DefaultIfEmpty()
            select new InstanceRow(i, t));

    /// <summary>One <see cref="WorkflowEngine.FireAsync"/> call in a unit of work of its own.</summary>
    public async Task<StepResult> FireOneAsync(FireRequest request)
    {
        var (instanceId, trigger, actor, payload, expectedVersion, cancellationToken) = request;
        await using var db = _dbFactory.CreateDbContext();

        // The instance and its pending timers in one round trip: most steps leave a state and cancel its timers.
        var loaded = (await LoadWithPendingTimersAsync(_loadWithPendingTimersQuery(db, instanceId), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (loaded is null)
        {
            return new StepResult(StepOutcome.NotFound, null, $"There is no workflow instance {instanceId}.");
        }

        var instance = loaded.Instance;

        if (expectedVersion is { } expected && expected != instance.Version)
        {
            return new StepResult(StepOutcome.Conflict, InstanceView.From(instance), $"The instance is at version {instance.Version}, not {expected}: it changed since it was read.")
            {
                Code = "changed-since-read",
            };
        }

        var definition = _runner.Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        payload ??= [];
        var denied = TriggerAuthorization.Authorize(definition, trigger, actor, payload);
        if (denied is not null)
        {
            return denied with { Instance = InstanceView.From(instance) };
        }

        if (instance.Status != InstanceStatus.Running)
        {
            return new StepResult(StepOutcome.Closed, InstanceView.From(instance), $"The {definition.Id} '{instance.CorrelationKey}' has ended in {instance.State}.") { Code = "ended", Arguments = [instance.CorrelationKey, instance.State] };
        }

        var step = new Step(_runner, db, instance, definition, trigger, payload, actor, EngineClock.Now(_time), new StepSignals(), cancellationToken) { PendingTimers = loaded.Pending };
        StepResult? refused;
        try
        {
            refused = await _runner.FireCoreAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            return ex.ToResult(InstanceView.From(instance));
        }

        return refused ?? await _committer.SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <see cref="WorkflowEngine.FireAsync"/> calls on different instances in one unit of work: one read of the instances
    /// with their pending timers, each step whole on its own (state, audit event, outbox rows, timer rows), one commit.
    /// Anything out of the ordinary (an instance missing or at another version than expected, a refusal, an
    /// exception, a conflict at commit, two steps on one instance) abandons the batch with nothing saved and returns
    /// null: the caller then applies the calls one by one with <see cref="FireOneAsync"/>, which gives each its outcome.
    /// </summary>
    public async Task<StepResult[]?> FireBatchAsync(IReadOnlyList<FireRequest> requests)
    {
        var ids = requests.Select(r => r.InstanceId).ToList();
        await using var db = _dbFactory.CreateDbContext();
        var loaded = (await LoadWithPendingTimersAsync(_loadManyWithPendingTimersQuery(db, ids), CancellationToken.None).ConfigureAwait(false)).ToDictionary(l => l.Instance.Id);
        if (loaded.Count != ids.Count)
        {
            return null;
        }

        var now = EngineClock.Now(_time);
        var signals = new StepSignals();
        var batched = new BatchedInstances();
        var steps = new Step[requests.Count];
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                var (instance, pending) = loaded[request.InstanceId];
                if (request.ExpectedVersion is { } expected && expected != instance.Version || instance.Status != InstanceStatus.Running)
                {
                    return null;
                }

                // The one-by-one fallback starts again from the caller's payload: the batch works on a copy.
                var payload = request.Payload?.DeepClone().AsObject() ?? [];
                var definition = _runner.Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
                if (TriggerAuthorization.Authorize(definition, request.Trigger, request.Actor, payload) is not null)
                {
                    return null;
                }

                var step = new Step(_runner, db, instance, definition, request.Trigger, payload, request.Actor, now, signals, CancellationToken.None) { PendingTimers = pending };
                if (await _runner.FireCoreAsync(step).ConfigureAwait(false) is not null)
                {
                    return null;
                }

                if (!batched.Add(db))
                {
                    return null;
                }

                steps[i] = step;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "A batch of {Count} steps is applied one by one instead", requests.Count);
            return null;
        }

        return await _committer.SaveBatchAsync(db, steps, signals).ConfigureAwait(false);
    }

    /// <summary>Groups the rows of the instance-with-pending-timers reads by instance, in the order they came.</summary>
    private static async Task<List<LoadedInstance>> LoadWithPendingTimersAsync(IAsyncEnumerable<InstanceRow> rows, CancellationToken cancellationToken)
    {
        var result = new List<LoadedInstance>();
        LoadedInstance? current = null;
        await foreach (var (instance, timer) in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (current is null || !ReferenceEquals(current.Instance, instance))
            {
                current = result.Find(l => ReferenceEquals(l.Instance, instance));
                if (current is null)
                {
                    current = new LoadedInstance(instance, []);
                    result.Add(current);
                }
            }

            if (timer is not null)
            {
                current.Pending.Add(timer);
            }
        }

        return result;
    }

    /// <summary>A row of the instance-with-pending-timers reads: the instance and one pending timer, or none.</summary>
    private sealed record InstanceRow(WorkflowInstanceRecord Instance, TimerRecord? Timer);

    /// <summary>An instance (tracked) with its stored pending timers (tracked).</summary>
    private sealed record LoadedInstance(WorkflowInstanceRecord Instance, List<TimerRecord> Pending);
}

/// <summary>
/// The instances a batch's steps changed, at the version each step left them. Each step moves the versions of the
/// instances it changed (its own, a parent's): a version an earlier step of the batch had already moved means two steps
/// on one instance, which a batch leaves alone (its steps are applied one by one instead).
/// </summary>
internal sealed class BatchedInstances
{
    private readonly Dictionary<Guid, int> _versions = [];

    /// <summary>Records the instances the step just run changed; false when one of them an earlier step of the batch changed too.</summary>
    public bool Add(WorkflowDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<WorkflowInstanceRecord>())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Added))
            {
                continue;
            }

            if (_versions.TryGetValue(entry.Entity.Id, out var version) && version != entry.Entity.Version)
            {
                return false;
            }

            _versions[entry.Entity.Id] = entry.Entity.Version;
        }

        return true;
    }
}
