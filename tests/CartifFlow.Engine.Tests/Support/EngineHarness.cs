using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CartifFlow.Engine.Tests.Support;

/// <summary>One "node": an engine with its dispatchers over a shared test database and a shared fake clock.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public EngineHarness(TestDatabase database, FakeTimeProvider time, string? workflows = null, Rendezvous? rendezvous = null, RecordingDelivery? delivery = null)
    {
        Database = database;
        Time = time;
        Delivery = delivery ?? new RecordingDelivery();
        Rendezvous = rendezvous ?? new Rendezvous();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CartifFlow:Engine:WorkflowsPath"] = workflows ?? Path.Combine(AppContext.BaseDirectory, "Workflows"),
            ["CartifFlow:Engine:OutboxMaxAttempts"] = "3",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IWorkflowDbContextFactory>(database)
            .AddSingleton(database.Store)
            .AddSingleton<IOutboxDelivery>(Delivery)
            .AddSingleton<CartifFlow.Engine.Notifications.IRecipientResolver, TestRecipients>()
            .AddWorkflowFeature(f => f
                .Roles("secretariat", "focal-point", "chief-negotiator")
                .Guard<AllAnswered>()
                .Activity<RecordAnswer>()
                .Activity<CountReminder>()
                .Activity<MoveDeadline>()
                .Activity<Explode>()
                .Activity(Rendezvous))
            .AddWorkflowEngine();
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    public RecordingDelivery Delivery { get; }

    public Rendezvous Rendezvous { get; }

    public WorkflowEngine Engine => _services.GetRequiredService<WorkflowEngine>();

    public TimerDispatcher Timers => _services.GetRequiredService<TimerDispatcher>();

    public OutboxDispatcher Outbox => _services.GetRequiredService<OutboxDispatcher>();

    public static Actor Secretariat { get; } = Actor.Person("sec-1", null, "secretariat");

    public static Actor FocalPoint(string party) => Actor.Person($"fp-{party.ToLowerInvariant()}", party, "focal-point");

    public static Actor ChiefNegotiator(string party) => Actor.Person($"cn-{party.ToLowerInvariant()}", party, "chief-negotiator");

    public static async Task<EngineHarness> CreateAsync(Provider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        return new EngineHarness(database, new FakeTimeProvider(Start));
    }

    /// <summary>Another node on the same database and clock.</summary>
    public EngineHarness SecondNode() => new(Database, Time, rendezvous: Rendezvous, delivery: Delivery) { _ownsDatabase = false };

    private bool _ownsDatabase = true;

    public async Task<Guid> StartReviewAsync(string key = "R-1", TimeSpan? deadlineIn = null, int expected = 2)
    {
        var deadline = Start + (deadlineIn ?? TimeSpan.FromDays(5));
        var result = await Engine.StartAsync(
            new StartRequest("review", key, new System.Text.Json.Nodes.JsonObject { ["deadline"] = deadline.ToString("O"), ["expected"] = expected }),
            Secretariat);
        Assert.True(result.Applied, result.Message);
        return result.Instance!.Id;
    }

    public async Task<int> AdvanceAndFireAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await Timers.FireDueAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
