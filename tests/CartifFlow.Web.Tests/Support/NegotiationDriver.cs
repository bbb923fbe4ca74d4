using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Support;

/// <summary>
/// Drives the negotiation through the real host's API as the people of the seeded registry, on a fake clock
/// (see <see cref="ProcedureDriver"/>, which it builds on): helpers to reach each phase and to read the e-mails.
/// </summary>
public sealed class NegotiationDriver : IAsyncDisposable
{
    public const string Key = "CARTIF-2026";

    public static readonly string[] TakingPart = ProcedureDriver.TakingPart;

    private NegotiationDriver(ProcedureDriver procedures) => P = procedures;

    /// <summary>The underlying driver: HTTP as a person, the clock, written procedures.</summary>
    public ProcedureDriver P { get; }

    /// <summary>The fake clock's current instant.</summary>
    public DateTimeOffset Now => P.Data.Time.GetUtcNow();

    public static async Task<NegotiationDriver> StartAsync(DateTimeOffset start, string provider = "Sqlite") =>
        new(await ProcedureDriver.StartAsync(provider, start));

    /// <summary>A driver over a host already started (e.g. served on a real port for a browser).</summary>
    public static NegotiationDriver Over(ProcedureDriver procedures) => new(procedures);

    /// <summary>A host on a real port of 127.0.0.1, for a browser (<see cref="ProcedureDriver.BaseUrl"/>).</summary>
    public static async Task<NegotiationDriver> StartOnPortAsync(DateTimeOffset start) =>
        new(await ProcedureDriver.StartOnPortAsync(start));

    public static string Fp(string party) => "fp-" + party.ToLowerInvariant();

    public static string Cn(string party) => "cn-" + party.ToLowerInvariant();

    public static string FocalMail(string party) => $"focal.{party.ToLowerInvariant()}@example.org";

    public static string ChiefMail(string party) => $"chief.{party.ToLowerInvariant()}@example.org";

