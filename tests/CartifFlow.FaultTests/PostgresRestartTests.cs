using System.Diagnostics;
using CartifFlow.FaultTests.Support;
using Xunit.Abstractions;

namespace CartifFlow.FaultTests;

/// <summary>
/// PostgreSQL restarted under a running host. On a throw-away cluster of the test's own (test.sh's server is shared
/// with the other tests, which run at the same time), with the binaries test.sh found.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresRestartMidRun_HostRecoversByItself_AndLosesNothing()
    {
        const int instances = 600;
        var folder = Directory.CreateTempSubdirectory("cartifflow-fault-pg-").FullName;
        await using var cluster = await OwnCluster.StartAsync(folder);
        var domain = $"pg-{Guid.NewGuid():N}.fault.example.org";
        await using var db = await FaultDatabase.CreateAsync(cluster.ConnectionString);
        var workflows = FaultEnvironment.Workflows(folder);

        await using var host = await FaultHost.StartAsync(db.ConnectionString, workflows, HostFaultTests.HostSettings(domain));
        await using var node = await FaultNode.CreateAsync(db.ConnectionString, workflows);
        var ids = await HostFaultTests.StartChainsAsync(node, instances, "P");

        Assert.True(await Eventually.EventuallyAsync(async () => await db.CountAsync(HostFaultTests.Fired) >= instances / 2, TimeSpan.FromSeconds(40), 50), "no timer fired before the restart");
        output.WriteLine($"restarting PostgreSQL with {await db.CountAsync(HostFaultTests.Fired)} of {2 * instances} timers fired");
        await cluster.RestartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own connections died with the server

        Assert.True(await Eventually.EventuallyAsync(host.IsHealthyAsync, TimeSpan.FromSeconds(30)), "the host did not report healthy again after the restart");
        var duplicates = await HostFaultTests.AssertEverythingDoneOnceAsync(db, node, ids, timersPerInstance: 2, messagesPerInstance: 3, domain, allowedDuplicates: HostFaultTests.DuplicateWindow);
        output.WriteLine($"duplicate e-mails after the restart: {duplicates}");
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>initdb into a temp folder (as the postgres user when root), pg_ctl start on a free port, restart, stop.</summary>
    private sealed class OwnCluster : IAsyncDisposable
    {
        private readonly string _data;
        private readonly int _port;

        private OwnCluster(string data, int port)
        {
            _data = data;
            _port = port;
        }

        public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Maximum Pool Size=30";

        public static async Task<OwnCluster> StartAsync(string folder)
        {
            var data = Path.Combine(folder, "pgdata");
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres", folder);
            }

            await RunPgAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
            var cluster = new OwnCluster(data, FaultEnvironment.FreePort());
            await cluster.PgCtlAsync("start");
            return cluster;
        }

        /// <summary>A fast restart: every connection is cut, the server is down for a moment, then back.</summary>
        public Task RestartAsync() => PgCtlAsync("restart", "-m", "fast");

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunPgAsync("pg_ctl", "-D", _data, "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
            }
        }

        private Task PgCtlAsync(string command, params string[] extra) =>
            RunPgAsync(["pg_ctl", "-D", _data, "-l", Path.Combine(Path.GetDirectoryName(_data)!, "server.log"), "-w", "-t", "60", command, .. extra,
                "-o", $"-p {_port} -k {Path.GetDirectoryName(_data)} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"]);

        private static Task RunPgAsync(params string[] args)
        {
            var tool = Path.Combine(FaultEnvironment.PgBin, args[0]);
            return Environment.UserName == "root"
                ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. args[1..]])
                : RunAsync(tool, args[1..]);
        }

        private static async Task RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout}{await stderr}");
            }
        }
    }
}
