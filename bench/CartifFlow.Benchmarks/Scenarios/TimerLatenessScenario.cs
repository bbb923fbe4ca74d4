using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 3. Timer lateness: N instances with three timers each, due at random instants spread over a window; a running node
/// (real clock, its own timer pump) fires them. Lateness is when the step fired minus when the timer was due, read
/// from the timer rows (<c>CompletedAt - DueAt</c>; <c>CompletedAt</c> is the step's instant, taken as it starts).
/// </summary>
internal static class TimerLatenessScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var count = settings.Scale(600, 10_000);
        var window = settings.Scale(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2));
        Report.Line("timer_lateness.timers", count * 3L);
        Report.Line("timer_lateness.window_seconds", (long)window.TotalSeconds);
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_lateness");
        await using var node = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows);
        await node.StartAsync();

        // The window opens once every instance is started, so the starts do not compete with the firing.
        var begin = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(5 + (count / 250.0));
        var random = new Random(42);
        var offsets = Enumerable.Range(0, count).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }.Order().ToArray()).ToArray();
        var t0 = Stopwatch.GetTimestamp();
        await Work.ForAsync(count, 16, i => node.StartInstanceAsync("bench-lateness", $"L-{i}", new JsonObject
        {
            ["first"] = At(begin, window, offsets[i][0]),
            ["second"] = At(begin, window, offsets[i][1]),
            ["third"] = At(begin, window, offsets[i][2]),
        }));
        var startedAt = TimeProvider.System.GetUtcNow();
        Report.Note($"timer lateness: {count} instances started in {Stats.Seconds(t0):F1} s, {(begin - startedAt).TotalSeconds:F1} s before the window opens");
        if (startedAt > begin)
        {
            Report.Note("timer lateness: the starts ran into the window; early timers were late because they were written late");
        }

        var end = begin + window;
        await Work.UntilAsync(
            async () => TimeProvider.System.GetUtcNow() > end && await db.ScalarAsync<long>("""SELECT count(*) FROM workflow_timers WHERE "Status" = 0""") == 0,
            end - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(500));

        var sql = """
            SELECT count(*) FILTER (WHERE "Status" = 1),
                   count(*) FILTER (WHERE "Status" = 0),
                   coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY l) FILTER (WHERE "Status" = 1), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY l) FILTER (WHERE "Status" = 1), 0),
                   coalesce(max(l) FILTER (WHERE "Status" = 1), 0)
            FROM (SELECT "Status", extract(epoch FROM ("CompletedAt" - "DueAt")) * 1000 AS l FROM workflow_timers) t
            """;
        await using var connection = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var fired = reader.GetInt64(0);
        var pending = reader.GetInt64(1);
        var p50 = reader.GetDouble(2);
        var p99 = reader.GetDouble(3);
        var max = reader.GetDouble(4);
        Report.Line("timer_lateness.fired", fired);
        Report.Line("timer_lateness.not_fired", pending);
        Report.Line("timer_lateness.p50_ms", p50, 1);
        Report.Line("timer_lateness.p99_ms", p99, 1);
        Report.Line("timer_lateness.max_ms", max, 1);
        report.Goal("timer_lateness.p99", p99 < 1000 && pending == 0 && fired == count * 3L, $"p99 {p99:F0} ms, {fired} of {count * 3} fired, goal p99 < 1000 ms");
    }

    private static string At(DateTimeOffset begin, TimeSpan window, double fraction) =>
        (begin + (window * fraction)).ToString("O", CultureInfo.InvariantCulture);
}
