using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CartifFlow.Negotiation.Tests.Support;

/// <summary>
/// The application without its web host: the engine, the negotiation's features and the repository's definitions on a
/// fresh SQLite file with the seeded registry and roadmap, a fake clock and the engine's own timer and outbox pumps
/// (e-mail to a pickup folder). Steps are fired on the engine as the API and the pages fire them.
/// </summary>
internal sealed class DomainHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private DomainHost(IHost host, string folder, FakeTimeProvider time)
    {
        _host = host;
        _folder = folder;
        Time = time;
    }

    public static Actor Secretariat { get; } = Actor.Person("secretariat", null, "secretariat");

    public FakeTimeProvider Time { get; }

    public WorkflowEngine Engine => _host.Services.GetRequiredService<WorkflowEngine>();

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts on <paramref name="now"/>. <paramref name="edit"/> may change a copy of the repository's definitions
    /// (file name, text) before they load; the definitions and templates are otherwise the repository's.
    /// </summary>
    public static async Task<DomainHost> StartAsync(DateTimeOffset now, Func<string, string, string>? edit = null)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-domain-").FullName;
        var workflows = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        var templates = Directory.CreateDirectory(Path.Combine(workflows, "templates")).FullName;
        var repository = Path.Combine(TestRepository.Root, "workflows");
        foreach (var file in Directory.GetFiles(repository, "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(workflows, Path.GetFileName(file)), edit is null ? text : edit(Path.GetFileName(file), text));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(repository, "templates")))
        {
            File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
        }

        var time = new FakeTimeProvider(now);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CartifFlow:Database:Provider"] = "Sqlite",
            ["CartifFlow:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "x.db")}",
            ["CartifFlow:Engine:WorkflowsPath"] = workflows,
            ["CartifFlow:Email:PickupFolder"] = Path.Combine(folder, "mail"),
            ["CartifFlow:Negotiation:ParticipantsSeedFile"] = Path.Combine(repository, "registry", "participants.yaml"),
            ["CartifFlow:Negotiation:RoadmapSeedFile"] = Path.Combine(repository, "registry", "roadmap.yaml"),
            ["CartifFlow:Negotiation:MinimumWorkingDays"] = "0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCartifFlow(backgroundWork: false);
        builder.Services.AddSingleton<TimeProvider>(time);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync();
        await host.Services.GetRequiredService<RoadmapSeeder>().SeedIfEmptyAsync();
        await host.StartAsync();
        return new DomainHost(host, folder, time);
    }

    /// <summary>Starts the negotiation as the Secretariat does (Phase 1 and its monitoring begin).</summary>
    public async Task<InstanceView> StartNegotiationAsync()
    {
        var started = await Engine.StartAsync(new StartRequest("negotiation", "CARTIF-2026", new JsonObject { ["seatTimeZone"] = "Asia/Manila" }), Secretariat);
        Assert.True(started.Applied, started.Message);
        return started.Instance!;
    }

    /// <summary>Fires a step as <paramref name="actor"/>; it must apply.</summary>
    public async Task<InstanceView> FireAsync(Guid instance, string trigger, Actor actor, JsonObject? payload = null)
    {
        var result = await Engine.FireAsync(instance, trigger, actor, payload ?? []);
        Assert.True(result.Applied, $"{trigger}: {result.Outcome} {result.Code} {result.Field}: {result.Message}");
        return result.Instance!;
    }

    /// <summary>The only running or ended instance of a workflow.</summary>
    public async Task<InstanceView> SingleAsync(string workflow) => Assert.Single(await Engine.ListAsync(workflow));

    /// <summary>Moves the clock and waits until <paramref name="done"/> holds (the timer pump fires what fell due).</summary>
    public async Task<T> AdvanceAsync<T>(TimeSpan by, Func<Task<T>> read, Func<T, bool> done)
    {
        Time.Advance(by);
        return await Eventually.EventuallyAsync(read, done);
    }

    /// <summary>The outbox messages of a template, oldest first.</summary>
    public async Task<List<OutboxMessageRecord>> OutboxAsync(string template)
    {
        await using var db = Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Outbox.AsNoTracking().Where(m => m.Template == template).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
    }

    /// <summary>Reads the database.</summary>
    public async Task<T> ReadAsync<T>(Func<WorkflowDbContext, Task<T>> read)
    {
        await using var db = Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await read(db);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
