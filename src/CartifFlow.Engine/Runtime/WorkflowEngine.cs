using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stateless;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Runs workflow instances: start, fire triggers, answer which triggers an actor may fire, read state and
/// history. Each call is one unit of work: the instance row, its audit event, outbox rows and timer rows
/// commit together or not at all. Nothing is kept in memory between calls, so any node serves any instance.
/// </summary>
public sealed class WorkflowEngine
{
    private const string StartTrigger = "(start)";
    private readonly IWorkflowDbContextFactory _dbFactory;
    private readonly IWorkflowStore _store;
    private readonly Dictionary<string, IWorkflowGuard> _guards;
    private readonly Dictionary<string, IWorkflowActivity> _activities;
    private readonly TimeProvider _time;
    private readonly IEngineSignals _signals;
    private readonly ILogger<WorkflowEngine> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _recordedDefinitions = new(StringComparer.Ordinal);
    private readonly StepBatcher? _batcher;

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

    /// <summary>Creates the engine; the host registers it as a singleton.</summary>
    public WorkflowEngine(
        WorkflowCatalog catalog,
        IWorkflowDbContextFactory dbFactory,
        IWorkflowStore store,
        IEnumerable<IWorkflowGuard> guards,
        IEnumerable<IWorkflowActivity> activities,
        IRecipientResolver recipients,
        TimeProvider time,
        IEngineSignals signals,
        IServiceProvider services,
        ILogger<WorkflowEngine> logger,
        IOptions<EngineOptions>? options = null)
    {
        Catalog = catalog;
        _dbFactory = dbFactory;
        _store = store;
        _guards = guards.ToDictionary(g => g.Name, StringComparer.Ordinal);
        _activities = activities.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Recipients = recipients;
        _time = time;
        _signals = signals;
        Services = services;
        _logger = logger;
        var engine = options?.Value ?? new EngineOptions();
        _batcher = engine.StepBatchSize > 1 ? new StepBatcher(this, engine.StepBatchSize, engine.StepBatchConcurrency) : null;
    }

    /// <summary>The definitions this engine runs.</summary>
    public WorkflowCatalog Catalog { get; }

    internal IRecipientResolver Recipients { get; }

    internal IServiceProvider Services { get; }

    internal IWorkflowActivity Activity(string name) => _activities[name];

