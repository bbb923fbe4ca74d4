using CartifFlow.Engine.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Timers;

/// <summary>
/// Runs the <see cref="TimerDispatcher"/> for the life of the host: fires what is due, then sleeps until the
/// next due time, a new timer, or the poll interval, whichever comes first. Nothing is loaded at start-up:
/// the database is asked for due rows only, so start-up does not grow with the number of pending timers,
/// and timers that fell due while the host was down fire on the first pass.
/// </summary>
internal sealed class TimerPump(
    TimerDispatcher dispatcher,
    LocalEngineSignals signals,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<TimerPump> logger) : BackgroundService
{
    private static readonly TimeSpan RetrySoon = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunTimers)
        {
            return;
        }

        var poll = options.Value.TimerPollInterval;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = poll;
            try
            {
                // Idle, a pass is one indexed read of the earliest due time; the claim runs only when a timer is due.
                if (await dispatcher.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    if (untilNext <= TimeSpan.Zero)
                    {
                        if (await dispatcher.FireDueAsync(stoppingToken).ConfigureAwait(false) > 0)
                        {
                            continue;
                        }

                        // Due rows that fired nothing (skipped, or refused): look again soon, without spinning.
                        untilNext = RetrySoon;
                    }

                    delay = untilNext < poll ? untilNext : poll;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database down or restarting: keep trying at the poll interval; nothing is lost, the rows wait.
                logger.LogWarning(ex, "Timer pass failed; retrying in {Delay}", poll);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await signals.WaitForTimersAsync(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
