using CartifFlow.Engine.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Outbox;

/// <summary>
/// Runs the <see cref="OutboxDispatcher"/> for the life of the host: woken by every local step that wrote messages,
/// by the next retry falling due, or by the poll interval (messages left by a node that died, once their lease ends).
/// One wake-up delivers every message committed before it, so a burst of steps costs one claim per batch, not one
/// background job per step (the benchmarks showed a Hangfire enqueue per step costing more than the step itself).
/// </summary>
internal sealed class OutboxPump(
    OutboxDispatcher dispatcher,
    LocalEngineSignals signals,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<OutboxPump> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunOutbox)
        {
            return;
        }

        var poll = options.Value.OutboxPollInterval;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = poll;
            try
            {
                await dispatcher.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                if (await dispatcher.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var untilNext = next - time.GetUtcNow();
                    delay = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < poll ? untilNext : poll;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database down or restarting: the rows wait; try again at the poll interval or on the next signal.
                logger.LogWarning(ex, "Outbox pass failed; retrying in {Delay}", poll);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await signals.WaitForOutboxAsync(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
