using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace CartifFlow.Engine.Tests.Support;

public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The engine's tables on a context of the tests' own (the application's contexts and migrations are tested in Infrastructure.Tests).</summary>
internal sealed class TestDbContext(DbContextOptions<TestDbContext> options, bool sqlite) : WorkflowDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (sqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}

/// <summary>A fresh database per test: a SQLite file in a temp folder, or a database on the test run's PostgreSQL server.</summary>
internal sealed class TestDatabase : IWorkflowDbContextFactory, IAsyncDisposable
{
    /// <summary>Set by the test command (test.sh); the PostgreSQL tests fail without it rather than skip.</summary>
    public const string PostgresVariable = "CARTIFFLOW_TEST_POSTGRES";

    private readonly DbContextOptions<TestDbContext> _options;
    private readonly string? _folder;
    private readonly string? _databaseName;

    private TestDatabase(Provider provider, DbContextOptions<TestDbContext> options, string? folder, string? databaseName, string connectionString)
    {
        Provider = provider;
        _options = options;
        _folder = folder;
        _databaseName = databaseName;
        ConnectionString = connectionString;
    }

    public Provider Provider { get; }

    /// <summary>SQLite: makes the next commits report a failure after they committed, as a dropped connection would.</summary>
    public LoseCommitAnswers? LostCommitAnswers { get; private init; }

    /// <summary>One per test run, as the application keeps one per process (it caches its plans).</summary>
    public static SingleRoundTripSaveInterceptor SingleRoundTrip { get; } = new();

    public string ConnectionString { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable)
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a PostgreSQL server for them.");

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("cartifflow-test-").FullName;
            var cs = $"Data Source={Path.Combine(folder, "test.db")};Default Timeout=30";
            var lostAnswers = new LoseCommitAnswers();
            var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(cs).AddInterceptors(lostAnswers).Options;
            var db = new TestDatabase(provider, options, folder, null, cs) { LostCommitAnswers = lostAnswers };
            await using var ctx = db.Create();
            await ctx.Database.EnsureCreatedAsync();
            await ctx.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            return db;
        }

        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
        // As the application runs it: saves in one round trip (SingleRoundTripSaveInterceptor).
        var pgOptions = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connection).AddInterceptors(SingleRoundTrip).Options;
        var pg = new TestDatabase(provider, pgOptions, null, name, connection);
        await using var pgCtx = pg.Create();
        await pgCtx.Database.EnsureCreatedAsync();
        return pg;
    }

    public TestDbContext Create() => new(_options, Provider == Provider.Sqlite);

    public WorkflowDbContext CreateDbContext() => Create();

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on another thread; the temp folder is cleaned by the OS.
            }
        }

        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Throws after a commit has happened, <see cref="Count"/> times: the answer to a commit lost on the way back.</summary>
internal sealed class LoseCommitAnswers : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
{
    private int _count;

    public int Count { get => Volatile.Read(ref _count); set => Volatile.Write(ref _count, value); }

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _count) >= 0
            ? throw new System.IO.IOException("the connection dropped before the commit's answer arrived")
            : Task.CompletedTask;
}
