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
/// the same server, measured alternately in the same run: the measured time is cut into slices, an engine slice then a
/// pgbench slice, so that a neighbour's burst on a shared machine falls on both sides of the ratio rather than on one.
/// Also on SQLite (no pgbench there).
/// </summary>
internal static partial class TransitionsScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var duration = settings.Scale(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));
        var slices = settings.Scale(2, 5);
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_transitions", poolSize: 100);
        await using var pgbenchDb = await BenchDatabase.CreateAsync(settings.Postgres, "bench_pgbench");
        await PgBench.InitAsync(settings, pgbenchDb.Name);
        await using var node = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows);

        foreach (var callers in settings.Callers)
        {
            var calls = await Statements.CountAsync(settings.Postgres, db.Name);
            var pgbenchTps = new List<double>();
            var engine = await MeasureAsync(node, $"pg-c{callers}", callers, duration, slices,
                async slice => pgbenchTps.Add(await PgBench.RunAsync(settings, pgbenchDb.Name, callers, slice)));
            Print($"transitions.c{callers}", engine);
            if (callers == 1 && calls is { } before && await Statements.CountAsync(settings.Postgres, db.Name) is { } after)
            {
                // Every statement the server ran for the database during the run (warm-up and instance starts included).
                Report.Line("transitions.c1.statements_per_step", (after - before) / (double)engine.Steps, 2);
                await Statements.PrintTopAsync(settings.Postgres, db.Name);
            }

            var tps = pgbenchTps.Average();
            Console.Error.WriteLine($"[bench] pg-c{callers}: pgbench slices {string.Join(", ", pgbenchTps.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} tps");
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
                Print($"transitions.sqlite.c{callers}", await MeasureAsync(sqlite, $"sqlite-c{callers}", callers, duration, 1, _ => Task.CompletedTask));
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

    /// <summary>
    /// Warms up, then measures <paramref name="duration"/> in <paramref name="slices"/> equal slices, calling
    /// <paramref name="afterSlice"/> (the comparison, for as long as a slice) after each.
    /// </summary>
    private static async Task<Measurement> MeasureAsync(BenchNode node, string prefix, int callers, TimeSpan duration, int slices, Func<TimeSpan, Task> afterSlice)
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
            warmUpSteps += (await RunAsync(node, instances, TimeSpan.FromSeconds(1), new List<double>())).Steps;
            var quiet = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted < 10;
            if (quiet || Stopwatch.GetElapsedTime(warmUpStart) > TimeSpan.FromSeconds(30))
            {
                Console.Error.WriteLine($"[bench] {prefix}: warm-up {Stopwatch.GetElapsedTime(warmUpStart).TotalSeconds:F0} s ({(quiet ? "JIT settled" : "JIT still compiling")})");
                break;
            }
        }

        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var slice = duration / slices;
        var latencies = new List<double>();
        var rates = new List<string>();
        Slice total = new(0, 0, 0, 0);
        for (var i = 0; i < slices; i++)
        {
            var measured = await RunAsync(node, instances, slice, latencies);
            rates.Add((measured.Steps / measured.Seconds).ToString("F0", CultureInfo.InvariantCulture));
            total = new(total.Steps + measured.Steps, total.Failures + measured.Failures, total.Seconds + measured.Seconds, total.CpuMs + measured.CpuMs);
            await afterSlice(slice);
        }

        if (slices > 1)
        {
            Console.Error.WriteLine($"[bench] {prefix}: engine slices {string.Join(", ", rates)} steps/s");
        }

        Console.Error.WriteLine($"[bench] {prefix}: the JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods ({(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms) during the measured {duration.TotalSeconds:F0} s");
        latencies.Sort();
        return new Measurement(
            (total.Steps - total.Failures) / total.Seconds,
            Stats.Percentile(latencies, 0.5),
            Stats.Percentile(latencies, 0.99),
            total.Failures,
            // All steps the instances have taken, for the statements-per-step figure.
            total.Steps + warmUpSteps + callers,
            total.CpuMs / Math.Max(1, total.Steps));
    }

    private static async Task<Slice> RunAsync(BenchNode node, Guid[] instances, TimeSpan duration, List<double> latencies)
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
        var steps = 0;
        foreach (var mine in samples)
        {
            latencies.AddRange(mine);
            steps += mine.Count;
        }

        return new Slice(steps, failures, elapsed, cpuMs);
    }

    private sealed record Slice(int Steps, int Failures, double Seconds, double CpuMs);

    private sealed record Measurement(double PerSecond, double P50, double P99, int Failures, int Steps, double CpuMsPerStep);
}

/// <summary>pgbench from the PostgreSQL binaries, against the same server.</summary>
internal static partial class PgBench
{
    public static async Task InitAsync(BenchSettings settings, string database)
    {
        await RunToolAsync(settings, ["-i", "-s", "10", "-q", database]);
    }

    /// <summary>
    /// Runs <c>pgbench -N</c> (TPC-B-like without the branch and teller updates) and returns its steady transactions
    /// per second over <paramref name="measured"/>: the run lasts <see cref="Settle"/> longer, and the per-second progress
    /// lines of those first seconds are left out. pgbench opens its connections afresh on every run (0.8 s for 64 of
    /// them here) and new backends warm their caches for a further two seconds, while the engine's pool is warm; a
    /// short run's average would understate pgbench and flatter the ratio.
    /// </summary>
    public static async Task<double> RunAsync(BenchSettings settings, string database, int clients, TimeSpan measured)
    {
        var seconds = (int)Math.Ceiling((Settle + measured).TotalSeconds);
        var output = await RunToolAsync(settings, ["-N", "-n", "--progress=1", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), database]);
        var steady = Progress().Matches(output)
            .Where(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > Settle.TotalSeconds)
            .Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            .ToList();
        return steady.Count > 0 ? steady.Average() : throw new InvalidOperationException("pgbench printed no progress after its settling time:\n" + output);
    }

    /// <summary>How long a pgbench run settles (connections, backend caches) before its transactions count.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

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

    [GeneratedRegex(@"^progress: ([0-9.]+) s, ([0-9.]+) tps", RegexOptions.Multiline)]
    private static partial Regex Progress();
}