    /// <summary>Starts an instance pinned to the requested (or newest) version of a definition.</summary>
    public async Task<StepResult> StartAsync(StartRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (!Catalog.TryGet(request.DefinitionId, request.Version, out var definition))
        {
            return new StepResult(StepOutcome.NotFound, null, $"There is no workflow '{request.DefinitionId}'{(request.Version is { } v ? $" version {v}" : string.Empty)}.", "definitionId");
        }

        if (!definition.StartedBy.Any(actor.Roles.Contains))
        {
            return new StepResult(StepOutcome.Forbidden, null, $"Only {string.Join(" or ", definition.StartedBy)} may start a {definition.Id}.")
            {
                Code = "may-not-start",
                Arguments = [definition.Id],
            };
        }

        if (string.IsNullOrWhiteSpace(request.CorrelationKey) || request.CorrelationKey.Length > 200)
        {
            return new StepResult(StepOutcome.Invalid, null, "A correlation key of 1 to 200 characters is required.", "correlationKey");
        }

        if (TooLong(request.Parameters, "parameters") is { } tooLong)
        {
            return tooLong;
        }

        if (request.IdempotencyKey is { } token && (string.IsNullOrWhiteSpace(token) || token.Length > MaxIdempotencyKey))
        {
            return new StepResult(StepOutcome.Invalid, null, $"An idempotency key has 1 to {MaxIdempotencyKey} characters.", "idempotencyKey") { Code = "idempotency-key-invalid" };
        }

        var (variables, error, field) = BindParameters(definition, request.Parameters);
        if (error is not null)
        {
            return new StepResult(StepOutcome.Invalid, null, error, field);
        }

        await using var db = _dbFactory.CreateDbContext();
        if (request.IdempotencyKey is { } idempotencyKey
            && await ReplayAsync(db, definition.Id, idempotencyKey, actor, variables, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        if (await db.Instances.AnyAsync(i => i.DefinitionId == definition.Id && i.CorrelationKey == request.CorrelationKey, cancellationToken).ConfigureAwait(false))
        {
            return new StepResult(StepOutcome.Conflict, null, $"A {definition.Id} with key '{request.CorrelationKey}' exists already.", "correlationKey")
            {
                Code = "key-exists",
                Arguments = [request.CorrelationKey],
            };
        }

        Step step;
        try
        {
            step = await StartCoreAsync(db, definition, request.CorrelationKey, variables, actor, parent: null, parentTrigger: null, cancellationToken).ConfigureAwait(false);
            step.Instance.StartToken = request.IdempotencyKey;
            await FinishAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            return new StepResult(ex.Outcome, null, ex.Message, ex.Field) { Code = ex.Code, Arguments = ex.Arguments };
        }

        return await SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fires <paramref name="trigger"/> on an instance as <paramref name="actor"/>.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="trigger">A trigger declared by the instance's definition.</param>
    /// <param name="actor">Who fires it; role and party are checked before anything runs.</param>
    /// <param name="payload">Data for guards and activities.</param>
    /// <param name="expectedVersion">When given, the step is refused with a conflict unless the instance is still at this version.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <remarks>
    /// Calls on different instances that arrive together are committed together (group commit, see
    /// <see cref="EngineOptions.StepBatchSize"/>): each step stays whole and atomic, and gets its own outcome.
    /// </remarks>
    public Task<StepResult> FireAsync(Guid instanceId, string trigger, Actor actor, JsonObject? payload = null, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (TooLong(payload, "payload") is { } tooLong)
        {
            return Task.FromResult(tooLong);
        }

        var request = new FireRequest(instanceId, trigger, actor, payload, expectedVersion, cancellationToken);
        return _batcher is null ? FireOneAsync(request) : _batcher.FireAsync(request);
    }

    /// <summary>One <see cref="FireAsync"/> call in a unit of work of its own.</summary>
    internal async Task<StepResult> FireOneAsync(FireRequest request)
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

        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        payload ??= [];
        var denied = Authorize(definition, trigger, actor, payload);
        if (denied is not null)
        {
            return denied with { Instance = InstanceView.From(instance) };
        }

        if (instance.Status != InstanceStatus.Running)
        {
            return new StepResult(StepOutcome.Closed, InstanceView.From(instance), $"The {definition.Id} '{instance.CorrelationKey}' has ended in {instance.State}.") { Code = "ended", Arguments = [instance.CorrelationKey, instance.State] };
        }

        var step = new Step(this, db, instance, definition, trigger, payload, actor, EngineClock.Now(_time), new StepSignals(), cancellationToken) { PendingTimers = loaded.Pending };
        StepResult? refused;
        try
        {
            refused = await FireCoreAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            return new StepResult(ex.Outcome, InstanceView.From(instance), ex.Message, ex.Field) { Code = ex.Code, Arguments = ex.Arguments };
        }

        return refused ?? await SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The triggers <paramref name="actor"/> may fire on the instance now (role, state and guards).</summary>
    public async Task<IReadOnlyList<string>> GetPermittedTriggersAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Status != InstanceStatus.Running)
        {
            return [];
        }

        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var result = new List<string>();
        var triggers = definition.Lineage(instance.State).SelectMany(s => s.On.Keys).Distinct(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            if (Authorize(definition, trigger, actor, []) is not null)
            {
                continue;
            }

            var step = new Step(this, db, instance, definition, trigger, [], actor, EngineClock.Now(_time), new StepSignals(), cancellationToken);
            if (await SelectAsync(step).ConfigureAwait(false) is not null)
            {
                result.Add(trigger);
            }
        }

        return result;
    }

    /// <summary>Reads an instance's state and variables.</summary>
    public async Task<InstanceView?> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : InstanceView.From(instance);
    }

    /// <summary>Finds an instance by its definition and correlation key.</summary>
    public async Task<InstanceView?> FindAsync(string definitionId, string correlationKey, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking()
            .FirstOrDefaultAsync(i => i.DefinitionId == definitionId && i.CorrelationKey == correlationKey, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : InstanceView.From(instance);
    }

    /// <summary>Every instance of a workflow, newest first.</summary>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var rows = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(InstanceView.From).ToList();
    }

