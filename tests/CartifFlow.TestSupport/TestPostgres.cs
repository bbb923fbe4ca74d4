using Npgsql;

namespace CartifFlow.TestSupport;

/// <summary>
/// The PostgreSQL server of the test run, which test.sh starts (and names in <see cref="Variable"/>): tests that need it
/// fail without it rather than skip. Each test takes a database of its own and drops it afterwards.
/// </summary>
public static class TestPostgres
{
    /// <summary>The variable test.sh sets to the server's connection string.</summary>
    public const string Variable = "CARTIFFLOW_TEST_POSTGRES";

    /// <summary>The server's connection string (its <c>postgres</c> database).</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts a PostgreSQL server for them.");

    /// <summary>Creates a database named <paramref name="prefix"/> and a fresh id; returns its name.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, string? server = null)
    {
        var name = prefix + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server ?? Server, $"CREATE DATABASE {name}").ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database the test made, closing the pools' connections to it first.</summary>
    public static async Task DropDatabaseAsync(string name, string? server = null)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server ?? Server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").ConfigureAwait(false);
    }

    /// <summary>The connection string of a database on the server.</summary>
    public static string ConnectionString(string database, string? server = null) =>
        new NpgsqlConnectionStringBuilder(server ?? Server) { Database = database }.ToString();

    /// <summary>Runs one statement on a connection of its own.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
