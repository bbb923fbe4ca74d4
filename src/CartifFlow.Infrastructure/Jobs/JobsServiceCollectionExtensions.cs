using CartifFlow.Infrastructure.Persistence;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartifFlow.Infrastructure.Jobs;

/// <summary>Hangfire: in-process storage on the embedded default, PostgreSQL (shared by every node) in production.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>Adds Hangfire, its server and the outbox job.</summary>
    public static IServiceCollection AddCartifFlowJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        PrepareSchemaIfNecessary = true,
                        EnableLongPolling = true,
                        QueuePollInterval = TimeSpan.FromSeconds(15),
                    });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });
        services.AddHangfireServer((sp, o) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            o.WorkerCount = jobs.WorkerCount;
            // Nothing is scheduled for later through Hangfire (timers are the engine's), only the minutely sweep:
            // Hangfire's default 15 s keeps the idle node's statements down (docs/performance.md).
            o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
        });
        services.AddTransient<OutboxJob>();
        services.AddTransient<DigestJob>();
        services.AddHostedService<RecurringJobsRegistrar>();
        return services;
    }

    /// <summary>Registers the recurring outbox sweep (the host does it through <see cref="RecurringJobsRegistrar"/>).</summary>
    public static void ScheduleRecurringJobs(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<OutboxJob>(OutboxJob.SweepJobId, job => job.DeliverDueAsync(CancellationToken.None), options.OutboxSweepCron);
        services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<DigestJob>(DigestJob.JobId, job => job.SendDueAsync(CancellationToken.None), DigestJob.Cron);
    }
}
