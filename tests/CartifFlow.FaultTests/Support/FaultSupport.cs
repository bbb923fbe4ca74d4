using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CartifFlow.FaultTests.Support;

/// <summary>What test.sh provides; a fault test fails (never skips) without it.</summary>
internal static class FaultEnvironment
{
    public static string Postgres => Need("CARTIFFLOW_TEST_POSTGRES");

    public static string PgBin => Need("CARTIFFLOW_TEST_PG_BIN");

    public static string SmtpHost => Need("CARTIFFLOW_TEST_SMTP_HOST");

    public static int SmtpPort => int.Parse(Need("CARTIFFLOW_TEST_SMTP_PORT"), CultureInfo.InvariantCulture);

    public static string Maildir => Need("CARTIFFLOW_TEST_MAILDIR");

    public static string HostDll => typeof(Program).Assembly.Location;

    /// <summary>
    /// A workflows folder for the hosts: the repository's definitions and templates plus the fault tests' own, so the
    /// host validates them with the real domain's roles and recipient groups.
    /// </summary>
    public static string Workflows(string parent)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, "workflows")).FullName;
        var templates = Directory.CreateDirectory(Path.Combine(folder, "templates")).FullName;
        foreach (var source in new[] { Path.Combine(TestRepository.Root, "workflows"), Path.Combine(AppContext.BaseDirectory, "Workflows") })
        {
            foreach (var file in Directory.EnumerateFiles(source, "*.yaml"))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "templates")))
            {
                File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
            }
        }

        return folder;
    }

    private static string Need(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts the servers they need.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A database of the test's own on a PostgreSQL server; dropped afterwards.</summary>
internal sealed class FaultDatabase : IAsyncDisposable
{
    private readonly string _server;

    private FaultDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 30 }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<FaultDatabase> CreateAsync(string server)
    {
        var name = "f_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        return new FaultDatabase(server, name);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Like <see cref="CountAsync"/>, but 0 while the server is unreachable (it is being restarted).</summary>
    public async Task<long> TryCountAsync(string sql)
    {
        try
        {
            return await CountAsync(sql);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The test's own server may be gone already.
        }
    }
}

/// <summary>The real web host as a child process on 127.0.0.1: killed with SIGKILL or stopped with SIGTERM.</summary>
internal sealed class FaultHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private FaultHost(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }
    }

    public static async Task<FaultHost> StartAsync(string connectionString, string workflows, IDictionary<string, string> settings)
    {
        var port = FaultEnvironment.FreePort();
        var start = new ProcessStartInfo("dotnet", [FaultEnvironment.HostDll])
        {
            WorkingDirectory = TestRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CartifFlow__Database__Provider"] = "PostgreSql";
        start.Environment["CartifFlow__Database__ConnectionString"] = connectionString;
        start.Environment["CartifFlow__Engine__WorkflowsPath"] = workflows;
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var host = new FaultHost(process, port);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!await Eventually.EventuallyAsync(host.IsHealthyAsync, TimeSpan.FromSeconds(60), 100))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the host did not become healthy within 60 s:\n{host.Log}");
        }

        return host;
    }

    public async Task<bool> IsHealthyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the host exited with {_process.ExitCode}:\n{Log}");
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }
    }
}

/// <summary>
/// The application's composition in the test process, on a test database, not started (no pumps, no Hangfire
/// server): how the tests start instances and fire triggers as another node would.
/// </summary>
internal sealed class FaultNode : IAsyncDisposable
{
    public static readonly Actor Secretariat = Actor.Person("secretariat", null, "secretariat");

    private readonly IHost _host;

    private FaultNode(IHost host) => _host = host;

    public WorkflowEngine Engine => _host.Services.GetRequiredService<WorkflowEngine>();

    public static async Task<FaultNode> CreateAsync(string connectionString, string workflows)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = TestRepository.Root, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CartifFlow:Database:Provider"] = "PostgreSql",
            ["CartifFlow:Database:ConnectionString"] = connectionString,
            ["CartifFlow:Engine:WorkflowsPath"] = workflows,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddCartifFlow(backgroundWork: false);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync();
        return new FaultNode(host);
    }

    public async Task<Guid> StartAsync(string workflow, string key, JsonObject? parameters = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await Engine.StartAsync(new StartRequest(workflow, key, parameters), Secretariat);
                return result.Applied ? result.Instance!.Id : throw new InvalidOperationException($"start {workflow} {key}: {result.Outcome} {result.Message}");
            }
            catch (Exception ex) when (attempt < 20 && ex is not InvalidOperationException)
            {
                await Task.Delay(500); // the test's server is restarting
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        _host.Dispose();
    }
}

/// <summary>The messages the test SMTP server saved, by Message-Id, for one test's Message-Id domain.</summary>
internal static partial class Maildir
{
    public static List<string> MessageIds(string domain)
    {
        var ids = new List<string>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var folder = Path.Combine(FaultEnvironment.Maildir, sub);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                string? id = null;
                try
                {
                    foreach (var line in File.ReadLines(file))
                    {
                        if (line.Length == 0)
                        {
                            break;
                        }

                        var match = MessageIdHeader().Match(line);
                        if (match.Success)
                        {
                            id = match.Groups[1].Value;
                            break;
                        }
                    }
                }
                catch (IOException)
                {
                    continue; // being written
                }

                if (id is not null && id.EndsWith("@" + domain, StringComparison.Ordinal))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    [GeneratedRegex("^Message-I[dD]:\\s*<([^>]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdHeader();
}
