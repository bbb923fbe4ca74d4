// Row types: each property is a column named for what it holds; the schema is described in docs/architecture.md.
#pragma warning disable CS1591

namespace CartifFlow.Engine.Persistence;

/// <summary>Lifecycle of an instance.</summary>
public enum InstanceStatus
{
    /// <summary>Waiting for triggers or timers.</summary>
    Running = 0,
    /// <summary>Reached a final state.</summary>
    Completed = 1,
}

/// <summary>One running or finished workflow instance: a row, never an object held in memory.</summary>
public sealed class WorkflowInstanceRecord
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public int DefinitionVersion { get; set; }
    /// <summary>Business key, unique per definition (e.g. a procedure number).</summary>
    public required string CorrelationKey { get; set; }
    /// <summary>
    /// The idempotency key the start was asked with (<see cref="Runtime.StartRequest.IdempotencyKey"/>), unique per
    /// definition: a repeated start with it answers with this instance instead of starting another.
    /// </summary>
    public string? StartToken { get; set; }
    public required string State { get; set; }
    public InstanceStatus Status { get; set; }
    public required string VariablesJson { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>Trigger fired on the parent when this instance completes.</summary>
    public string? ParentTrigger { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Optimistic concurrency token, incremented by every step.</summary>
    public int Version { get; set; }
    /// <summary>Sequence number of the newest audit event.</summary>
    public long AuditSequence { get; set; }
    /// <summary>Hash of the newest audit event: the head of the chain.</summary>
    public required string AuditHead { get; set; }
}

/// <summary>An append-only, hash-chained record of one step.</summary>
public sealed class AuditEventRecord
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public string? ActorParty { get; set; }
    public required string Trigger { get; set; }
    public required string FromState { get; set; }
    public required string ToState { get; set; }
    public required string PayloadJson { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>State of a timer row.</summary>
public enum TimerStatus
{
    /// <summary>Waiting for its due time.</summary>
    Pending = 0,
    /// <summary>Fired its trigger.</summary>
    Fired = 1,
    /// <summary>Cancelled, by leaving its state or by <c>cancel-timer</c>.</summary>
    Cancelled = 2,
    /// <summary>Fell due but its trigger was not permitted any more; kept for the record.</summary>
    Skipped = 3,
}

/// <summary>A durable timer: the database owns it, the dispatcher only executes it.</summary>
public sealed class TimerRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string Name { get; set; }
    public required string Trigger { get; set; }
    /// <summary>The state whose entry started it; leaving that state cancels it.</summary>
    public required string OwnerState { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public TimerStatus Status { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Lease: a dispatcher that claimed the row owns it until then.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
}

/// <summary>Delivery state of an outbox message.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    Pending = 0,
    /// <summary>Handed to the mail server.</summary>
    Sent = 1,
    /// <summary>Gave up after the last attempt; needs a person.</summary>
    Failed = 2,
    /// <summary>Held for the reader's daily digest (a reminder or an information copy to a person who chose one); never delivered alone.</summary>
    Held = 3,
    /// <summary>Listed in a daily digest that went out instead.</summary>
    Digested = 4,
    /// <summary>Never sent: its reader left (was deactivated) before it went out; kept for the record.</summary>
    Dropped = 5,
}

/// <summary>A message written in a step's transaction and delivered after it commits.</summary>
public sealed class OutboxMessageRecord
{
    /// <summary>The message's identity; e-mail uses it as the Message-Id, so a retry is recognisable.</summary>
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public long AuditSequence { get; set; }
    public required string Template { get; set; }
    public required string Language { get; set; }
    public string? TimeZone { get; set; }
    public required string ToJson { get; set; }
    public required string CcJson { get; set; }
    public required string ModelJson { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
}

/// <summary>A definition version as instances saw it, so a pinned version can be checked against its file.</summary>
public sealed class DefinitionRecord
{
    public required string Id { get; set; }
    public int Version { get; set; }
    public required string SourceHash { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset FirstLoadedAt { get; set; }
}
