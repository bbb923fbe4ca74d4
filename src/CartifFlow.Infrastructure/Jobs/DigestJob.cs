using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Digests;
using Hangfire;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>
/// Every 15 minutes on whichever node Hangfire picks: writes the daily digests that are due (each reader's at 08:00
/// in their time zone, once a day) and wakes the outbox pump to send them.
/// </summary>
public sealed class DigestJob(DailyDigests digests, IEngineSignals signals)
{
    /// <summary>Recurring job id.</summary>
    public const string JobId = "daily-digests";

    /// <summary>Every 15 minutes: a reader's digest goes within a quarter of an hour of their 08:00.</summary>
    public const string Cron = "*/15 * * * *";

    /// <summary>Writes the digests due now.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var written = await digests.SendDueAsync(cancellationToken).ConfigureAwait(false);
        if (written > 0)
        {
            signals.OutboxWritten();
        }

        return written;
    }
}
