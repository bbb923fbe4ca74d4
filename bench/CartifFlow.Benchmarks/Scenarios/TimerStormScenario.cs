using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 2. Timer storm: N instances whose timers all fall due at one instant, each firing a transition; the time the
/// node's timer pump takes to drain them, against Hangfire.PostgreSql processing N empty scheduled jobs on the same
/// server. Both start from rows already due with nothing running, and the clock runs from the start of the node
/// (resp. the Hangfire server) until the last timer fired (resp. the last job succeeded).
/// </summary>
internal static class TimerStormScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var count = settings.Scale(2_000, 100_000);
        Report.Line("timer_storm.timers", count);
        var engine = await EngineAsync(settings, count);
        Report.Line("timer_storm.engine.seconds", engine, 2);
        Report.Line("timer_storm.engine.per_second", count / engine);
        var hangfire = await HangfireAsync(settings, count);
        Report.Line("timer_storm.hangfire.seconds", hangfire, 2);
        Report.Line("timer_storm.hangfire.per_second", count / hangfire);
        var speedup = hangfire / engine;
        Report.Line("timer_storm.speedup", speedup, 2);
        report.Goal("timer_storm.speedup", speedup >= 10, $"{speedup:F1} times Hangfire's speed, goal >= 10");
    }

    private static async Task<double> EngineAsync(BenchSettings settings, int count)
    {
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_storm_engine");
        var due = TimeProvider.System.GetUtcNow().AddSeconds(1);
        await using (var creator = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows))
        {
            var t0 = Stopwatch.GetTimestamp();
            var parameters = new JsonObject { ["due"] = due.ToString("O", CultureInfo.InvariantCulture) };
            await Work.ForAsync(count, 16, i => creator.StartInstanceAsync("bench-storm", $"S-{i}", (JsonObject)parameters.DeepClone()));
            Report.Note($"timer storm: {count} instances started in {Stats.Seconds(t0):F1} s");
        }

        await Work.UntilAsync(() => Task.FromResult(TimeProvider.System.GetUtcNow() > due), TimeSpan.FromSeconds(5));
        var start = Stopwatch.GetTimestamp();
        await using var node = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows);
        await node.StartAsync();
        var drained = await Work.UntilAsync(async () => await db.ScalarAsync<long>("""SELECT count(*) FROM workflow_timers WHERE "Status" = 0""") == 0, TimeSpan.FromMinutes(30), TimeSpan.FromMilliseconds(50));
        var seconds = Stats.Seconds(start);
        var fired = await db.ScalarAsync<long>("""SELECT count(*) FROM audit_events WHERE "Trigger" = 'ring'""");
        if (!drained || fired != count)
        {
            throw new InvalidOperationException($"timer storm: {fired} of {count} timers fired");
        }

        return seconds;
    }

    private static async Task<double> HangfireAsync(BenchSettings settings, int count)
    {
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_storm_hangfire");
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(15),
        };
        // The nodes before this one pointed Hangfire's static log provider at their (disposed) logger factories.
        GlobalConfiguration.Configuration.UseLogProvider(new Hangfire.Logging.LogProviders.ColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Warn));
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(db.ConnectionString, options), options);
        var client = new BackgroundJobClient(storage);
        var due = TimeProvider.System.GetUtcNow().AddSeconds(1);
        var t0 = Stopwatch.GetTimestamp();
        await Work.ForAsync(count, 16, _ =>
        {
            client.Schedule(() => HangfireJobs.Nothing(), due);
            return Task.CompletedTask;
        });
        Report.Note($"timer storm: {count} Hangfire jobs scheduled in {Stats.Seconds(t0):F1} s");
        await Work.UntilAsync(() => Task.FromResult(TimeProvider.System.GetUtcNow() > due), TimeSpan.FromSeconds(5));

        var start = Stopwatch.GetTimestamp();
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { ServerName = "bench", SchedulePollingInterval = TimeSpan.FromSeconds(1), Activator = new JobActivator() }, storage);
        var done = await Work.UntilAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'") >= count, TimeSpan.FromMinutes(60), TimeSpan.FromMilliseconds(50));
        var seconds = Stats.Seconds(start);
        if (!done)
        {
            throw new InvalidOperationException("timer storm: Hangfire did not finish within an hour");
        }

        server.SendStop();
        return seconds;
    }
}

/// <summary>The empty job Hangfire runs in the comparison.</summary>
public static class HangfireJobs
{
    /// <summary>Does nothing.</summary>
    public static void Nothing()
    {
    }
}
