using CartifFlow.Engine.Persistence;
using CartifFlow.Negotiation.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>The application's database: the engine's tables plus the negotiation's.</summary>
public abstract class CartifFlowDbContext(DbContextOptions options) : WorkflowDbContext(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyNegotiationModel();
    }
}

/// <summary>SQLite flavour, with its own migrations (<c>Migrations/Sqlite</c>).</summary>
public sealed class SqliteCartifFlowDbContext(DbContextOptions<SqliteCartifFlowDbContext> options) : CartifFlowDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // SQLite has no instant type: store UTC ticks so due times compare and sort in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL flavour, with its own migrations (<c>Migrations/PostgreSql</c>).</summary>
public sealed class PostgresCartifFlowDbContext(DbContextOptions<PostgresCartifFlowDbContext> options) : CartifFlowDbContext(options);
