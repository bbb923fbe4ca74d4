using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>Used by <c>cartif migrations add</c> to build the SQLite model without a host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCartifFlowDbContext>
{
    public SqliteCartifFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCartifFlowDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used by <c>cartif migrations add</c> to build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCartifFlowDbContext>
{
    public PostgresCartifFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCartifFlowDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
