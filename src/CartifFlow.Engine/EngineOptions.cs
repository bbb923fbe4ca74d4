using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Engine;

/// <summary>Settings of the workflow engine (section <c>CartifFlow:Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CartifFlow:Engine";

    /// <summary>Folder of workflow definitions, relative to the content root. Default <c>workflows</c>.</summary>
    [Required]
    public string WorkflowsPath { get; set; } = "workflows";

    /// <summary>Longest wait between two looks for due timers when none is known to be due sooner. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timers claimed per database round trip. Default 200.</summary>
    [Range(1, 10_000)]
    public int TimerBatchSize { get; set; } = 200;

    /// <summary>
    /// Timer steps committed in one transaction when many timers are due at once (each step still whole; see
    /// <see cref="Timers.TimerDispatcher"/>); 1 commits each step on its own. Default 50.
    /// </summary>
    [Range(1, 1_000)]
    public int TimerFireBatchSize { get; set; } = 50;

    /// <summary>Timer batches fired at once by one node. Default 4.</summary>
    [Range(1, 256)]
    public int TimerConcurrency { get; set; } = 4;

    /// <summary>
    /// Group commit: at most this many <c>FireAsync</c> calls on different instances that arrive together are
    /// committed in one transaction (each step still whole and atomic, with the one-by-one fallback of timer batches;
    /// see <see cref="Runtime.WorkflowEngine.FireAsync"/>); 1 commits each call on its own. Default 50.
    /// </summary>
    [Range(1, 1_000)]
    public int StepBatchSize { get; set; } = 50;

    /// <summary>Group-commit batches of <c>FireAsync</c> calls in flight at once on one node. Default 2.</summary>
    [Range(1, 256)]
    public int StepBatchConcurrency { get; set; } = 2;

    /// <summary>
    /// How late a pending timer or e-mail may be before <c>/health</c> reports the backlog as degraded (no node firing
    /// timers or delivering, or a step failing each time it is tried). Default 5 min: a storm of 100,000 timers drains
    /// in about two.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OverdueAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a node owns the timers or messages it claimed before another node may take them. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Messages claimed per delivery batch (sent over up to <see cref="OutboxConnections"/> connections). Default 100.</summary>
    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>
    /// Messages handed to the delivery at once (one SMTP connection) and recorded together before the next chunk is
    /// sent: a node that dies mid-delivery sends at most one chunk per connection (<see cref="OutboxConnections"/>)
    /// twice. Default 10.
    /// </summary>
    [Range(1, 10_000)]
    public int OutboxChunkSize { get; set; } = 10;

    /// <summary>
    /// Connections a dispatcher delivers a claimed batch over at once: the batch is split into this many lanes, each
    /// sending its chunks one after another over its own connection. A node that dies mid-delivery sends at most one
    /// chunk per lane twice. Default 4 (issue 4's e-mail benchmark: one connection reached about 0.7 of a bare MailKit
    /// loop, four about 0.8 to 0.9, with the rendering and recording of one lane overlapping another's sending).
    /// </summary>
    [Range(1, 16)]
    public int OutboxConnections { get; set; } = 4;

    /// <summary>Delivery attempts before a message is marked failed. Default 10.</summary>
    [Range(1, 100)]
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failed attempt; doubles with each further failure. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan OutboxFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OutboxMaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When false the host does not run the timer pump (e.g. a node that only serves the API). Default true.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>When false the host does not run the outbox pump (the Hangfire sweep still delivers). Default true.</summary>
    public bool RunOutbox { get; set; } = true;

    /// <summary>
    /// Longest wait between two looks at the outbox when no local step wrote a message and no retry is due sooner:
    /// bounds how long messages left by a node that died wait after their lease ends. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
