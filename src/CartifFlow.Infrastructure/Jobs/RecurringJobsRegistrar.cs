using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>
/// Registers the recurring jobs once the host runs, retrying until it succeeds. Registering takes a Hangfire
/// distributed lock; a node killed while holding it leaves the lock behind until Hangfire's lock timeout, and a
/// registration at start-up then failed the restarted host (found by the SIGKILL fault test). The jobs registered by
/// an earlier start stay in force meanwhile.
/// </summary>
internal sealed class RecurringJobsRegistrar(IServiceProvider services, TimeProvider time, ILogger<RecurringJobsRegistrar> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                JobsServiceCollectionExtensions.ScheduleRecurringJobs(services);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Recurring jobs not registered yet (the stored ones stay in force); retrying in {Delay}", RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
