using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Persistence;

namespace CartifFlow.Engine.Runtime;

/// <summary>Who fires a trigger: a person with roles, possibly acting for a party, or the engine itself.</summary>
/// <param name="Id">Stable id of the person (or <c>system</c>).</param>
/// <param name="Roles">The person's roles.</param>
/// <param name="Party">The party (country code) the person belongs to, if any.</param>
public sealed record Actor(string Id, IReadOnlySet<string> Roles, string? Party)
{
    /// <summary>The engine itself: timers and child completions.</summary>
    public static readonly Actor System = new("system", new HashSet<string>(StringComparer.Ordinal) { WorkflowDefinitionValidator.SystemRole }, null);

    /// <summary>Convenience constructor.</summary>
    public static Actor Person(string id, string? party, params string[] roles) => new(id, roles.ToHashSet(StringComparer.Ordinal), party);
}

/// <summary>What a guard or activity sees of the step in progress.</summary>
public interface IStepContext
{
    /// <summary>The instance's row (tracked: changes commit with the step).</summary>
    WorkflowInstanceRecord Instance { get; }

    /// <summary>The definition version the instance is pinned to.</summary>
    WorkflowDefinition Definition { get; }

    /// <summary>The instance's variables (changes commit with the step).</summary>
    JsonObject Variables { get; }

    /// <summary>The trigger being fired (or <c>(start)</c>).</summary>
    string Trigger { get; }

    /// <summary>The trigger's payload.</summary>
    JsonObject Payload { get; }

    /// <summary>Who fires it.</summary>
    Actor Actor { get; }

    /// <summary>The step's instant (one value for the whole step).</summary>
    DateTimeOffset Now { get; }

    /// <summary>The unit of work: rows added here commit with the step, or not at all.</summary>
    WorkflowDbContext Db { get; }

    /// <summary>Cancellation of the step.</summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>A named condition on a transition (<c>when: name</c>), implemented by the domain.</summary>
public interface IWorkflowGuard
{
    /// <summary>The name definitions use.</summary>
    string Name { get; }

    /// <summary>Evaluates the guard; it must not change anything.</summary>
    ValueTask<bool> EvaluateAsync(IStepContext context);
}

/// <summary>A named activity (<c>action: name</c>), implemented by the domain.</summary>
public interface IWorkflowActivity
{
    /// <summary>The name definitions use.</summary>
    string Name { get; }

    /// <summary>
    /// The templates the activity sends through <see cref="IStepEffects.NotifyAsync"/>. They are checked against the
    /// template catalog when the definitions load, as the templates a definition names are, so that a missing one stops
    /// the host from starting instead of failing an e-mail. None by default.
    /// </summary>
    IReadOnlyCollection<string> Templates => [];

    /// <summary>
    /// Runs inside the step's unit of work. It must not talk to the outside world (write outbox
    /// messages through <see cref="IStepEffects"/> instead). Throw <see cref="StepRejectedException"/>
    /// to refuse the step with a message for the caller; any exception undoes the whole step.
    /// </summary>
    Task ExecuteAsync(IStepContext context, IStepEffects effects);
}

/// <summary>What an activity may cause beyond its own rows.</summary>
public interface IStepEffects
{
    /// <summary>Sends a message through the outbox (one per envelope the resolver produces).</summary>
    Task NotifyAsync(string template, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info, JsonObject? model = null);

    /// <summary>
    /// Cancels the pending timers with this name and, when the current state or a superstate declares them in
    /// its entry, starts them again from the current variables (e.g. after a deadline moved).
    /// </summary>
    Task ReplanTimersAsync(string timerName);
}

/// <summary>Thrown by a guard or activity to refuse a step because of its input; nothing is written.</summary>
public sealed class StepRejectedException(string message, string? field = null, StepOutcome outcome = StepOutcome.Invalid) : Exception(message)
{
    /// <summary>The payload field at fault, if any.</summary>
    public string? Field { get; } = field;

    /// <summary>How the refusal is reported (Invalid by default; Closed for e.g. a response after the deadline).</summary>
    public StepOutcome Outcome { get; } = outcome;

