using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Jobs;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 4. Idle cost and 5. start-up, on the real web host (<c>dotnet CartifFlow.Web.dll</c>, PostgreSQL, Hangfire server,
/// timer and outbox pumps) over 0, then N1, then N2 instances waiting on a timer far ahead:
/// start-up is process start to the first healthy <c>/health</c>; memory is the host's resident set (VmRSS) after an
/// idle interval; statements are every statement the server ran for the host's database during that interval, from
/// pg_stat_statements (BEGIN and COMMIT included), divided by its length. The outbox sweep (a Hangfire recurring
/// job, every 5 minutes on the clock) is a burst of about a hundred statements: a window of 15 or 60 s that caught
/// one read up to 9.9 statements/s, one that missed it about 3.3. So the idle windows are placed between sweeps, the
/// next sweep after the last level's window is counted in a window of its own, and the figure is the long-run rate:
/// the rate between sweeps plus one sweep's statements spread over the sweep's period.
/// </summary>
internal static class HostScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        var levels = settings.Quick ? new[] { 0, 5_000 } : [0, 10_000, 100_000];
        var idle = settings.Scale(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_host");
        await using var filler = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.HostWorkflows);

        // A first start creates Hangfire's schema and seeds the registry: not part of any figure.
        await using (var warmUp = await HostProcess.StartAsync(settings, db))
        {
            await warmUp.StopAsync();
        }

        var due = TimeProvider.System.GetUtcNow().AddDays(30).ToString("O", CultureInfo.InvariantCulture);
        var created = 0;
        var results = new List<(int Instances, double Startup, long Rss, double Statements)>();
        var sweep = double.NaN;
        foreach (var level in levels)
        {
            var t0 = Stopwatch.GetTimestamp();
            var from = created;
            await Work.ForAsync(level - from, 16, i => filler.StartInstanceAsync("bench-wait", $"W-{from + i}", new JsonObject { ["due"] = due }));
            created = level;
            if (level > 0)
            {
                Report.Note($"host: {level} waiting instances (added {level - from} in {Stats.Seconds(t0):F1} s)");
            }

            // Start-up is noisy on a shared 2-core machine: the median of three starts (the last one stays up).
            var startups = new List<double>();
            for (var run = 1; run < 3; run++)
            {
                await using var once = await HostProcess.StartAsync(settings, db);
                startups.Add(once.StartupSeconds);
                await once.StopAsync();
            }

            await using var host = await HostProcess.StartAsync(settings, db);
            startups.Add(host.StartupSeconds);
            var startup = startups.Order().ElementAt(1);
            Report.Note($"host: start-up with {level} waiting instances: {string.Join(", ", startups.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s");
            Report.Line($"startup.n{level}.seconds", startup, 2);
            await Task.Delay(TimeSpan.FromSeconds(5)); // let the first passes and Hangfire's start-up work settle
            await Sweeps.WaitForQuietAsync(idle);
            await Statements.ResetAsync(settings.Postgres, db.Name);
            var before = await Statements.CountAsync(settings.Postgres, db.Name);
            var watch = Stopwatch.GetTimestamp();
            await Task.Delay(idle);
            var after = await Statements.CountAsync(settings.Postgres, db.Name);
            Report.Note($"host: statements while idle with {level} waiting instances (between sweeps):");
            await Statements.PrintTopAsync(settings.Postgres, db.Name, 8);
            var seconds = Stats.Seconds(watch);
            var rss = host.ResidentBytes();
            var between = before is { } b && after is { } a ? (a - b) / seconds : double.NaN;
            Report.Line($"idle.n{level}.rss_mb", rss / 1048576.0, 1);
            Report.Line($"idle.n{level}.statements_per_second_between_sweeps", between, 2);
            if (level == levels[^1])
            {
                sweep = await Sweeps.MeasureAsync(settings, db, between);
                Report.Line("idle.statements_per_sweep", sweep, 0);
            }

            results.Add((level, startup, rss, between));
            await host.StopAsync();
        }

        // The long-run rate: between sweeps, plus one sweep's statements spread over the sweep's period.
        results = results.Select(r => r with { Statements = r.Statements + sweep / Sweeps.Period.TotalSeconds }).ToList();
        foreach (var r in results)
        {
            Report.Line($"idle.n{r.Instances}.statements_per_second", r.Statements, 2);
        }

        var empty = results[0];
        var largest = results[^1];
        foreach (var r in results.Skip(1))
        {
            Report.Line($"idle.n{r.Instances}.bytes_per_instance", (r.Rss - empty.Rss) / (double)r.Instances, 0);
        }

        var perInstance = (largest.Rss - empty.Rss) / (double)largest.Instances;
        report.Goal("idle.bytes_per_instance", perInstance < 1024, $"{perInstance:F0} B per waiting instance at {largest.Instances}, goal < 1024");
        var worst = results.Max(r => r.Statements);
        report.Goal("idle.statements_per_second", worst < 5, $"{worst:F2} statements/s at most (sweeps included), goal < 5");
        report.Goal("startup.seconds", largest.Startup < 3, $"{largest.Startup:F2} s with {largest.Instances} pending timers, goal < 3");
    }
}

/// <summary>The host's outbox sweep, a Hangfire recurring job on a cron of the form <c>*/N * * * *</c> (UTC).</summary>
internal static class Sweeps
{
    /// <summary>How long after its minute a sweep may still be running: Hangfire's scheduler polls every 15 s.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(25);

