using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Timers;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Benchmarks;

/// <summary>
/// One CartifFlow node in the benchmark's process: the application's own composition (<c>AddCartifFlow</c>: EF Core
/// contexts and migrations, engine, Hangfire, e-mail) on a scenario's database, with the benchmark's workflows and a
/// recipient resolver that reads nothing (the figures are the engine's, not the registry's).
/// Built but not started unless asked: then the timer pump and the Hangfire server run as in the web host.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    public static readonly Actor Secretariat = Actor.Person("secretariat", null, "secretariat");

    private readonly IHost _host;
    private readonly string _folder;
    private bool _started;

    private BenchNode(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public IServiceProvider Services => _host.Services;

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public TimerDispatcher Timers => Services.GetRequiredService<TimerDispatcher>();

    public OutboxDispatcher Outbox => Services.GetRequiredService<OutboxDispatcher>();

    public static async Task<BenchNode> CreateAsync(string provider, string connectionString, string workflows, IDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-bench-node-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["CartifFlow:Database:Provider"] = provider,
            ["CartifFlow:Database:ConnectionString"] = connectionString,
            ["CartifFlow:Engine:WorkflowsPath"] = workflows,
            ["CartifFlow:Email:PickupFolder"] = Path.Combine(folder, "mail"),
            ["CartifFlow:Negotiation:ParticipantsSeedFile"] = Path.Combine(BenchSettings.Root, "workflows", "registry", "participants.yaml"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        // Engine settings can be varied from the environment for a comparison, e.g. CartifFlow__Engine__StepBatchSize=1
        // (group commit off); the database, folders and workflows stay the scenario's.
        builder.Configuration.AddEnvironmentVariables(prefix: null);
        builder.Configuration.AddInMemoryCollection(values.Where(v => !v.Key.StartsWith("CartifFlow:Engine:", StringComparison.Ordinal) || v.Key == "CartifFlow:Engine:WorkflowsPath"));
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None); // the migrator probes a missing history table; handled races log errors
        builder.Services.AddCartifFlow();
        builder.Services.AddSingleton<IRecipientResolver, BenchRecipients>();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return new BenchNode(host, folder);
    }

    /// <summary>Starts the hosted services: the timer pump and the Hangfire server.</summary>
    public async Task StartAsync()
    {
        await _host.StartAsync();
        _started = true;
    }

    public async Task<Guid> StartInstanceAsync(string workflow, string key, JsonObject? parameters = null)
    {
        var result = await Engine.StartAsync(new StartRequest(workflow, key, parameters), Secretariat);
        return result.Applied ? result.Instance!.Id : throw new InvalidOperationException($"start {workflow} {key}: {result.Outcome} {result.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }

        _host.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One addressee, without a database read: the benchmark measures the engine, not the registry.</summary>
internal sealed class BenchRecipients : IRecipientResolver
{
    public IReadOnlySet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal) { "bench-desk" };

    public Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info) =>
        Task.FromResult<IReadOnlyList<Envelope>>(
            [new Envelope([new MailAddress("desk@example.org", "Benchmark Desk")], [], "en", "Asia/Manila", new JsonObject { ["name"] = "Benchmark Desk" })]);
}
