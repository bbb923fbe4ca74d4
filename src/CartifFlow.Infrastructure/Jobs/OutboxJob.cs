using CartifFlow.Engine.Outbox;
using Hangfire;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job that sweeps the outbox every minute on whichever node Hangfire picks: a safety net beside each
/// node's <see cref="Engine.Outbox.OutboxPump"/>, which delivers right after the steps that wrote messages (it replaced
/// one enqueued job per step, which cost more than the step itself: see docs/performance.md). Retries and backoff
/// are the dispatcher's, per message, so Hangfire's own retry is off: a failed attempt is recorded on the row.
/// </summary>
public sealed class OutboxJob(OutboxDispatcher dispatcher)
{
    /// <summary>Recurring job id of the sweep.</summary>
    public const string SweepJobId = "outbox-sweep";

    /// <summary>Delivers every message due now.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> DeliverDueAsync(CancellationToken cancellationToken) => dispatcher.DeliverDueAsync(cancellationToken);
}
