using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartifFlow.Infrastructure.Tests.Persistence;

public sealed class DatabaseMigratorTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrations_MatchTheModel(DatabaseProvider provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Factory.Create();

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run `dotnet run --project src/CartifFlow.Cli -- migrations add <Name>`");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_CreatesTheSchema_AndUpgradingAgainKeepsData(DatabaseProvider provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        var migrator = new DatabaseMigrator(database.Factory, Options.Create(database.Options), NullLogger<DatabaseMigrator>.Instance);

        await migrator.MigrateAsync();
        var id = Guid.NewGuid();
        await using (var db = database.Factory.Create())
        {
            db.Instances.Add(new WorkflowInstanceRecord
            {
                Id = id, DefinitionId = "written-procedure", DefinitionVersion = 1, CorrelationKey = "WP-1", State = "Circulating",
                VariablesJson = "{}", AuditHead = "x", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
            });
            await db.SaveChangesAsync();
        }

        await migrator.MigrateAsync();

        await using var check = database.Factory.Create();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal("WP-1", (await check.Instances.SingleAsync(i => i.Id == id)).CorrelationKey);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Upgrade_FromEachEarlierMigration_KeepsExistingRows(DatabaseProvider provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Factory.Create();
        var all = db.Database.GetMigrations().ToList();
        var migrator = db.GetService<IMigrator>();
        var id = Guid.NewGuid();

        // Stop at the first migration, write a row as that schema allows, then upgrade to the newest.
        await migrator.MigrateAsync(all[0]);
        await db.Database.ExecuteSqlRawAsync(
            provider == DatabaseProvider.Sqlite
                ? "INSERT INTO workflow_definitions (\"Id\", \"Version\", \"SourceHash\", \"Source\", \"FirstLoadedAt\") VALUES ('kept', 1, 'h', 'id: kept', 0)"
                : "INSERT INTO workflow_definitions (\"Id\", \"Version\", \"SourceHash\", \"Source\", \"FirstLoadedAt\") VALUES ('kept', 1, 'h', 'id: kept', now())");
        await migrator.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal("id: kept", (await db.Definitions.SingleAsync(d => d.Id == "kept")).Source);
    }
}

/// <summary>A configured application database (SQLite file or a new PostgreSQL database on the test run's server).</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _folder;
    private readonly string? _pgName;

    private ScratchDatabase(ServiceProvider services, DatabaseOptions options, string? folder, string? pgName)
    {
        _services = services;
        Options = options;
        _folder = folder;
        _pgName = pgName;
    }

    public DatabaseOptions Options { get; }

    public ICartifFlowDbContextFactory Factory => _services.GetRequiredService<ICartifFlowDbContextFactory>();

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        string connectionString;
        string? folder = null;
        string? pgName = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            folder = Directory.CreateTempSubdirectory("cartifflow-migrations-").FullName;
            connectionString = $"Data Source={Path.Combine(folder, "app.db")}";
        }
        else
        {
            pgName = "m_" + Guid.NewGuid().ToString("N");
            await using var admin = new NpgsqlConnection(TestPostgres.Server);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {pgName}", admin);
            await cmd.ExecuteNonQueryAsync();
            connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.Server) { Database = pgName }.ToString();
        }

        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CartifFlow:Database:Provider"] = provider.ToString(),
            ["CartifFlow:Database:ConnectionString"] = connectionString,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddCartifFlowDatabase().BuildServiceProvider();
        return new ScratchDatabase(services, options, folder, pgName);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestPostgres.Server);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
