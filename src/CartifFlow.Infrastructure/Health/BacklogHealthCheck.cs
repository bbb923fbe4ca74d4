using System.Globalization;
using CartifFlow.Engine;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CartifFlow.Infrastructure.Health;

/// <summary>
/// Degraded when work the engine owes is overdue by more than <see cref="EngineOptions.OverdueAfter"/>: a pending
/// timer past its due time (no node fires timers, or its step fails every time it is tried: a deadline that has not
/// happened) or a pending e-mail past its next attempt (no node delivers). Retries waiting for their next attempt
/// are not overdue. The whole cluster's backlog, not this node's: each node reports it.
/// </summary>
internal sealed class BacklogHealthCheck(ICartifFlowDbContextFactory factory, IOptions<EngineOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>Overdue rows are counted up to this many ("more than").</summary>
    internal const int CountUpTo = 1_000;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var overdueAfter = options.Value.OverdueAfter;
        var cutoff = time.GetUtcNow() - overdueAfter;
        try
        {
            await using var db = factory.Create();
            var timers = db.Set<TimerRecord>().AsNoTracking().Where(t => t.Status == TimerStatus.Pending && t.DueAt < cutoff);
            var oldestTimer = await timers.OrderBy(t => t.DueAt).Select(t => new { t.Name, t.DueAt, t.InstanceId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var messages = db.Set<OutboxMessageRecord>().AsNoTracking().Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt < cutoff);
            var oldestMessage = await messages.OrderBy(m => m.NextAttemptAt).Select(m => new { m.NextAttemptAt, m.InstanceId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (oldestTimer is null && oldestMessage is null)
            {
                return HealthCheckResult.Healthy($"No timer or e-mail is overdue by more than {Minutes(overdueAfter)}.");
            }

            var faults = new List<string>();
            if (oldestTimer is not null)
            {
                var count = await timers.Take(CountUpTo + 1).CountAsync(cancellationToken).ConfigureAwait(false);
                faults.Add($"{Count(count)} timer(s) overdue; the oldest, '{oldestTimer.Name}' of instance {oldestTimer.InstanceId}, was due at {Utc(oldestTimer.DueAt)}");
            }

            if (oldestMessage is not null)
            {
                var count = await messages.Take(CountUpTo + 1).CountAsync(cancellationToken).ConfigureAwait(false);
                faults.Add($"{Count(count)} e-mail(s) overdue; the oldest, of instance {oldestMessage.InstanceId}, was due at {Utc(oldestMessage.NextAttemptAt)}");
            }

            return HealthCheckResult.Degraded($"{string.Join("; ", faults)} (overdue: more than {Minutes(overdueAfter)} late; see the log for why).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database check says the database is down; this one cannot tell anything then.
            return HealthCheckResult.Degraded("The backlog could not be read.", ex);
        }
    }

    private static string Count(int count) => count > CountUpTo ? $"more than {CountUpTo.ToString("N0", CultureInfo.InvariantCulture)}" : count.ToString(CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1 ? $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min" : $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
