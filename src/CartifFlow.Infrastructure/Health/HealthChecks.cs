using CartifFlow.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartifFlow.Infrastructure.Health;

/// <summary>Healthy when the database answers and its schema is up to date.</summary>
internal sealed class DatabaseHealthCheck(ICartifFlowDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = factory.Create();
            if (!await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("The database schema is not up to date.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", ex);
        }
    }
}

/// <summary>Healthy when Hangfire's storage answers and at least one server is registered.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s)")
                : HealthCheckResult.Unhealthy("No Hangfire server is running."));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is not reachable.", ex));
        }
    }
}

/// <summary>Registration of the checks behind <c>/health</c>.</summary>
public static class HealthChecksBuilderExtensions
{
    /// <summary>Adds the database, Hangfire and backlog checks.</summary>
    public static IHealthChecksBuilder AddCartifFlowChecks(this IHealthChecksBuilder builder) =>
        builder.AddCheck<DatabaseHealthCheck>("database").AddCheck<HangfireHealthCheck>("hangfire").AddCheck<BacklogHealthCheck>("backlog");
}
