using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Runtime;
using Npgsql;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 1. Transitions per second through the engine at 1, 16 and 64 callers (each caller drives its own instance; a step
/// writes state, audit, outbox and timer rows in one transaction), against <c>pgbench -N</c> with as many clients on
/// the same server, measured alternately in the same run. Also on SQLite (no pgbench there).
/// </summary>
internal static partial class TransitionsScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var duration = settings.Scale(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_transitions", poolSize: 100);
        await using var pgbenchDb = await BenchDatabase.CreateAsync(settings.Postgres, "bench_pgbench");
        await PgBench.InitAsync(settings, pgbenchDb.Name);
        await using var node = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows);

        foreach (var callers in settings.Callers)
        {
            var calls = await Statements.CountAsync(settings.Postgres, db.Name);
            var engine = await MeasureAsync(node, $"pg-c{callers}", callers, duration);
            Print($"transitions.c{callers}", engine);
            if (callers == 1 && calls is { } before && await Statements.CountAsync(settings.Postgres, db.Name) is { } after)
            {
                // Every statement the server ran for the database during the run (warm-up and instance starts included).
                Report.Line("transitions.c1.statements_per_step", (after - before) / (double)engine.Steps, 2);
                await Statements.PrintTopAsync(settings.Postgres, db.Name);
            }

            var tps = await PgBench.RunAsync(settings, pgbenchDb.Name, callers, duration);
            Report.Line($"pgbench.c{callers}.tps", tps);
            var ratio = engine.PerSecond / tps;
            Report.Line($"transitions.c{callers}.ratio_to_pgbench", ratio, 2);
            report.Goal($"transitions.c{callers}.ratio_to_pgbench", ratio >= 0.5, $"{ratio:F2} of pgbench -N, goal >= 0.5");
        }

        var sqliteFolder = Directory.CreateTempSubdirectory("cartifflow-bench-sqlite-").FullName;
        try
        {
            await using var sqlite = await BenchNode.CreateAsync("Sqlite", $"Data Source={Path.Combine(sqliteFolder, "bench.db")}", BenchSettings.EngineWorkflows);
            foreach (var callers in new[] { 1, 16 })
            {
                Print($"transitions.sqlite.c{callers}", await MeasureAsync(sqlite, $"sqlite-c{callers}", callers, duration));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sqliteFolder, recursive: true);
        }
    }

    private static void Print(string name, Measurement m)
    {
        Report.Line($"{name}.per_second", m.PerSecond);
        Report.Line($"{name}.p50_ms", m.P50, 2);
        Report.Line($"{name}.p99_ms", m.P99, 2);
        Report.Line($"{name}.client_cpu_ms_per_step", m.CpuMsPerStep, 3);
        if (m.Failures > 0)
        {
            Report.Line($"{name}.failures", m.Failures);
        }
    }

    private static async Task<Measurement> MeasureAsync(BenchNode node, string prefix, int callers, TimeSpan duration)
    {
        var instances = new Guid[callers];
        await Work.ForAsync(callers, 16, async i => instances[i] = await node.StartInstanceAsync("bench-step", $"{prefix}-{i}"));
        // Warm-up until the JIT has settled (pools and plans are ready long before): tiered compilation keeps
        // recompiling hot methods for seconds, and a short run would measure the compiler rather than the step.
        var warmUpSteps = 0;
        var warmUpStart = Stopwatch.GetTimestamp();
        while (true)
        {
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            warmUpSteps += (await RunAsync(node, instances, TimeSpan.FromSeconds(1))).Steps;
            var quiet = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted < 10;
            if (quiet || Stopwatch.GetElapsedTime(warmUpStart) > TimeSpan.FromSeconds(30))
            {
                Console.Error.WriteLine($"[bench] {prefix}: warm-up {Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds:F0} s ({(quiet ? "JIT settled" : "JIT still compiling")})");
                break;
            }
        }

        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var measured = await RunAsync(node, instances, duration);
        Console.Error.WriteLine($"[bench] {prefix}: the JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods ({(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms) during the measured {duration.TotalSeconds:F0} s");
        return measured with { Steps = measured.Steps + warmUpSteps + callers };
    }

    private static async Task<Measurement> RunAsync(BenchNode node, Guid[] instances, TimeSpan duration)
    {
        var samples = new ConcurrentBag<List<double>>();
        var failures = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var stop = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = instances.Select(id => Task.Run(async () =>
        {
            var mine = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var t0 = Stopwatch.GetTimestamp();
                var result = await node.Engine.FireAsync(id, "advance", BenchNode.Secretariat);
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (result.Outcome != StepOutcome.Applied)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            samples.Add(mine);
        })).ToList();
        await Task.WhenAll(callers);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var all = samples.SelectMany(s => s).Order().ToList();
        return new Measurement((all.Count - failures) / elapsed, Stats.Percentile(all, 0.5), Stats.Percentile(all, 0.99), failures, all.Count, cpuMs / Math.Max(1, all.Count));
    }

    private sealed record Measurement(double PerSecond, double P50, double P99, int Failures, int Steps, double CpuMsPerStep);
}

/// <summary>pgbench from the PostgreSQL binaries, against the same server.</summary>
internal static partial class PgBench
{
    public static async Task InitAsync(BenchSettings settings, string database)
    {
        await RunToolAsync(settings, ["-i", "-s", "10", "-q", database]);
    }

    /// <summary>Runs <c>pgbench -N</c> (TPC-B-like without the branch and teller updates); returns tps.</summary>
    public static async Task<double> RunAsync(BenchSettings settings, string database, int clients, TimeSpan duration)
    {
        var output = await RunToolAsync(settings, ["-N", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), database]);
        var match = Tps().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("pgbench printed no tps:\n" + output);
    }

    private static async Task<string> RunToolAsync(BenchSettings settings, string[] args)
    {
        var server = new NpgsqlConnectionStringBuilder(settings.Postgres);
        var start = new ProcessStartInfo(Path.Combine(settings.PgBin, "pgbench"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username ?? "postgres" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"pgbench {string.Join(' ', args)} failed:\n{text}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
