using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Runs workflow instances: start, fire triggers, answer which triggers an actor may fire, read state and
/// history. Each call is one unit of work: the instance row, its audit event, outbox rows and timer rows
/// commit together or not at all. Nothing is kept in memory between calls, so any node serves any instance.
/// </summary>
/// <remarks>
/// A thin front over parts with one job each: <see cref="IdempotentStarts"/>, <see cref="TriggerFiring"/> (with
/// <see cref="StepBatcher"/> for group commit), <see cref="TimerFiring"/>, <see cref="TransitionRunner"/>,
/// <see cref="StepCommitter"/>, <see cref="InstanceQueries"/> and <see cref="RunningVersionGuard"/>.
/// </remarks>
public sealed class WorkflowEngine
{
    /// <summary>The longest idempotency key a start takes (<see cref="StartRequest.IdempotencyKey"/>).</summary>
    public const int MaxIdempotencyKey = 100;

    /// <summary>
    /// The longest text a start's parameters or a step's payload may hold, in any of its values. Input is copied into
    /// the instance's variables and into every message a step writes, so none is taken without a limit; domain checks
    /// set tighter ones per field.
    /// </summary>
    public const int MaxInputText = 200_000;

    private readonly IdempotentStarts _starts;
    private readonly InstanceQueries _queries;
    private readonly RunningVersionGuard _runningVersions;
    private readonly StepBatcher? _batcher;

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
        ILogger<WorkflowEngine> logger,
        IOptions<EngineOptions>? options = null,
        IReminderCalendar? reminderCalendar = null)
    {
        Catalog = catalog;
        var runner = new TransitionRunner(catalog, guards, activities, recipients, time, logger) { ReminderCalendar = reminderCalendar };
        var committer = new StepCommitter(dbFactory, store, signals, logger);
        _starts = new IdempotentStarts(dbFactory, runner, committer);
        _queries = new InstanceQueries(dbFactory, runner, time);
        _runningVersions = new RunningVersionGuard(catalog, dbFactory, logger);
        Triggers = new TriggerFiring(dbFactory, runner, committer, time, logger);
        Timers = new TimerFiring(dbFactory, runner, committer, time, logger);
        var engine = options?.Value ?? new EngineOptions();
        _batcher = engine.StepBatchSize > 1 ? new StepBatcher(Triggers, engine.StepBatchSize, engine.StepBatchConcurrency) : null;
    }

    /// <summary>The definitions this engine runs.</summary>
    public WorkflowCatalog Catalog { get; }

    /// <summary>Fires callers' triggers, one per unit of work or a batch in one.</summary>
    internal TriggerFiring Triggers { get; }

    /// <summary>Fires due timers (for the timer dispatcher).</summary>
    internal TimerFiring Timers { get; }

    /// <summary>Starts an instance pinned to the requested (or newest) version of a definition.</summary>
    public Task<StepResult> StartAsync(StartRequest request, Actor actor, CancellationToken cancellationToken = default) =>
        _starts.StartAsync(
            request ?? throw new ArgumentNullException(nameof(request)),
            actor ?? throw new ArgumentNullException(nameof(actor)),
            cancellationToken);

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
        if (ParameterBinding.TooLong(payload, "payload") is { } tooLong)
        {
            return Task.FromResult(tooLong);
        }

        var request = new FireRequest(instanceId, trigger, actor, payload, expectedVersion, cancellationToken);
        return _batcher is null ? Triggers.FireOneAsync(request) : _batcher.FireAsync(request);
    }

    /// <summary>The triggers <paramref name="actor"/> may fire on the instance now (role, state and guards).</summary>
    public Task<IReadOnlyList<string>> GetPermittedTriggersAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken = default) =>
        _queries.GetPermittedTriggersAsync(instanceId, actor ?? throw new ArgumentNullException(nameof(actor)), cancellationToken);

    /// <summary>Reads an instance's state and variables.</summary>
    public Task<InstanceView?> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _queries.GetInstanceAsync(instanceId, cancellationToken);

    /// <summary>Finds an instance by its definition and correlation key.</summary>
    public Task<InstanceView?> FindAsync(string definitionId, string correlationKey, CancellationToken cancellationToken = default) =>
        _queries.FindAsync(definitionId, correlationKey, cancellationToken);

    /// <summary>Every instance of a workflow, newest first.</summary>
    public Task<IReadOnlyList<InstanceView>> ListAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _queries.ListAsync(definitionId, cancellationToken);

    /// <summary>The running instances of a workflow, newest first (filtered in the database).</summary>
    public Task<IReadOnlyList<InstanceView>> ListRunningAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _queries.ListRunningAsync(definitionId, cancellationToken);

    /// <summary>The instance's children.</summary>
    public Task<IReadOnlyList<InstanceView>> GetChildrenAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _queries.GetChildrenAsync(instanceId, cancellationToken);

    /// <summary>The instance's audit events, oldest first.</summary>
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _queries.GetHistoryAsync(instanceId, cancellationToken);

    /// <summary>Recomputes the instance's hash chain: a changed, removed or inserted event breaks it.</summary>
    public Task<AuditVerification> VerifyAuditChainAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        _queries.VerifyAuditChainAsync(instanceId, cancellationToken);

    /// <summary>
    /// Checks the definitions against the versions running instances started on (recorded at their first start): a
    /// version edited in place, or no longer in the workflows folder, would leave those instances in states or with
    /// triggers it no longer has. Returns one error per such version, at its file when it has one.
    /// </summary>
    public Task<IReadOnlyList<DefinitionError>> CheckRunningVersionsAsync(string workflowsPath, CancellationToken cancellationToken = default) =>
        _runningVersions.CheckRunningVersionsAsync(workflowsPath, cancellationToken);
}
