using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using CartifFlow.Engine.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CartifFlow.Web.Tests.Support;

/// <summary>Host tests share process-wide Hangfire configuration, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HostTestGroup
{
    public const string Name = "host";
}

/// <summary>Where a test host keeps its data: survives the host, so a second host can start on it.</summary>
public sealed class HostData : IAsyncDisposable
{
    private HostData(string folder, string provider, string connectionString, string? pgName, DateTimeOffset? start)
    {
        Folder = folder;
        Provider = provider;
        ConnectionString = connectionString;
        PgName = pgName;
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public string Folder { get; }

    public string Provider { get; }

    public string ConnectionString { get; }

    private string? PgName { get; }

    /// <summary>The host's clock: 2026-06-01 unless the test starts it elsewhere.</summary>
    public FakeTimeProvider Time { get; }

    public static async Task<HostData> CreateAsync(string provider = "Sqlite", DateTimeOffset? start = null)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-host-").FullName;
        if (provider == "Sqlite")
        {
            return new HostData(folder, provider, $"Data Source={Path.Combine(folder, "cartifflow.db")}", null, start);
        }

        var name = "h_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(TestPostgres.Server);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await cmd.ExecuteNonQueryAsync();
        return new HostData(folder, provider, new NpgsqlConnectionStringBuilder(TestPostgres.Server) { Database = name }.ToString(), name, start);
    }

    /// <summary>A host on this data; <paramref name="runTimers"/> false leaves timers to the test (no background pump racing it).</summary>
    public CartifFlowFactory StartHost(string? workflows = null, bool runTimers = true, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(this, workflows ?? Path.Combine(AppContext.BaseDirectory, "Workflows"), runTimers, settings);

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        if (PgName is not null)
        {
            await using var admin = new NpgsqlConnection(TestPostgres.Server);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PgName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>The real host (Program) on the test's database, with a fake clock and the repository as content root.</summary>
public sealed class CartifFlowFactory(HostData data, string workflows, bool runTimers = true, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public HostData Data { get; } = data;

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(TestRepository.Root);
        builder.UseSetting("CartifFlow:Database:Provider", Data.Provider);
        builder.UseSetting("CartifFlow:Database:ConnectionString", Data.ConnectionString);
        builder.UseSetting("CartifFlow:Engine:WorkflowsPath", workflows);
        builder.UseSetting("CartifFlow:Engine:TimerPollInterval", "00:00:01");
        builder.UseSetting("CartifFlow:Engine:RunTimers", runTimers ? "true" : "false");
        builder.UseSetting("CartifFlow:Email:PickupFolder", Path.Combine(Data.Folder, "mail"));
        // The tests' procedures run on short deadlines of a fake clock; the minimum of working days (10 by default)
        // and the other kinds' minimums are tested where a test sets them (Calendars/DeadlineReviewTests).
        builder.UseSetting("CartifFlow:Negotiation:MinimumWorkingDays", "0");
        builder.UseSetting("CartifFlow:Negotiation:TransitionMinimumWorkingDays", "0");
        builder.UseSetting("CartifFlow:Negotiation:RoundMinimumWorkingDays", "0");
        builder.UseSetting("CartifFlow:Negotiation:MeetingMinimumWorkingDays", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Data.Time));
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFilter>();
        });
    }

}

/// <summary>
/// The test server has no network peer: a request's <see cref="ClientAddressFilter.Header"/> stands for the address it
/// comes from (a client, or a proxy in front of the host), set before anything of the host sees the request.
/// </summary>
public sealed class ClientAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use((context, then) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
            }

            return then(context);
        });
        next(app);
    };
}
