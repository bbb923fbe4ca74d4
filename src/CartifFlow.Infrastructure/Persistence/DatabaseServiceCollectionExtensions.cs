using CartifFlow.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>Registers the database for the configured provider.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Adds the pooled context factory of the configured provider and the engine's factory over it.</summary>
    public static IServiceCollection AddCartifFlowDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Texts are checked against their columns before every save, on both providers (TextLengthGuardInterceptor).
        services.AddSingleton<TextLengthGuardInterceptor>();
        services.AddPooledDbContextFactory<SqliteCartifFlowDbContext>((sp, o) => o.UseSqlite(SqliteConnectionString(sp)).AddInterceptors(sp.GetRequiredService<TextLengthGuardInterceptor>()));
        services.AddSingleton<SingleRoundTripSaveInterceptor>();
        services.AddPooledDbContextFactory<PostgresCartifFlowDbContext>((sp, o) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            o.UseNpgsql(PostgresConnectionString(database.ConnectionString));
            o.AddInterceptors(sp.GetRequiredService<TextLengthGuardInterceptor>());
            if (database.SingleRoundTripSaves)
            {
                o.AddInterceptors(sp.GetRequiredService<SingleRoundTripSaveInterceptor>());
            }
        });
        services.AddSingleton<IWorkflowStore>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.PostgreSql
            ? new PostgresWorkflowStore()
            : new SqliteWorkflowStore());
        services.AddSingleton<ICartifFlowDbContextFactory, ProviderDbContextFactory>();
        services.AddSingleton<IWorkflowDbContextFactory>(sp => sp.GetRequiredService<ICartifFlowDbContextFactory>());
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>
    /// The engine's PostgreSQL connection string, tuned unless the configured string says otherwise: pooled
    /// connections are not reset with <c>DISCARD ALL</c> when returned (the engine leaves no session state, and the reset
    /// was a third of the statements of a step), and statements the engine repeats are prepared on the server
    /// (<c>Max Auto Prepare</c>). Hangfire keeps the configured string, so it has a pool of its own.
    /// See docs/performance.md.
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ToString();
    }

    internal static string SqliteConnectionString(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            builder.DataSource = Path.GetFullPath(Path.Combine(root, builder.DataSource));
        }

        builder.DefaultTimeout = builder.DefaultTimeout <= 0 ? 30 : builder.DefaultTimeout;
        return builder.ToString();
    }
}

/// <summary>Creates the application's context for the configured provider.</summary>
public interface ICartifFlowDbContextFactory : IWorkflowDbContextFactory
{
    /// <summary>A new context of the configured provider.</summary>
    CartifFlowDbContext Create();
}

internal sealed class ProviderDbContextFactory(IOptions<DatabaseOptions> options, IServiceProvider services) : ICartifFlowDbContextFactory
{
    private readonly Func<CartifFlowDbContext> _create = options.Value.Provider switch
    {
        DatabaseProvider.PostgreSql => services.GetRequiredService<IDbContextFactory<PostgresCartifFlowDbContext>>().CreateDbContext,
        _ => services.GetRequiredService<IDbContextFactory<SqliteCartifFlowDbContext>>().CreateDbContext,
    };

    public CartifFlowDbContext Create() => _create();

    public WorkflowDbContext CreateDbContext() => _create();
}

/// <summary>Creates or upgrades the schema; existing rows are kept (migrations only ever add or alter).</summary>
public sealed class DatabaseMigrator(ICartifFlowDbContextFactory factory, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies pending migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = factory.Create();
        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(file) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migrations: {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not block the writer, and a committed step survives a crash.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", cancellationToken).ConfigureAwait(false);
        }
    }
}