    /// <summary>Local time in Manila, the seat.</summary>
    public static DateTimeOffset Manila(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>POST and expect a status; returns the body as JSON (null when empty).</summary>
    public async Task<JsonNode?> PostAsync(string person, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
    {
        var response = await P.PostAsync(person, url, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url} as {person}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode> GetAsync(string url, string person = "secretariat") => P.GetJsonAsync(person, url);

    public async Task<string> StateAsync(string url) => (await GetAsync(url))["state"]!.GetValue<string>();

    public async Task<string> PhaseAsync() => (await GetAsync("/api/negotiation"))["phase"]!.GetValue<string>();

    public Task AdvanceToAsync(DateTimeOffset instant) => P.AdvanceToAsync(instant);

    /// <summary>Every outbox row of a template, in order of writing.</summary>
    public async Task<List<OutboxMessageRecord>> OutboxAsync(string template)
    {
        await using var db = P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Template == template).ToListAsync();
        return [.. rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    /// <summary>The messages one instance wrote, optionally of one template.</summary>
    public async Task<List<OutboxStatusView>> MessagesAsync(string workflow, string key, string? template = null)
    {
        var instance = await P.Host.Engine.FindAsync(workflow, key);
        Assert.NotNull(instance);
        var all = await P.Host.Services.GetRequiredService<OutboxDispatcher>().GetStatusAsync(instance.Id);
        return [.. all.Where(m => template is null || m.Template == template)];
    }

    /// <summary>Every To address of the messages, sorted.</summary>
    public static List<string> To(IEnumerable<OutboxMessageRecord> messages) =>
        [.. messages.SelectMany(m => JsonNode.Parse(m.ToJson)!.AsArray().Select(a => a!["Address"]!.GetValue<string>())).Order(StringComparer.Ordinal)];

    /// <summary>Every Cc address of the messages, sorted.</summary>
    public static List<string> Cc(IEnumerable<OutboxMessageRecord> messages) =>
        [.. messages.SelectMany(m => JsonNode.Parse(m.CcJson)!.AsArray().Select(a => a!["Address"]!.GetValue<string>())).Order(StringComparer.Ordinal)];

    public static List<string> To(IEnumerable<OutboxStatusView> messages) => [.. messages.SelectMany(m => m.To.Select(a => a.Address)).Order(StringComparer.Ordinal)];

    /// <summary>Each taking-part party's focal point and chief negotiator, plus others, sorted.</summary>
    public static List<string> Delegations(params string[] others) =>
        [.. TakingPart.SelectMany(p => new[] { FocalMail(p), ChiefMail(p) }).Concat(others).Order(StringComparer.Ordinal)];

    public static List<string> Mails(Func<string, string> mail, IEnumerable<string> parties, params string[] others) =>
        [.. parties.Select(mail).Concat(others).Order(StringComparer.Ordinal)];

    /// <summary>The message as delivered (the test host delivers to a pickup folder, one .eml per outbox id).</summary>
    public async Task<MimeKit.MimeMessage> DeliveredAsync(Guid outboxId) =>
        await MimeKit.MimeMessage.LoadAsync(Path.Combine(P.Data.Folder, "mail", $"{outboxId:N}.eml"));

    /// <summary>A delivered message's attachment, decoded as text.</summary>
    public static async Task<string> AttachmentAsync(MimeKit.MimeMessage message, string fileName)
    {
        var part = message.Attachments.OfType<MimeKit.MimePart>().Single(a => a.FileName == fileName);
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content);
        return System.Text.Encoding.UTF8.GetString(content.ToArray());
    }

    // ---- Reaching the phases ----

    public async Task StartNegotiationAsync() =>
        await PostAsync("secretariat", "/api/negotiation", new { }, HttpStatusCode.Created);

    /// <summary>Phase 1's documents: modalities, bracketed zero draft, terms of reference.</summary>
    public async Task CirculatePreparationDocumentsAsync()
    {
        await PostAsync("secretariat", "/api/negotiation/documents", new
        {
            kind = "modalities",
            title = "CARTIF negotiation modalities",
            document = "CARTIF/NM/2026/1",
            version = "1",
            priorities = new[] { "TF", "DT", "RT", "IF" },
            summary = "A hybrid, flexible approach: written exchanges for provisions with limited divergence, online working-group sessions for technical discussions, in-person Chief Negotiator meetings for key decisions.",
        });
        await PostAsync("secretariat", "/api/negotiation/documents", new { kind = "zero-draft", title = "Bracketed zero draft of the CARTIF Framework Agreement and initial protocols", document = "CARTIF/ZD/2026/1-bracketed", version = "1" });
        await PostAsync("secretariat", "/api/negotiation/documents", new { kind = "terms-of-reference", title = "Draft terms of reference of the CARTIF working groups", document = "CARTIF/WG-TOR/2026/draft" });
    }

    public async Task<string> ProposeAsync(DateTimeOffset deadline, string justification = "The phase's work is done.")
    {
        var created = await PostAsync("secretariat", "/api/negotiation/transitions", new { justification, deadline = deadline.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture) }, HttpStatusCode.Created);
        return created!["key"]!.GetValue<string>();
    }

    public Task<JsonNode?> ApproveAsync(string key, string person, HttpStatusCode expected = HttpStatusCode.OK, string? reason = null) =>
        PostAsync(person, $"/api/transitions/{key}/approval", new { reason }, expected);

    public Task<JsonNode?> RejectAsync(string key, string person, string? reason, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostAsync(person, $"/api/transitions/{key}/rejection", new { reason }, expected);

    /// <summary>From a fresh host to Phase 2: documents, a proposal, the quorum of six approvals.</summary>
    public async Task ToZeroRoundAsync()
    {
        await StartNegotiationAsync();
        await CirculatePreparationDocumentsAsync();
        var key = await ProposeAsync(Now.AddDays(10));
        foreach (var party in TakingPart.Take(6))
        {
            await ApproveAsync(key, Cn(party));
        }

        Assert.Equal("ZeroRound", await PhaseAsync());
    }

    /// <summary>The Zero Round convened, held and its outcome recorded: Phase 2 ready for the proposal of Phase 3.</summary>
    public async Task ToZeroRoundHeldAsync()
    {
        await ToZeroRoundAsync();
        var start = Now.AddDays(14);
        var meeting = await ConveneZeroRoundAsync(start);
        await AdvanceToAsync(start);
        await RecordZeroRoundOutcomeAsync(meeting);
        Assert.Equal("ZeroRoundHeld", (await GetAsync("/api/negotiation"))["state"]!.GetValue<string>());
    }

    /// <summary>On to Phase 3: every Chief Negotiator approves.</summary>
    public async Task ToWorkingGroupsAsync()
    {
        await ToZeroRoundHeldAsync();
        var key = await ProposeAsync(Now.AddDays(10));
        foreach (var party in TakingPart)
        {
            await ApproveAsync(key, Cn(party));
        }

        Assert.Equal("WorkingGroups", await PhaseAsync());
    }

    /// <summary>Proposes the working group for <paramref name="area"/> and lets its terms of reference be adopted by silence.</summary>
    public async Task EstablishWorkingGroupAsync(string area, string[]? members = null)
    {
        var termsDeadline = Now.AddDays(14);
        await PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area,
            members,
            termsTitle = $"Terms of reference of the working group ({area})",
            termsText = "The group meets online between rounds.",
            termsDeadline = termsDeadline.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
        }, HttpStatusCode.Created);
        await AdvanceToAsync(termsDeadline);
        Assert.Equal("BetweenRounds", await StateAsync($"/api/working-groups/{area}")); // established, no round open yet
    }

    public async Task<string> ConveneZeroRoundAsync(DateTimeOffset start)
    {
        var created = await PostAsync("secretariat", "/api/negotiation/zero-round", new
        {
            title = "Zero Round of the CARTIF negotiations",
            format = "hybrid",
            place = "Ulaanbaatar, Mongolia",
            timeZone = "Asia/Ulaanbaatar",
            start = start.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
            duration = "PT8H",
            alongside = "Regional Trade Group (RTG) and Customs Cooperation Committee (CCC) meetings",
            agenda = "Plenary on the Framework Agreement; technical sessions on the initial protocols; working groups, modalities, timeline and documentation practice.",
        }, HttpStatusCode.Created);
        return created!["key"]!.GetValue<string>();
    }

    public Task<JsonNode?> RecordZeroRoundOutcomeAsync(string meeting, params string[] workingGroups) =>
        PostAsync("secretariat", $"/api/meetings/{meeting}/outcome", new
        {
            summary = "Non-binding technical discussions familiarised the negotiators with the CARTIF architecture and clarified the scope and ambition of each track.",
            decisions = "Working groups for the protocols with substantive divergence; written procedures for provisions with limited divergence.",
            attendance = TakingPart,
            areas = new[]
            {
                new { area = "FA", convergence = "Institutional provisions, objectives and the modular design.", divergence = "Accession of additional protocols and the review clause.", flexibility = "Differentiated responsibilities and transition periods." },
                new { area = "TF", convergence = "Publication of trade rules, advance rulings, single window.", divergence = "Binding time limits for release of goods.", flexibility = "Best-endeavour language and implementation categories." },
                new { area = "IF", convergence = "Transparency of investment measures.", divergence = "Scope of investment facilitation.", flexibility = "Focal points instead of new bodies." },
                new { area = "RT", convergence = "Notification and comment periods.", divergence = "Length of comment periods.", flexibility = "Longer periods for least-developed capacities." },
                new { area = "DT", convergence = "Paperless trade and e-signatures.", divergence = "Data flows and localisation.", flexibility = "Cooperation provisions before commitments." },
            },
            workingGroups = workingGroups.Length == 0 ? new[] { "TF", "DT" } : workingGroups,
            modalities = "Hybrid: written exchanges for provisions with limited divergence, online working-group sessions, in-person Chief Negotiator meetings for key decisions.",
            timeline = "Working groups established in Q2–Q3 2026; two text-based rounds before the Ministerial Conference 2026.",
            documentationPractice = "Revisions numbered by working group; bracketed language where positions differ; comments in writing through CartifFlow.",
        });

    public async ValueTask DisposeAsync() => await P.DisposeAsync();
}
