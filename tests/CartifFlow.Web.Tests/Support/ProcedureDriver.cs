using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Timers;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Support;

/// <summary>Drives written procedures through the real host's API, as the people of the seeded registry.</summary>
public sealed class ProcedureDriver : IAsyncDisposable
{
    public static readonly string[] TakingPart = ["GEO", "KAZ", "KGZ", "MON", "PAK", "PRC", "TAJ", "TKM", "UZB"];

    private readonly Dictionary<string, string> _tokens = [];

    private ProcedureDriver(HostData data, CartifFlowFactory host)
    {
        Data = data;
        Host = host;
        Client = host.CreateClient();
    }

    public HostData Data { get; }

    public CartifFlowFactory Host { get; }

    public HttpClient Client { get; }


    /// <summary>
    /// A host on the repository's workflows, templates and participants file. The test fires timers itself
    /// (<see cref="AdvanceAsync"/>), so the host's background timer pump is off: with it on, the pump could claim a
    /// timer the clock just made due and still be firing it when the test reads the outcome.
    /// </summary>
    public static async Task<ProcedureDriver> StartAsync(string provider = "Sqlite", DateTimeOffset? start = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        await StartAsync(provider, start, settings, port: null);

    /// <summary>As <see cref="StartAsync(string, DateTimeOffset?, IReadOnlyDictionary{string, string?}?)"/>, on a real port of 127.0.0.1 (for a browser): <see cref="BaseUrl"/>.</summary>
    public static async Task<ProcedureDriver> StartOnPortAsync(DateTimeOffset? start = null) =>
        await StartAsync("Sqlite", start, null, FreePort());

    private static async Task<ProcedureDriver> StartAsync(string provider, DateTimeOffset? start, IReadOnlyDictionary<string, string?>? settings, int? port)
    {
        var data = await HostData.CreateAsync(provider, start);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (port is not null)
        {
            all["CartifFlow:Web:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        }

        var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), runTimers: false, all);
        if (port is { } p)
        {
            host.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, p));
            host.StartServer();
        }

        var driver = new ProcedureDriver(data, host) { BaseUrl = port is null ? null : $"http://127.0.0.1:{port}" };
        if (port is null)
        {
            _ = host.Server;
        }

        return driver;
    }

    /// <summary>The host's address when it listens on a real port (<see cref="StartOnPortAsync"/>), else null.</summary>
    public string? BaseUrl { get; private init; }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The same host served on a real port (Kestrel) for a browser, timers fired by the test as in
    /// <see cref="StartAsync(string, DateTimeOffset?, IReadOnlyDictionary{string, string?}?)"/>; the driver's client talks to that port.
    /// </summary>
    public static async Task<ProcedureDriver> StartServingAsync(int port, IReadOnlyDictionary<string, string?> settings, DateTimeOffset? start = null)
    {
        var data = await HostData.CreateAsync("Sqlite", start);
        var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), runTimers: false, settings);
        host.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        host.StartServer();
        return new ProcedureDriver(data, host);
    }

    public async Task<string> TokenAsync(string personId)
    {
        if (!_tokens.TryGetValue(personId, out var token))
        {
            await using var db = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
            token = await ApiTokens.IssueAsync(db, personId, "test", Data.Time.GetUtcNow(), null);
            _tokens[personId] = token;
        }

        return token;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string personId, string url, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (personId.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(personId));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }

    public async Task<string> GetTextAsync(string personId, string url)
    {
        var response = await SendAsync(HttpMethod.Get, personId, url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    public Task<HttpResponseMessage> PostAsync(string personId, string url, object? body = null, string? ifMatch = null) => SendAsync(HttpMethod.Post, personId, url, body ?? new { }, ifMatch);

    public async Task<JsonNode> GetJsonAsync(string personId, string url)
    {
        var response = await SendAsync(HttpMethod.Get, personId, url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The Secretariat launches a procedure; deadline is local time in Manila.</summary>
    public async Task<string> LaunchAsync(string mode = "silence", string deadline = "2026-06-15T17:00", string area = "TF", IReadOnlyList<string>? reminders = null, string title = "Article 5: Publication and availability of information")
    {
        var response = await PostAsync("secretariat", "/api/procedures", new
        {
            area,
            title,
            text = "Each Party shall promptly publish its laws, regulations and administrative rulings of general application relating to trade, in a non-discriminatory and easily accessible manner.",
            mode,
            deadline,
            reminders,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["key"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> RespondAsync(string personId, string key, string kind, string? reason = null, string? comments = null, string? party = null) =>
        await PostAsync(personId, $"/api/procedures/{key}/responses", new { kind, reason, comments, party, proposedWording = kind == "object" ? "Each Party shall endeavour to publish…" : null });

    /// <summary>
    /// Moves the clock, fires what fell due and delivers the outbox (as the host's pump and job would). The host's
    /// Hangfire job delivers too, on its own thread: the call returns once no message is due or in a delivery's hands.
    /// </summary>
    /// <remarks>
    /// The clock stops at each timer's due time on the way, as real time would pass: timers fire in order and
    /// each sees its own instant (a reminder a week before a meeting fires before the meeting's start).
    /// </remarks>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var target = Data.Time.GetUtcNow() + by;
        var timers = Host.Services.GetRequiredService<TimerDispatcher>();
        while (await timers.NextDueAsync() is { } due && due <= target)
        {
            if (due > Data.Time.GetUtcNow())
            {
                Data.Time.Advance(due - Data.Time.GetUtcNow());
            }

            await timers.FireDueAsync();
        }

        Data.Time.Advance(target - Data.Time.GetUtcNow());
        await timers.FireDueAsync();
        await Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
        var now = Data.Time.GetUtcNow();
        var undelivered = await Eventually.EventuallyAsync(
            async () =>
            {
                await using var db = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
                var pending = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending).ToListAsync();
                return pending.Count(m => m.NextAttemptAt <= now || m.LeasedUntil != null);
            },
            n => n == 0);
        Assert.True(undelivered == 0, $"{undelivered} messages were still being delivered");
    }

    public Task AdvanceToAsync(DateTimeOffset instant) => AdvanceAsync(instant - Data.Time.GetUtcNow());

    public async Task<JsonNode> ProcedureAsync(string key) => await GetJsonAsync("secretariat", $"/api/procedures/{key}");

    /// <summary>Messages the procedure wrote, by template: the addressees (To) of each.</summary>
    public async Task<List<OutboxStatusView>> MessagesAsync(string key, string? template = null)
    {
        var instance = await Host.Engine.FindAsync("written-procedure", key);
        var all = await Host.Services.GetRequiredService<OutboxDispatcher>().GetStatusAsync(instance!.Id);
        return [.. all.Where(m => template is null || m.Template == template)];
    }

    public async Task<List<TimerRecord>> PendingTimersAsync(string key)
    {
        var instance = await Host.Engine.FindAsync("written-procedure", key);
        await using var db = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == instance!.Id && t.Status == TimerStatus.Pending).ToListAsync();
        return [.. timers.OrderBy(t => t.DueAt)];
    }

    public static DateTimeOffset Manila(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Data.DisposeAsync();
    }
}
