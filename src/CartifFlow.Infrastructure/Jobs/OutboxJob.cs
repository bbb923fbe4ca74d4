using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using Hangfire;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job that delivers the outbox. Enqueued after every step that wrote messages, and run
/// every minute as a sweep for retries that fell due and for rows whose enqueue was lost (a crash
/// between commit and enqueue). Retries and backoff are the dispatcher's, per message, so Hangfire's
/// own retry is off: a failed attempt is recorded on the row, not in Hangfire.
/// </summary>
public sealed class OutboxJob(OutboxDispatcher dispatcher)
{
    /// <summary>Recurring job id of the sweep.</summary>
    public const string SweepJobId = "outbox-sweep";

    /// <summary>Delivers every message due now.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> DeliverDueAsync(CancellationToken cancellationToken) => dispatcher.DeliverDueAsync(cancellationToken);
}

/// <summary>Signals that enqueue the outbox job in Hangfire (so any node may deliver) and wake the local timer pump.</summary>
internal sealed class HangfireEngineSignals(IBackgroundJobClient jobs, LocalEngineSignals local) : IEngineSignals
{
    public void OutboxWritten() => jobs.Enqueue<OutboxJob>(job => job.DeliverDueAsync(CancellationToken.None));

    public void TimerScheduled(DateTimeOffset due) => local.TimerScheduled(due);
}
