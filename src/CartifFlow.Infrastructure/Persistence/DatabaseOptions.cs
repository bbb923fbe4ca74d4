using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>Which database the host uses.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: one node, no server to install. The default.</summary>
    Sqlite,
    /// <summary>PostgreSQL: production, several nodes sharing one database (Hangfire uses it too).</summary>
    PostgreSql,
}

/// <summary>Settings of the database (section <c>CartifFlow:Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CartifFlow:Database";

    /// <summary>Sqlite (default) or PostgreSql.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Default <c>Data Source=data/cartifflow.db</c> (relative to the content root).
    /// For PostgreSQL, e.g. <c>Host=127.0.0.1;Port=5432;Database=cartifflow;Username=cartifflow;Password=…</c>
    /// (put the password in an environment variable, never in the repository).
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/cartifflow.db";

    /// <summary>
    /// PostgreSQL: save a unit of work's changes and commit them in one round trip
    /// (<see cref="SingleRoundTripSaveInterceptor"/>) rather than EF Core's three
    /// (BEGIN with the writes, then COMMIT). Default true; false leaves every save to EF Core.
    /// </summary>
    public bool SingleRoundTripSaves { get; set; } = true;

    /// <summary>Apply pending migrations at start-up. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