    /// <summary>The sweep's period, from the host's default cron (the benchmark's host does not override it).</summary>
    public static TimeSpan Period { get; } = ParsePeriod(new JobsOptions().OutboxSweepCron);

    private static TimeSpan ParsePeriod(string cron)
    {
        var match = Regex.Match(cron, @"^\*/(\d+) \* \* \* \*$");
        return match.Success
            ? TimeSpan.FromMinutes(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"the benchmark knows sweep crons of the form */N * * * *, not '{cron}'");
    }

    /// <summary>The first sweep minute after <paramref name="now"/> (the cron's steps count from the hour, in UTC).</summary>
    private static DateTimeOffset NextAfter(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Period.Ticks) + Period.Ticks, TimeSpan.Zero);

    /// <summary>Waits, if need be, until a window of <paramref name="length"/> starting now holds no sweep.</summary>
    public static async Task WaitForQuietAsync(TimeSpan length)
    {
        var now = TimeProvider.System.GetUtcNow();
        var next = NextAfter(now);
        var previousEnd = next - Period + Settle;
        var start = now < previousEnd ? previousEnd : now;
        if (start + length > next - TimeSpan.FromSeconds(2))
        {
            start = next + Settle;
        }

        if (start > now)
        {
            Report.Note($"host: waiting {(start - now).TotalSeconds:F0} s so that the idle window holds no outbox sweep");
            await Task.Delay(start - now);
        }
    }

    /// <summary>
    /// Statements one sweep costs, from the host's own schedule: a 30 s window (two periods of Hangfire's 15 s
    /// polling) from 5 s before the sweep's minute, less what the host runs in 30 s between sweeps. Waits for the
    /// next sweep (at most one period).
    /// </summary>
    public static async Task<double> MeasureAsync(BenchSettings settings, BenchDatabase db, double betweenPerSecond)
    {
        var now = TimeProvider.System.GetUtcNow();
        var next = NextAfter(now);
        var from = next - TimeSpan.FromSeconds(5);
        if (from < now)
        {
            next += Period;
            from += Period;
        }

        Report.Note($"host: waiting {(from - now).TotalSeconds:F0} s for the next outbox sweep ({next:HH:mm:ss} UTC)");
        await Task.Delay(from - now);
        await Statements.ResetAsync(settings.Postgres, db.Name);
        var before = await Statements.CountAsync(settings.Postgres, db.Name);
        var watch = Stopwatch.GetTimestamp();
        await Task.Delay(Settle + TimeSpan.FromSeconds(5) - Stopwatch.GetElapsedTime(watch));
        var after = await Statements.CountAsync(settings.Postgres, db.Name);
        var seconds = Stats.Seconds(watch);
        Report.Note("host: statements in the window with a sweep:");
        await Statements.PrintTopAsync(settings.Postgres, db.Name, 8);
        var swept = await BenchDatabase.ScalarAsync<long>(db.ConnectionString,
            $"SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND createdat >= '{next.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00' AND invocationdata::text LIKE '%OutboxJob%'");
        if (swept != 1)
        {
            throw new InvalidOperationException($"expected the outbox sweep of {next:HH:mm:ss} UTC to have run once in the window, found {swept} succeeded sweep jobs");
        }

        return before is { } b && after is { } a ? (a - b) - betweenPerSecond * seconds : double.NaN;
    }
}

/// <summary>The built web host as a child process on 127.0.0.1.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _mailDirectory;

    private HostProcess(Process process, string mailDirectory, double startupSeconds, Uri address)
    {
        _process = process;
        _mailDirectory = mailDirectory;
        StartupSeconds = startupSeconds;
        Address = address;
    }

    public double StartupSeconds { get; }

    /// <summary>Where the host listens (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts the host on the benchmark's workflows, or on <paramref name="workflows"/> (e.g. the repository's own).</summary>
    public static async Task<HostProcess> StartAsync(BenchSettings settings, BenchDatabase db, string? workflows = null)
    {
        var port = FreePort();
        var mail = Directory.CreateTempSubdirectory("cartifflow-bench-mail-").FullName;
        try
        {
            return await StartAsync(settings, db, port, mail, workflows ?? BenchSettings.HostWorkflows);
        }
        catch
        {
            Directory.Delete(mail, recursive: true);
            throw;
        }
    }

    private static async Task<HostProcess> StartAsync(BenchSettings settings, BenchDatabase db, int port, string mail, string workflows)
    {
        var start = new ProcessStartInfo("dotnet", [settings.HostDll])
        {
            WorkingDirectory = BenchSettings.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CartifFlow__Database__Provider"] = "PostgreSql",
                ["CartifFlow__Database__ConnectionString"] = db.ConnectionString,
                ["CartifFlow__Engine__WorkflowsPath"] = workflows,
                ["CartifFlow__Email__PickupFolder"] = mail,
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Report.Note($"host: {line}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Report.Note($"host: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = new Uri($"http://127.0.0.1:{port}/health");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with {process.ExitCode} before it was healthy");
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new InvalidOperationException("the host was not healthy within 2 minutes");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new HostProcess(process, mail, Stats.Seconds(started), new Uri($"http://127.0.0.1:{port}/"));
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // /health took longer than the client's 5 s: not healthy yet; the 2-minute limit above still holds.
            }

            await Task.Delay(20);
        }
    }

    /// <summary>VmRSS of the host process, in bytes.</summary>
    public long ResidentBytes()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the host exited with {_process.ExitCode} while idle");
        }

        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGTERM, as a service manager stops it; killed when it does not exit within 30 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        Directory.Delete(_mailDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
