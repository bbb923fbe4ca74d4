using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
    private readonly DbContextOptions<TestDbContext> _options;
    private readonly string? _folder;
    private readonly string? _databaseName;

    private TestDatabase(Provider provider, DbContextOptions<TestDbContext> options, string? folder, string? databaseName, string connectionString, CommitFaults faults)
    {
        Faults = faults;
        Provider = provider;
        _options = options;
        _folder = folder;
        _databaseName = databaseName;
        ConnectionString = connectionString;
    }

    public Provider Provider { get; }

    /// <summary>The provider's claims and failure rules, as the application registers them.</summary>
    public IWorkflowStore Store => Provider == Provider.Sqlite ? new SqliteWorkflowStore() : new PostgresWorkflowStore();

    /// <summary>Makes the next commits report a failure after they committed, as a dropped connection would (both providers).</summary>
    public CommitFaults Faults { get; }

    /// <summary>One per test run, as the application keeps one per process (it caches its plans).</summary>
    public static SingleRoundTripSaveInterceptor SingleRoundTrip { get; } = new();

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("cartifflow-test-").FullName;
            var cs = $"Data Source={Path.Combine(folder, "test.db")};Default Timeout=30";
            var faults = new CommitFaults();
            var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(cs).AddInterceptors(faults).Options;
            var db = new TestDatabase(provider, options, folder, null, cs, faults);
            await using var ctx = db.Create();
            await ctx.Database.EnsureCreatedAsync();
            await ctx.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            return db;
        }

        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(TestPostgres.Server))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(TestPostgres.Server) { Database = name }.ToString();
        // As the application runs it: saves in one round trip (SingleRoundTripSaveInterceptor).
        var pgFaults = new CommitFaults();
        var pgOptions = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connection).AddInterceptors(SingleRoundTrip, pgFaults).Options;
        var pg = new TestDatabase(provider, pgOptions, null, name, connection, pgFaults);
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
            await using var admin = new NpgsqlConnection(TestPostgres.Server);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// The failure of a commit whose answer is lost: the save commits (on SQLite EF Core's transaction has committed; on
/// PostgreSQL the single-round-trip batch, an implicit transaction, has), and then the caller is told the connection
/// dropped, with the exception each provider's path throws for it. Optionally the reads that follow fail as well: the
/// database is still out of reach when the engine looks whether the step committed.
/// </summary>
internal sealed class CommitFaults : ISaveChangesInterceptor, IDbCommandInterceptor
{
    private int _passing;
    private int _lostAnswers;
    private int _readsPerLoss;
    private int _failedReads;

    /// <summary>
    /// After <paramref name="after"/> saves that go through, the next <paramref name="commits"/> saves commit and then
    /// fail, and the <paramref name="reads"/> queries after each fail too.
    /// </summary>
    public void LoseAnswers(int commits = 1, int reads = 0, int after = 0)
    {
        Volatile.Write(ref _failedReads, 0);
        Volatile.Write(ref _readsPerLoss, reads);
        Volatile.Write(ref _passing, after);
        Volatile.Write(ref _lostAnswers, commits);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _lostAnswers) > 0 && Interlocked.Decrement(ref _passing) >= 0)
        {
            return ValueTask.FromResult(result);
        }

        if (Interlocked.Decrement(ref _lostAnswers) < 0)
        {
            Interlocked.Increment(ref _lostAnswers);
            return ValueTask.FromResult(result);
        }

        Volatile.Write(ref _failedReads, Volatile.Read(ref _readsPerLoss));
        throw eventData.Context!.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal)
            // What SingleRoundTripSaveInterceptor throws when the connection drops while it reads the batch's answer.
            ? new DbUpdateException("An error occurred while saving the entity changes; nothing was saved. See the inner exception for details.",
                new NpgsqlException("Exception while reading from stream", new IOException("Unable to read data from the transport connection: Connection reset by peer.")))
            : new IOException("the connection dropped before the commit's answer arrived");
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failedReads) < 0)
        {
            Interlocked.Increment(ref _failedReads);
            return ValueTask.FromResult(result);
        }

        throw command is NpgsqlCommand
            ? new NpgsqlException("Failed to connect to 127.0.0.1", new System.Net.Sockets.SocketException(111))
            : new IOException("disk I/O error");
    }
}
