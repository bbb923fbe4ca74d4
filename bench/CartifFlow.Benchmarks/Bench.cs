using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CartifFlow.Benchmarks;

/// <summary>What the run was given: mode, servers and tools (from bench.sh's environment).</summary>
internal sealed class BenchSettings
{
    public required bool Quick { get; init; }

    public required IReadOnlySet<string> Only { get; init; }

    /// <summary>The caller counts of the transitions scenario (<c>--callers 1,16,64</c>, the default).</summary>
    public required IReadOnlyList<int> Callers { get; init; }

    /// <summary>Server connection string (database <c>postgres</c>); each scenario creates its own database.</summary>
    public required string Postgres { get; init; }

    public required string PgBin { get; init; }

    public required string SmtpHost { get; init; }

    public required int SmtpPort { get; init; }

    public required string HostDll { get; init; }

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CartifFlow.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("CartifFlow.sln not found above the benchmark binaries.");
        }
    }

    public static string EngineWorkflows => Path.Combine(AppContext.BaseDirectory, "Workflows", "engine");

    public static string HostWorkflows => Path.Combine(AppContext.BaseDirectory, "Workflows", "host");

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    /// <summary>Quick or full count.</summary>
    public int Scale(int quick, int full) => Quick ? quick : full;

    public TimeSpan Scale(TimeSpan quick, TimeSpan full) => Quick ? quick : full;

    public static BenchSettings FromEnvironment(string[] args)
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: run the benchmark with ./bench.sh, which starts the servers it needs.");

        var only = new HashSet<string>(StringComparer.Ordinal);
        var index = Array.IndexOf(args, "--only");
        if (index >= 0 && index + 1 < args.Length)
        {
            only.UnionWith(args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var callers = new List<int>();
        index = Array.IndexOf(args, "--callers");
        if (index >= 0 && index + 1 < args.Length)
        {
            callers.AddRange(args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
        }

        return new BenchSettings
        {
            Quick = args.Contains("--quick"),
            Only = only,
            Callers = callers.Count > 0 ? callers : [1, 16, 64],
            Postgres = Need("CARTIFFLOW_BENCH_POSTGRES"),
            PgBin = Need("CARTIFFLOW_BENCH_PG_BIN"),
            SmtpHost = Need("CARTIFFLOW_BENCH_SMTP_HOST"),
            SmtpPort = int.Parse(Need("CARTIFFLOW_BENCH_SMTP_PORT"), CultureInfo.InvariantCulture),
            HostDll = Need("CARTIFFLOW_BENCH_HOST_DLL"),
        };
    }
}

/// <summary>Prints one <c>name: value</c> line per figure as soon as it is known, and the goal checks at the end.</summary>
internal sealed class Report
{
    private readonly List<(string Name, bool Met, string Detail)> _goals = [];

    public static void Line(string name, double value, int decimals = 1) =>
        Emit(name, value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    public static void Line(string name, long value) => Emit(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Text(string name, string value) => Emit(name, value);

    public static void Note(string text)
    {
        Console.Error.WriteLine($"[bench] {text}");
    }

    /// <summary>Records whether a figure meets its goal; printed immediately and again in the summary.</summary>
    public void Goal(string name, bool met, string detail)
    {
        _goals.Add((name, met, detail));
        Emit($"{name}.goal_met", met ? "true" : "false");
    }

    public void Summary()
    {
        Console.WriteLine("# goals");
        foreach (var (name, met, detail) in _goals)
        {
            Console.WriteLine($"goal.{name}: {(met ? "met" : "MISSED")} ({detail})");
        }

        Console.WriteLine($"goals: {_goals.Count(g => g.Met)} met, {_goals.Count(g => !g.Met)} missed");
    }

    private static void Emit(string name, string value)
    {
        Console.WriteLine($"{name}: {value}");
        Console.Out.Flush();
    }
}

/// <summary>A database of its own for one scenario, on the run's PostgreSQL server; dropped afterwards.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private BenchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string server, string name, int poolSize = 100)
    {
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = poolSize }.ToString();
        return new BenchDatabase(server, name, cs);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql) => await ScalarAsync<T>(ConnectionString, sql);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}

/// <summary>Latency samples and percentiles.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static double Seconds(long fromTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp).TotalSeconds;
}

/// <summary>Bounded parallel loops and waits.</summary>
internal static class Work
{
    public static Task ForAsync(int count, int parallel, Func<int, Task> body) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await body(i));

    /// <summary>Waits (in real time, bounded) until <paramref name="done"/> holds.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> done, TimeSpan within, TimeSpan? every = null)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < within)
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }

        return await done();
    }
}

/// <summary>
/// Statements the server ran, from pg_stat_statements (loaded by bench.sh, utility statements such as BEGIN and
/// COMMIT included): every statement of every session on the database, whichever client sent it.
/// </summary>
internal static class Statements
{
    public static async Task<long?> CountAsync(string server, string database)
    {
        try
        {
            return await BenchDatabase.ScalarAsync<long>(server, $"SELECT coalesce(sum(s.calls), 0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '{database}'");
        }
        catch (PostgresException ex)
        {
            Report.Note($"pg_stat_statements is not available ({ex.MessageText}); statement counts are skipped");
            return null;
        }
    }

    /// <summary>Forgets the database's statements, so the most frequent ones are those of what follows.</summary>
    public static async Task ResetAsync(string server, string database)
    {
        try
        {
            await BenchDatabase.ExecuteAsync(server, $"SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = '{database}'), 0)");
        }
        catch (PostgresException)
        {
        }
    }

    /// <summary>The most frequent statements, on standard error (for the reader of the log, not a figure).</summary>
    public static async Task PrintTopAsync(string server, string database, int top = 12)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 140) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '{database}' ORDER BY s.calls DESC LIMIT {top}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Report.Note($"  {reader.GetInt64(0),8} {reader.GetString(1)}");
        }
    }
}
