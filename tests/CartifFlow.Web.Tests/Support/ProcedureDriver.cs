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

    /// <summary>A host on the repository's workflows, templates and participants file.</summary>
    public static async Task<ProcedureDriver> StartAsync(string provider = "Sqlite")
    {
        var data = await HostData.CreateAsync(provider);
        var host = data.StartHost(Path.Combine(HostData.RepositoryRoot, "workflows"));
        var driver = new ProcedureDriver(data, host);
        _ = host.Server;
        return driver;
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

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string personId, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
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
    public async Task<string> LaunchAsync(string mode = "silence", string deadline = "2026-06-15T17:00", string area = "TF", IReadOnlyList<string>? reminders = null)
    {
        var response = await PostAsync("secretariat", "/api/procedures", new
        {
            area,
            title = "Article 5: Publication and availability of information",
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
    /// Moves the clock, fires what fell due and delivers the outbox, until nothing due is left: the host's own pumps run
    /// alongside and may hold some rows for a moment (an instance's timers fire one after the other, in due order).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Data.Time.Advance(by);
        var now = Data.Time.GetUtcNow();
        var factory = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>();
        var until = Environment.TickCount64 + 20_000;
        while (true)
        {
            await Host.Services.GetRequiredService<TimerDispatcher>().FireDueAsync();
            await Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
            await using var db = factory.Create();
            var left = await db.Timers.AnyAsync(t => t.Status == TimerStatus.Pending && t.DueAt <= now)
                || await db.Outbox.AnyAsync(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now);
            if (!left || Environment.TickCount64 > until)
            {
                return;
            }

            await Task.Delay(20);
        }
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