    /// <summary>
    /// A stable code for the refusal (e.g. <c>reason-required</c>), so that a reader's page can say it in their language;
    /// null when the refusal has none yet (the English <see cref="Exception.Message"/> is shown).
    /// </summary>
    public string? Code { get; init; }

    /// <summary>The values the coded message names, in order (e.g. the key and the deadline).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The refusal as a step's result.</summary>
    internal StepResult ToResult(InstanceView? instance) => new(Outcome, instance, Message, Field) { Code = Code, Arguments = Arguments };
}

/// <summary>How a request to start or fire ended.</summary>
public enum StepOutcome
{
    /// <summary>The step committed.</summary>
    Applied,
    /// <summary>No such instance or definition.</summary>
    NotFound,
    /// <summary>The actor's role or party may not fire this trigger.</summary>
    Forbidden,
    /// <summary>The trigger is not permitted in the current state (or no guard holds).</summary>
    NotPermitted,
    /// <summary>Another step changed the instance first; read it again and retry.</summary>
    Conflict,
    /// <summary>The payload or parameters are invalid.</summary>
    Invalid,
    /// <summary>The instance has ended, or the step came too late.</summary>
    Closed,
    /// <summary>
    /// The step was sent to the database, which may or may not have committed it: the connection failed before the
    /// answer came, and reading it back failed too. It is not applied again; whether it was is read later, from the
    /// instance's version (<see cref="StepResult.Instance"/> shows the version the step would have left) or, for a
    /// start, by starting again with the same idempotency key.
    /// </summary>
    Unknown,
}

/// <summary>The result of <see cref="WorkflowEngine.StartAsync"/> or <see cref="WorkflowEngine.FireAsync"/>.</summary>
public sealed record StepResult(StepOutcome Outcome, InstanceView? Instance, string? Message = null, string? Field = null)
{
    /// <summary>The refusal's stable code, when it has one (see <see cref="StepRejectedException.Code"/>).</summary>
    public string? Code { get; init; }

    /// <summary>The values the coded message names, in order.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>True when the step committed.</summary>
    public bool Applied => Outcome == StepOutcome.Applied;

    /// <summary>
    /// True when nothing was done because an earlier start with the same idempotency key did it: <see cref="Instance"/>
    /// is the instance that start created (see <see cref="StartRequest.IdempotencyKey"/>).
    /// </summary>
    public bool Replayed { get; init; }
}

/// <summary>A read-only view of an instance.</summary>
public sealed record InstanceView(
    Guid Id,
    string DefinitionId,
    int DefinitionVersion,
    string CorrelationKey,
    string State,
    InstanceStatus Status,
    JsonObject Variables,
    Guid? ParentId,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    internal static InstanceView From(WorkflowInstanceRecord r) => new(
        r.Id, r.DefinitionId, r.DefinitionVersion, r.CorrelationKey, r.State, r.Status,
        JsonNode.Parse(r.VariablesJson)!.AsObject(), r.ParentId, r.Version, r.CreatedAt, r.UpdatedAt, r.CompletedAt);
}

/// <summary>One audit event as the history shows it.</summary>
public sealed record HistoryEntry(long Sequence, DateTimeOffset At, string ActorId, string? ActorParty, string Trigger, string FromState, string ToState, JsonObject Payload, string Hash);

/// <summary>Request to start an instance.</summary>
/// <param name="DefinitionId">Which workflow.</param>
/// <param name="CorrelationKey">Business key, unique per workflow (e.g. a procedure number).</param>
/// <param name="Parameters">Values for the definition's parameters; defaults fill the rest.</param>
/// <param name="Version">A version, or the newest when null.</param>
/// <param name="IdempotencyKey">
/// When given (1 to 100 characters), the start happens at most once per workflow and key: a repeat by the same actor
/// with the same parameters answers with the instance the first one started (<see cref="StepResult.Replayed"/>),
/// even when the two arrive together; any other request with the key is refused (<c>idempotency-key-reused</c>).
/// </param>
public sealed record StartRequest(string DefinitionId, string CorrelationKey, JsonObject? Parameters = null, int? Version = null, string? IdempotencyKey = null);