    /// <summary>The instance's children.</summary>
    public async Task<IReadOnlyList<InstanceView>> GetChildrenAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == instanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return children.OrderBy(c => c.CreatedAt).Select(InstanceView.From).ToList();
    }

    /// <summary>The instance's audit events, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return events.Select(e => new HistoryEntry(e.Sequence, e.At, e.ActorId, e.ActorParty, e.Trigger, e.FromState, e.ToState, JsonNode.Parse(e.PayloadJson)!.AsObject(), e.Hash)).ToList();
    }

    /// <summary>Recomputes the instance's hash chain: a changed, removed or inserted event breaks it.</summary>
    public async Task<AuditVerification> VerifyAuditChainAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        var broken = AuditChain.FirstBreak(events, instance?.AuditHead ?? AuditChain.Genesis);
        return new AuditVerification(events.Count, broken is null, broken);
    }

    /// <summary>
    /// Fires a due timer. Idempotent: a timer that already fired, was cancelled, or whose instance moved on
    /// under another node is left as it is. Returns the outcome for the dispatcher's counters.
    /// </summary>
    internal async Task<StepOutcome> FireTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();

        // The timer, its instance and the instance's pending timers (the fired one among them) in one round trip.
        var loaded = await db.Timers.Where(t => t.Id == timerId)
            .Select(t => new
            {
                Timer = t,
                Instance = db.Instances.First(i => i.Id == t.InstanceId),
                Pending = db.Timers.Where(p => p.InstanceId == t.InstanceId && p.Status == TimerStatus.Pending).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var timer = loaded?.Timer;
        if (loaded is null || timer is null || timer.Status != TimerStatus.Pending)
        {
            return StepOutcome.Closed;
        }

        var now = EngineClock.Now(_time);
        var instance = loaded.Instance;
        timer.CompletedAt = now;
        timer.LeasedUntil = null;
        var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var step = new Step(this, db, instance, definition, timer.Trigger, JsonNode.Parse(timer.PayloadJson)!.AsObject(), Actor.System, now, new StepSignals(), cancellationToken) { PendingTimers = loaded.Pending };
        if (instance.Status != InstanceStatus.Running || await SelectAsync(step).ConfigureAwait(false) is null)
        {
            timer.Status = TimerStatus.Skipped;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Timer {Timer} of {Instance} skipped: {Trigger} not permitted in {State}", timer.Name, instance.Id, timer.Trigger, instance.State);
            return StepOutcome.NotPermitted;
        }

        timer.Status = TimerStatus.Fired;
        StepResult? refusal;
        try
        {
            refusal = await FireCoreAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            refusal = new StepResult(ex.Outcome, null, ex.Message, ex.Field);
        }

        if (refusal is null)
        {
            var saved = await SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
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
    /// permitted, a refusal, an exception, a conflict at commit, two steps on one instance) abandons the batch with
    /// nothing saved, and returns null: the caller then fires the timers one by one with <see cref="FireTimerAsync"/>.
    /// </summary>
    /// <returns>How many timers fired, or null when the batch was abandoned.</returns>
    internal async Task<int?> FireTimerBatchAsync(IReadOnlyList<Guid> timerIds, CancellationToken cancellationToken)
    {
        var ids = timerIds.ToList();
        await using var db = _dbFactory.CreateDbContext();
        var loaded = await db.Timers.Where(t => ids.Contains(t.Id))
            .Select(t => new
            {
                Timer = t,
                Instance = db.Instances.First(i => i.Id == t.InstanceId),
                Pending = db.Timers.Where(p => p.InstanceId == t.InstanceId && p.Status == TimerStatus.Pending).ToList(),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (loaded.Count != ids.Count
            || loaded.Any(l => l.Timer.Status != TimerStatus.Pending || l.Instance.Status != InstanceStatus.Running)
            || loaded.Select(l => l.Instance.Id).Distinct().Count() != loaded.Count)
        {
            return null;
        }

        var now = EngineClock.Now(_time);
        var signals = new StepSignals();
        var stepped = new Dictionary<Guid, int>();
        try
        {
            foreach (var l in loaded)
            {
                var definition = Catalog.Get(l.Instance.DefinitionId, l.Instance.DefinitionVersion);
                var step = new Step(this, db, l.Instance, definition, l.Timer.Trigger, JsonNode.Parse(l.Timer.PayloadJson)!.AsObject(), Actor.System, now, signals, cancellationToken) { PendingTimers = l.Pending };
                if (await SelectAsync(step).ConfigureAwait(false) is null)
                {
                    return null;
                }

                l.Timer.Status = TimerStatus.Fired;
                l.Timer.CompletedAt = now;
                l.Timer.LeasedUntil = null;
                if (await FireCoreAsync(step).ConfigureAwait(false) is not null)
                {
                    return null;
                }

                // Each step moves the versions of the instances it changed (its own, a parent's): a version that an
                // earlier step of the batch had already moved means two steps on one instance, which the batch leaves alone.
                foreach (var entry in db.ChangeTracker.Entries<WorkflowInstanceRecord>().Where(e => e.State is EntityState.Modified or EntityState.Added))
                {
                    if (stepped.TryGetValue(entry.Entity.Id, out var version) && version != entry.Entity.Version)
                    {
                        return null;
                    }

                    stepped[entry.Entity.Id] = entry.Entity.Version;
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "A batch of {Count} timers is fired one by one instead", ids.Count);
            return null;
        }

        Signal(signals);
        return loaded.Count;
    }

    /// <summary>
    /// Applies <see cref="FireAsync"/> calls on different instances in one unit of work: one read of the instances
    /// with their pending timers, each step whole on its own (state, audit event, outbox rows, timer rows), one commit.
    /// Anything out of the ordinary (an instance missing or at another version than expected, a refusal, an
    /// exception, a conflict at commit, two steps on one instance) abandons the batch with nothing saved and returns
    /// null: the caller then applies the calls one by one with <see cref="FireOneAsync"/>, which gives each its outcome.
    /// </summary>
    internal async Task<StepResult[]?> FireBatchAsync(IReadOnlyList<FireRequest> requests)
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
        var stepped = new Dictionary<Guid, int>();
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
                var definition = Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
                if (Authorize(definition, request.Trigger, request.Actor, payload) is not null)
                {
                    return null;
                }

                var step = new Step(this, db, instance, definition, request.Trigger, payload, request.Actor, now, signals, CancellationToken.None) { PendingTimers = pending };
                if (await FireCoreAsync(step).ConfigureAwait(false) is not null)
                {
                    return null;
                }

                // Each step moves the versions of the instances it changed (its own, a parent's): a version that an
                // earlier step of the batch had already moved means two steps on one instance, which the batch leaves alone.
                foreach (var entry in db.ChangeTracker.Entries<WorkflowInstanceRecord>().Where(e => e.State is EntityState.Modified or EntityState.Added))
                {
                    if (stepped.TryGetValue(entry.Entity.Id, out var version) && version != entry.Entity.Version)
                    {
                        return null;
                    }

                    stepped[entry.Entity.Id] = entry.Entity.Version;
                }

                steps[i] = step;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "A batch of {Count} steps is applied one by one instead", requests.Count);
            return null;
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (_store.MayHaveCommitted(ex))
        {
            // A commit whose answer was lost is never applied again one by one: that would record each step twice.
            // Whether it committed is read back; when even that cannot be told, each caller is told the outcome is unknown.
            if (!await CommittedAsync(signals).ConfigureAwait(false))
            {
                _logger.LogWarning(ex, "A batch of {Count} steps: the database did not answer whether it committed", requests.Count);
                return steps.Select(s => OutcomeUnknown(s.Instance)).ToArray();
            }

            _logger.LogWarning(ex, "A batch of {Count} steps was committed although its save reported a failure", requests.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database answered (a stale version, a unique index): nothing was saved.
            _logger.LogDebug(ex, "A batch of {Count} steps is applied one by one instead", requests.Count);
            return null;
        }

        Signal(signals);
        return steps.Select(s => new StepResult(StepOutcome.Applied, InstanceView.From(s.Instance))).ToArray();
    }

    internal async Task StartChildAsync(Step parent, StartChildActivity activity)
    {
        if (!Catalog.TryGet(activity.Workflow, activity.Version, out var definition))
        {
            throw new InvalidOperationException($"Workflow {activity.Workflow} is not loaded.");
        }

        var parameters = new JsonObject();
        foreach (var (name, expression) in activity.With)
        {
            parameters[name] = parent.Resolve(expression)?.DeepClone();
        }

        var (variables, error, field) = BindParameters(definition, parameters);
        if (error is not null)
        {
            throw new StepRejectedException($"Cannot start {definition.Id}: {error}", field);
        }

        var key = activity.Key is null
            ? $"{parent.Instance.CorrelationKey}/{definition.Id}/{parent.Instance.AuditSequence + 1}"
            : parent.Resolve(activity.Key)?.ToString() ?? throw new StepRejectedException($"{activity.Key} has no value", activity.Key);
        // A key in use is a conflict to report, not a unique index to trip over at the commit (checked against the
        // database and against children this unit of work has started already).
        var taken = parent.Db.Instances.Local.Any(i => i.DefinitionId == definition.Id && i.CorrelationKey == key)
            || await parent.Db.Instances.AnyAsync(i => i.DefinitionId == definition.Id && i.CorrelationKey == key, parent.CancellationToken).ConfigureAwait(false);
        if (taken)
        {
            throw new StepRejectedException($"A {definition.Id} with key '{key}' exists already.", "key", StepOutcome.Conflict)
            {
                Code = "key-exists",
                Arguments = [key],
            };
        }

        var child = await StartCoreAsync(parent.Db, definition, key, variables, Actor.System, parent.Instance, activity.OnComplete, parent.CancellationToken, parent.Signals).ConfigureAwait(false);
        await FinishAsync(child).ConfigureAwait(false);
    }

    private async Task<Step> StartCoreAsync(WorkflowDbContext db, WorkflowDefinition definition, string key, JsonObject variables, Actor actor, WorkflowInstanceRecord? parent, string? parentTrigger, CancellationToken cancellationToken, StepSignals? signals = null)
    {
        var now = EngineClock.Now(_time);
        var instance = new WorkflowInstanceRecord
        {
            Id = Guid.CreateVersion7(),
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationKey = key,
            State = definition.InitialState,
            Status = InstanceStatus.Running,
            VariablesJson = variables.ToJsonString(),
            ParentId = parent?.Id,
            ParentTrigger = parentTrigger,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
            AuditSequence = 0,
            AuditHead = AuditChain.Genesis,
        };
        db.Instances.Add(instance);
        await EnsureDefinitionRecordedAsync(db, definition, now, cancellationToken).ConfigureAwait(false);
        var step = new Step(this, db, instance, definition, StartTrigger, variables.DeepClone().AsObject(), actor, now, signals ?? new StepSignals(), cancellationToken);

        // Enter the initial state and, through 'initial', its sub-states, outermost first.
        var path = new List<string> { definition.InitialState };
        while (definition.States[path[^1]].InitialSubstate is { } sub)
        {
            path.Add(sub);
        }

        foreach (var state in path)
        {
            await step.RunAsync(definition.States[state].Entry, state).ConfigureAwait(false);
        }

        instance.State = path[^1];
        return step;
    }

    /// <summary>
    /// Checks the definitions against the versions running instances started on (recorded at their first start): a
    /// version edited in place, or no longer in the workflows folder, would leave those instances in states or with
    /// triggers it no longer has. Returns one error per such version, at its file when it has one.
    /// </summary>
    public async Task<IReadOnlyList<DefinitionError>> CheckRunningVersionsAsync(string workflowsPath, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var running = (await db.Instances.AsNoTracking().Where(i => i.Status == InstanceStatus.Running)
            .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion }).Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.DefinitionId, StringComparer.Ordinal).ThenBy(r => r.DefinitionVersion).ToList();
        var recorded = (await db.Definitions.AsNoTracking().Select(d => new { d.Id, d.Version, d.SourceHash, d.Source }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(d => (d.Id, d.Version), d => (d.SourceHash, d.Source));
        var errors = new List<DefinitionError>();
        foreach (var r in running)
        {
            if (!Catalog.TryGet(r.DefinitionId, r.DefinitionVersion, out var definition))
            {
                errors.Add(new DefinitionError(new SourceLocation(workflowsPath, 1, 1),
                    $"{r.DefinitionId} version {r.DefinitionVersion} is no longer in the workflows folder, but {r.Count} running instances use it: keep that version's file next to the new one"));
            }
            else if (recorded.TryGetValue((r.DefinitionId, r.DefinitionVersion), out var first) && !string.Equals(first.SourceHash, definition.SourceHash, StringComparison.OrdinalIgnoreCase))
            {
                // An edit of comments or layout only (the same keys, values and order) leaves the instances as they were.
                if (YamlMeaning.Hash(first.Source) is { } before && before == YamlMeaning.Hash(definition.Source))
                {
                    _logger.LogInformation("{Workflow} version {Version} was edited in place since it was first loaded, in comments or layout only", r.DefinitionId, r.DefinitionVersion);
                    continue;
                }

                errors.Add(new DefinitionError(definition.Location,
                    $"{r.DefinitionId} version {r.DefinitionVersion} was changed after {r.Count} running instances started on it: restore it, and put the change in a new file with version: {r.DefinitionVersion + 1}"));
            }
        }

        return errors;
    }

    private async Task EnsureDefinitionRecordedAsync(WorkflowDbContext db, WorkflowDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Once seen in the database, a definition version stays recorded (rows are never removed): later starts skip
        // the read. This is per definition, not per instance.
        if (_recordedDefinitions.ContainsKey(definition.Key) || db.Definitions.Local.Any(d => d.Id == definition.Id && d.Version == definition.Version))
        {
            return;
        }

        if (await db.Definitions.AnyAsync(d => d.Id == definition.Id && d.Version == definition.Version, cancellationToken).ConfigureAwait(false))
        {
            _recordedDefinitions.TryAdd(definition.Key, true);
            return;
        }

        db.Definitions.Add(new DefinitionRecord { Id = definition.Id, Version = definition.Version, Source = definition.Source, SourceHash = definition.SourceHash, FirstLoadedAt = now });
    }

    /// <summary>Runs the selected transition; returns a refusal, or null when the step is ready to save.</summary>
    private async Task<StepResult?> FireCoreAsync(Step step)
    {
        var selected = await SelectAsync(step).ConfigureAwait(false);
        if (selected is null)
        {
            var declared = step.Definition.Lineage(step.Instance.State).Any(s => s.On.ContainsKey(step.Trigger));
            var why = declared
                ? $"'{step.Trigger}' is not possible now: no condition for it holds in {step.Instance.State}."
                : $"'{step.Trigger}' is not possible in {step.Instance.State}.";
            return new StepResult(StepOutcome.NotPermitted, InstanceView.From(step.Instance), why)
            {
                Code = declared ? "not-possible-now" : "not-possible-in-state",
                Arguments = [step.Trigger, step.Instance.State],
            };
        }

        var (owner, transition) = selected.Value;
        await step.RunAsync(transition.Actions, owner.Name).ConfigureAwait(false);
        if (!transition.Internal)
        {
            var machine = BuildMachine(step, owner.Name, transition);
            await machine.FireAsync(step.Trigger).ConfigureAwait(false);
        }

        await FinishAsync(step).ConfigureAwait(false);
        return null;
    }

    /// <summary>Records the step: audit event, completion and the parent's trigger.</summary>
    private async Task FinishAsync(Step step)
    {
        step.Commit();
        var instance = step.Instance;
        var fromState = step.Trigger == StartTrigger ? string.Empty : (step.Db.Entry(instance).Property(i => i.State).OriginalValue ?? string.Empty);
        if (step.Db.Entry(instance).State == EntityState.Added)
        {
            fromState = string.Empty;
        }

        var audit = new AuditEventRecord
        {
            InstanceId = instance.Id,
            Sequence = instance.AuditSequence + 1,
            At = step.Now,
            ActorId = step.Actor.Id,
            ActorParty = step.Actor.Party,
            Trigger = step.Trigger,
            FromState = fromState,
            ToState = instance.State,
            PayloadJson = step.Payload.ToJsonString(),
            PreviousHash = instance.AuditHead,
            Hash = string.Empty,
        };
        audit.Hash = AuditChain.Compute(audit);
        step.Db.AuditEvents.Add(audit);
        step.Signals.Witness ??= audit;
        instance.AuditSequence = audit.Sequence;
        instance.AuditHead = audit.Hash;
        instance.UpdatedAt = step.Now;
        instance.Version++;

        if (step.Definition.States[instance.State].Final && instance.Status == InstanceStatus.Running)
        {
            instance.Status = InstanceStatus.Completed;
            instance.CompletedAt = step.Now;
            await step.CancelTimersAsync(_ => true).ConfigureAwait(false);
            if (instance.ParentId is { } parentId && instance.ParentTrigger is { } parentTrigger)
            {
                await NotifyParentAsync(step, parentId, parentTrigger).ConfigureAwait(false);
            }
        }

    }

    private async Task NotifyParentAsync(Step child, Guid parentId, string trigger)
    {
        var parent = child.Db.Instances.Local.FirstOrDefault(i => i.Id == parentId)
            ?? await child.Db.Instances.FirstAsync(i => i.Id == parentId, child.CancellationToken).ConfigureAwait(false);
        if (parent.Status != InstanceStatus.Running)
        {
            return;
        }

        var payload = new JsonObject
        {
            ["child"] = new JsonObject
            {
                ["id"] = child.Instance.Id,
                ["workflow"] = child.Definition.Id,
                ["key"] = child.Instance.CorrelationKey,
                ["state"] = child.Instance.State,
                ["variables"] = child.Variables.DeepClone(),
            },
        };
        var definition = Catalog.Get(parent.DefinitionId, parent.DefinitionVersion);
        var step = new Step(this, child.Db, parent, definition, trigger, payload, Actor.System, child.Now, child.Signals, child.CancellationToken);
        var refused = await FireCoreAsync(step).ConfigureAwait(false);
        if (refused is not null)
        {
            _logger.LogWarning("Parent {Parent} did not take {Trigger} from child {Child}: {Message}", parentId, trigger, child.Instance.Id, refused.Message);
        }
    }

    private async Task<StepResult> SaveAsync(WorkflowDbContext db, Step step, CancellationToken cancellationToken)
    {
        try
        {
            // Once sent, a save is seen through: a caller that gives up meanwhile must not leave its outcome unknown.
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (_store.MayHaveCommitted(ex))
        {
            // The answer was lost: the step is read back, never applied again (a caller without a version would).
            if (!await CommittedAsync(step.Signals).ConfigureAwait(false))
            {
                _logger.LogWarning(ex, "Step {Trigger} on {Instance}: the database did not answer whether it committed", step.Trigger, step.Instance.Id);
                return OutcomeUnknown(step.Instance);
            }

            _logger.LogWarning(ex, "Step {Trigger} on {Instance} committed although its save reported a failure", step.Trigger, step.Instance.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new StepResult(StepOutcome.Conflict, null, "Another change to this workflow was saved first; read it again and retry.") { Code = "changed-since-read" };
        }
        catch (TextTooLongException ex)
        {
            // Nothing was sent: the step's input does not fit where it would be kept.
            return new StepResult(StepOutcome.Invalid, null, ex.Message, ex.Field)
            {
                Code = "too-long",
                Arguments = [ex.Field, ex.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            };
        }
        catch (DbUpdateException ex)
        {
            // Two first starts of a definition version both record it: the loser saves again without that row.
            if (await ForgetDefinitionsRecordedMeanwhileAsync(db, cancellationToken).ConfigureAwait(false))
            {
                return await SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
            }

            // Two starts with the same idempotency key at once (a form submitted twice) both passed the check before
            // the step: the loser answers as the check would have, with the winner's instance.
            if (await TokenTakenMeanwhileAsync(db, step, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                _logger.LogDebug(ex, "Start with idempotency key '{Token}' lost a race", step.Instance.StartToken);
                return replay;
            }

            // Two starts with the same key at once (two officers, a retried request) both passed the check before the
            // step: the loser is told the key is taken, as the check would have told it.
            if (await KeyTakenMeanwhileAsync(db, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                _logger.LogDebug(ex, "Start of {Workflow} '{Key}' lost a race", taken.DefinitionId, taken.CorrelationKey);
                return new StepResult(StepOutcome.Conflict, null, $"A {taken.DefinitionId} with key '{taken.CorrelationKey}' exists already.", "correlationKey")
                {
                    Code = "key-exists",
                    Arguments = [taken.CorrelationKey],
                };
            }

            // A unique index (audit sequence, correlation key) can fire before the concurrency check does.
            if (!await ChangedUnderneathAsync(step, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            _logger.LogDebug(ex, "Step on {Instance} lost a race", step.Instance.Id);
            return new StepResult(StepOutcome.Conflict, null, "Another change to this workflow was saved first; read it again and retry.") { Code = "changed-since-read" };
        }

        Signal(step.Signals);
        return new StepResult(StepOutcome.Applied, InstanceView.From(step.Instance));
    }

    /// <summary>Tells the dispatchers what a committed unit of work wrote.</summary>
    private void Signal(StepSignals signals)
    {
        if (signals.Outbox > 0)
        {
            _signals.OutboxWritten();
        }

        if (signals.EarliestTimer is { } due)
        {
            _signals.TimerScheduled(due);
        }
    }

    /// <summary>
    /// The answer for a step whose commit may or may not have happened: it names the instance as the step would have
    /// left it, so that a reader can tell later (the instance is at that version, or a start's idempotency key finds it).
    /// </summary>
    private static StepResult OutcomeUnknown(WorkflowInstanceRecord instance) =>
        new(StepOutcome.Unknown, InstanceView.From(instance),
            $"The database did not answer whether the step was saved, and it is not applied again: it was when the instance is at version {instance.Version}.")
        {
            Code = "outcome-unknown",
            Arguments = [instance.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        };

    /// <summary>
    /// Whether a unit of work whose save failed without an answer committed: its witness (an audit event) is looked for.
    /// False when it is not found or the read fails: then it is unknown (a transaction still in flight on the server
    /// may yet commit), and never taken for "nothing saved".
    /// </summary>
    private async Task<bool> CommittedAsync(StepSignals signals)
    {
        if (signals.Witness is not { } witness)
        {
            return false;
        }

        try
        {
            await using var check = _dbFactory.CreateDbContext();
            var (instance, sequence, hash) = (witness.InstanceId, witness.Sequence, witness.Hash);
            return await check.AuditEvents.AnyAsync(e => e.InstanceId == instance && e.Sequence == sequence && e.Hash == hash).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Reading back whether a step on {Instance} committed failed", witness.InstanceId);
            return false;
        }
    }

    private async Task<bool> ForgetDefinitionsRecordedMeanwhileAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var forgotten = false;
        foreach (var entry in db.ChangeTracker.Entries<DefinitionRecord>().Where(e => e.State == EntityState.Added).ToList())
        {
            await using var other = _dbFactory.CreateDbContext();
            var (id, version) = (entry.Entity.Id, entry.Entity.Version);
            if (await other.Definitions.AnyAsync(d => d.Id == id && d.Version == version, cancellationToken).ConfigureAwait(false))
            {
                entry.State = EntityState.Detached;
                forgotten = true;
            }
        }

        return forgotten;
    }

    /// <summary>The longest idempotency key a start takes (<see cref="StartRequest.IdempotencyKey"/>).</summary>
    public const int MaxIdempotencyKey = 100;

    /// <summary>
    /// The answer to a start whose idempotency key an earlier start took, or null when none did: that start's
    /// instance when the same actor asked with the same parameters (the start event's payload), else a refusal.
    /// </summary>
    private static async Task<StepResult?> ReplayAsync(WorkflowDbContext db, string definitionId, string token, Actor actor, JsonObject variables, CancellationToken cancellationToken)
    {
        var earlier = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.DefinitionId == definitionId && i.StartToken == token, cancellationToken).ConfigureAwait(false);
        if (earlier is null)
        {
            return null;
        }

        var start = await db.AuditEvents.AsNoTracking().Where(a => a.InstanceId == earlier.Id).OrderBy(a => a.Sequence)
            .Select(a => new { a.ActorId, a.PayloadJson }).FirstAsync(cancellationToken).ConfigureAwait(false);
        if (start.ActorId == actor.Id && JsonNode.DeepEquals(JsonNode.Parse(start.PayloadJson), variables))
        {
            return new StepResult(StepOutcome.Applied, InstanceView.From(earlier)) { Replayed = true };
        }

        return new StepResult(StepOutcome.Conflict, null, "This idempotency key was used for a different request; use a new key for a new request.", "idempotencyKey")
        {
            Code = "idempotency-key-reused",
        };
    }

    /// <summary>The answer for a start that lost a race for its idempotency key (see <see cref="ReplayAsync"/>), or null.</summary>
    private async Task<StepResult?> TokenTakenMeanwhileAsync(WorkflowDbContext db, Step step, CancellationToken cancellationToken)
    {
        if (step.Instance.StartToken is not { } token || db.Entry(step.Instance).State != EntityState.Added)
        {
            return null;
        }

        await using var other = _dbFactory.CreateDbContext();
        return await ReplayAsync(other, step.Instance.DefinitionId, token, step.Actor, step.Payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An instance this unit of work starts whose key another unit of work has taken since, or null.</summary>
    private async Task<WorkflowInstanceRecord?> KeyTakenMeanwhileAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var started = db.ChangeTracker.Entries<WorkflowInstanceRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (started.Count == 0)
        {
            return null;
        }

        await using var other = _dbFactory.CreateDbContext();
        foreach (var instance in started)
        {
            var (definition, key, id) = (instance.DefinitionId, instance.CorrelationKey, instance.Id);
            if (await other.Instances.AnyAsync(i => i.DefinitionId == definition && i.CorrelationKey == key && i.Id != id, cancellationToken).ConfigureAwait(false))
            {
                return instance;
            }
        }

        return null;
    }

    private async Task<bool> ChangedUnderneathAsync(Step step, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var current = await db.Instances.AsNoTracking().Where(i => i.Id == step.Instance.Id).Select(i => (int?)i.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var original = (int)step.Db.Entry(step.Instance).Property(i => i.Version).OriginalValue;
        return step.Db.Entry(step.Instance).State == EntityState.Added ? current is not null : current != original;
    }

    /// <summary>Finds the transition a trigger takes: innermost state first, first transition whose guard holds.</summary>
    private async Task<(StateDefinition Owner, TransitionDefinition Transition)?> SelectAsync(Step step)
    {
        foreach (var state in step.Definition.Lineage(step.Instance.State))
        {
            if (!state.On.TryGetValue(step.Trigger, out var transitions))
            {
                continue;
            }

            foreach (var transition in transitions)
            {
                if (transition.When is null || await _guards[transition.When].EvaluateAsync(step).ConfigureAwait(false))
                {
                    return (state, transition);
                }
            }
        }

        return null;
    }

    private static StepResult? Authorize(WorkflowDefinition definition, string trigger, Actor actor, JsonObject payload)
    {
        if (!definition.Triggers.TryGetValue(trigger, out var declared))
        {
            return new StepResult(StepOutcome.NotPermitted, null, $"A {definition.Id} has no trigger '{trigger}'.", "trigger");
        }

        if (!declared.Roles.Any(actor.Roles.Contains))
        {
            return new StepResult(StepOutcome.Forbidden, null, $"'{trigger}' may be done only by {string.Join(" or ", declared.Roles)}.")
            {
                Code = "role-may-not",
                Arguments = [trigger],
            };
        }

        if (declared.ForParty)
        {
            if (actor.Party is null)
            {
                return new StepResult(StepOutcome.Forbidden, null, $"'{trigger}' is done for a party, and {actor.Id} belongs to none.")
                {
                    Code = "actor-has-no-party",
                    Arguments = [trigger],
                };
            }

            if (payload["party"] is JsonValue p && p.TryGetValue<string>(out var party) && !string.Equals(party, actor.Party, StringComparison.Ordinal))
            {
                return new StepResult(StepOutcome.Forbidden, null, $"{actor.Id} acts for {actor.Party} and may not act for {party}.", "party")
                {
                    Code = "not-own-party",
                    Arguments = [actor.Party, party],
                };
            }

            payload["party"] = actor.Party;
        }

        return null;
    }

    /// <summary>Builds the Stateless machine for one step; guards answer only for the selected transition.</summary>
    private static StateMachine<string, string> BuildMachine(Step step, string owner, TransitionDefinition selected)
    {
        var machine = WorkflowMachines.Configure(
            step.Definition,
            () => step.Instance.State,
            s => step.Instance.State = s,
            (state, transition) => state == owner && ReferenceEquals(transition, selected),
            onEntry: (state, _) => step.RunAsync(state.Entry, state.Name),
            onExit: async (state, _) =>
            {
                await step.RunAsync(state.Exit, state.Name).ConfigureAwait(false);
                await step.CancelTimersAsync(t => t.OwnerState == state.Name).ConfigureAwait(false);
            });
        return machine;
    }

    /// <summary>
    /// The longest text a start's parameters or a step's payload may hold, in any of its values. Input is copied into
    /// the instance's variables and into every message a step writes, so none is taken without a limit; domain checks
    /// set tighter ones per field.
    /// </summary>
    public const int MaxInputText = 200_000;

    private static StepResult? TooLong(JsonNode? input, string path)
    {
        switch (input)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (TooLong(value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (TooLong(a[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Length > MaxInputText:
                var field = path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..];
                return new StepResult(StepOutcome.Invalid, null, $"'{field}' is {text.Length:N0} characters long; at most {MaxInputText:N0} are kept.", field)
                {
                    Code = "too-long",
                    Arguments = [field, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxInputText.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                };
            default:
                return null;
        }
    }

    private static (JsonObject Variables, string? Error, string? Field) BindParameters(WorkflowDefinition definition, JsonObject? supplied)
    {
        var variables = new JsonObject();
        supplied ??= [];
        foreach (var (name, _) in supplied)
        {
            if (!definition.Parameters.ContainsKey(name))
            {
                return (variables, $"'{name}' is not a parameter of {definition.Id} (parameters: {string.Join(", ", definition.Parameters.Keys)}).", $"parameters.{name}");
            }
        }

        foreach (var parameter in definition.Parameters.Values)
        {
            if (supplied.TryGetPropertyValue(parameter.Name, out var node) && node is not null)
            {
                var (value, error) = ParameterValues.FromJson(parameter, node);
                if (error is not null)
                {
                    return (variables, $"'{parameter.Name}' {error}", $"parameters.{parameter.Name}");
                }

                variables[parameter.Name] = value;
            }
            else if (parameter.Default is not null)
            {
                variables[parameter.Name] = parameter.Default.DeepClone();
            }
            else if (parameter.Required)
            {
                return (variables, $"'{parameter.Name}' is required.", $"parameters.{parameter.Name}");
            }
        }

        return (variables, null, null);
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
