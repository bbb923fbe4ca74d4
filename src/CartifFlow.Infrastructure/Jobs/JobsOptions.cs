using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>Settings of background work (section <c>CartifFlow:Jobs</c>).</summary>
public sealed class JobsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CartifFlow:Jobs";

    /// <summary>Hangfire workers on this node. Default 4.</summary>
    [Range(1, 100)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// Cron of the outbox sweep, a safety net beside each node's outbox pump (which delivers at once and looks for
    /// leftovers every minute). Default every 5 minutes: each sweep is a Hangfire job of about a hundred statements
    /// (104 measured, docs/performance.md), and every minute it was a third of an idle node's statements.
    /// </summary>
    [Required]
    public string OutboxSweepCron { get; set; } = "*/5 * * * *";
}
