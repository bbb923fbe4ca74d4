using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.WrittenProcedures;

/// <summary>Whole written procedures through the API on a fake clock, one per branch.</summary>
[Collection(HostTestGroup.Name)]
public sealed class WrittenProcedureTests
{
    private static readonly DateTimeOffset Deadline = ProcedureDriver.Manila(6, 15, 17);

    private static string Fp(string party) => "fp-" + party.ToLowerInvariant();

    private static string Cn(string party) => "cn-" + party.ToLowerInvariant();

    private static IEnumerable<string> To(IEnumerable<OutboxStatusView> messages) => messages.SelectMany(m => m.To.Select(a => a.Address)).Order();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task SilenceKept_IsAdopted_WithRecordAndNoticeToAll(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var key = await d.LaunchAsync();

        var circulated = await d.MessagesAsync(key, "circulated");
        Assert.Equal(ProcedureDriver.TakingPart.SelectMany(p => new[] { $"focal.{p.ToLowerInvariant()}@example.org", $"chief.{p.ToLowerInvariant()}@example.org" }).Concat(["observer.aze@example.org", "secretariat@example.org", "team-leader@example.org"]).Order(), To(circulated));
        Assert.All(circulated, m => Assert.Empty(m.Cc)); // chief negotiators get their own message (their own one-click links)
        Assert.Equal("ru", circulated.Single(m => m.To[0].Address == "focal.kaz@example.org").Language);
        Assert.Equal("en", circulated.Single(m => m.To[0].Address == "focal.mon@example.org").Language);
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Fp("KAZ"), key, "agree")).StatusCode);

        await d.AdvanceToAsync(Deadline);

        var procedure = await d.ProcedureAsync(key);
        Assert.Equal("Adopted", procedure["state"]!.GetValue<string>());
        Assert.True(procedure["closed"]!.GetValue<bool>());
        Assert.Equal(12, (await d.MessagesAsync(key, "adopted")).Count);
        var record = await d.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/procedures/{key}/record", UriKind.Relative)) { Headers = { Authorization = new("Bearer", await d.TokenAsync(Fp("MON"))) } });
        var markdown = await record.Content.ReadAsStringAsync();
        Assert.Equal("text/markdown", record.Content.Headers.ContentType!.MediaType);
        Assert.Contains("**Outcome:** adopted", markdown);
        Assert.Contains("| Kazakhstan | agree |", markdown);
        Assert.Contains("2026-06-15 17:00 (Asia/Manila) = 2026-06-15 09:00:00 UTC", markdown);
        Assert.Contains("deadline-reached", markdown);
        var html = await d.GetTextAsync(Fp("MON"), $"/api/procedures/{key}/record?format=html");
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Theory]
    [InlineData("silence")]
    [InlineData("consent")]
    public async Task AnObjectionFromAPartyThatHasStoppedTakingPart_NoLongerDecidesTheOutcome(string mode)
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode);
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Fp("TKM"), key, "object", reason: "Paragraph 2 needs internal consultations.")).StatusCode);
        foreach (var party in ProcedureDriver.TakingPart.Where(p => p != "TKM"))
        {
            Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Fp(party), key, "agree")).StatusCode);
        }

        var left = await d.PostAsync("secretariat", "/api/parties/TKM/status-changes", new { status = "not-participating", effectiveFrom = "2026-06-10" });
        Assert.Equal(HttpStatusCode.Created, left.StatusCode);

        await d.AdvanceToAsync(Deadline);

        Assert.Equal("Adopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        Assert.False(await db.Set<AgendaItem>().AnyAsync(a => a.Source == key));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TheSameResponseSentAgainByTheSamePerson_IsRecordedAndReceiptedOnce_AnotherAnswerOrPersonIsRecorded(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var key = await d.LaunchAsync();

        var first = await d.RespondAsync(Fp("KAZ"), key, "agree-with-comments", comments: "Kazakhstan supports Article 7.");
        var again = await d.RespondAsync(Fp("KAZ"), key, "agree-with-comments", comments: "Kazakhstan supports Article 7.");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(1, await ResponsesOfAsync(d, key, "KAZ"));
        Assert.Single(await d.MessagesAsync(key, "response-recorded"));

        // Other content from the same person, and the same content from the party's chief negotiator, are responses of their own.
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Fp("KAZ"), key, "agree")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Cn("KAZ"), key, "agree")).StatusCode);
        Assert.Equal(3, await ResponsesOfAsync(d, key, "KAZ"));
        Assert.Equal(3, (await d.MessagesAsync(key, "response-recorded")).Count);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task EveryPartyRespondingAtTheSameMoment_IsRecorded_AndAResponseSentTwiceAtOnceIsRecordedOnce(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var key = await d.LaunchAsync();

        // Nine parties and Kazakhstan's second click, all at once, none with If-Match: each step that loses the race
        // to another runs again on the procedure as it now is.
        var answers = await Task.WhenAll(ProcedureDriver.TakingPart.Append("KAZ").Select(p => d.RespondAsync(Fp(p), key, "agree")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var party in ProcedureDriver.TakingPart)
        {
            Assert.Equal(1, await ResponsesOfAsync(d, key, party));
        }

        Assert.Equal(ProcedureDriver.TakingPart.Length, (await d.MessagesAsync(key, "response-recorded")).Count);
        var status = await d.GetJsonAsync("secretariat", $"/api/procedures/{key}/status");
        Assert.Empty(status["notReplied"]!.AsArray());
    }

    private static async Task<int> ResponsesOfAsync(ProcedureDriver d, string key, string party)
    {
        var instance = await d.Host.Engine.FindAsync("written-procedure", key);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Set<ProcedureResponse>().CountAsync(r => r.InstanceId == instance!.Id && r.PartyCode == party);
    }

    [Fact]
    public async Task AKeyGivenByHandFarBeyondTheSequence_DoesNotEndTheGeneratedOnes()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var byHand = await d.PostAsync("secretariat", "/api/procedures", new { area = "TF", title = "T", text = "X.", deadline = "2026-06-15T17:00", key = "WP-2026-2147483647" });
        Assert.Equal(HttpStatusCode.Created, byHand.StatusCode);

        Assert.Equal("WP-2026-001", await d.LaunchAsync());
        Assert.Equal("WP-2026-002", await d.LaunchAsync());
    }

    [Fact]
    public async Task SharedNotice_CopiesOnlyThoseOfTheSamePartyLanguageAndTimeZone_OthersGetTheirOwnInTheirZone()
    {
        await using var d = await ProcedureDriver.StartAsync();
        // Kazakhstan's chief negotiator works from Moscow; Mongolia's from the focal point's own time zone.
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            var chief = await db.Set<global::CartifFlow.Negotiation.Participants.Person>().SingleAsync(p => p.Id == "cn-kaz");
            chief.TimeZone = "Europe/Moscow";
            await db.SaveChangesAsync();
        }

        var key = await d.LaunchAsync();
        await d.AdvanceToAsync(Deadline);

        await using var read = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var adopted = (await read.Outbox.AsNoTracking().Where(m => m.Template == "adopted").ToListAsync())
            .Select(m => $"to {Addresses(m.ToJson)} cc {Addresses(m.CcJson)} in {m.TimeZone}").ToList();
        Assert.Equal(13, adopted.Count); // nine focal points (eight with their chief negotiator in Cc), one chief on their own, the observer, two Secretariat
        Assert.Contains("to focal.mon@example.org cc chief.mon@example.org in Asia/Ulaanbaatar", adopted);
        Assert.Contains("to focal.kaz@example.org cc  in Asia/Almaty", adopted);
        Assert.Contains("to chief.kaz@example.org cc  in Europe/Moscow", adopted);

        static string Addresses(string json) => string.Join(", ", JsonNode.Parse(json)!.AsArray().Select(a => a!["Address"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SilenceBroken_IsNotAdopted_AndReferredToTheWorkingGroup()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.RespondAsync(Fp("KAZ"), key, "agree");
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Cn("MON"), key, "object", reason: "Publication within the time proposed is not feasible for Mongolia.")).StatusCode);

        await d.AdvanceToAsync(Deadline);

        Assert.Equal("NotAdopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        Assert.Equal(12, (await d.MessagesAsync(key, "not-adopted")).Count);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var item = await db.Set<AgendaItem>().SingleAsync();
        Assert.Equal(("TF", key), (item.AreaCode, item.Source));
        Assert.Contains("MON: Publication within the time proposed is not feasible for Mongolia.", item.Details);
    }

    [Fact]
    public async Task Consent_AllAgreeing_IsAdopted()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode: "consent");
        foreach (var party in ProcedureDriver.TakingPart)
        {
            var kind = party == "GEO" ? "agree-with-comments" : "agree";
            Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync(Fp(party), key, kind, comments: party == "GEO" ? "Georgia will publish in Georgian and English." : null)).StatusCode);
        }

        await d.AdvanceToAsync(Deadline);

        Assert.Equal("Adopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        Assert.Empty(await d.MessagesAsync(key, "escalation"));
    }

    [Fact]
    public async Task Consent_WithMissingParties_EscalatesToTheirChiefNegotiators_ThenToTheSecretariatLead()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode: "consent");
        foreach (var party in ProcedureDriver.TakingPart.Except(["PAK", "TKM"]))
        {
            await d.RespondAsync(Fp(party), key, "agree");
        }

        await d.AdvanceToAsync(Deadline);

        Assert.Equal("Escalated", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        var escalations = await d.MessagesAsync(key, "escalation");
        Assert.Equal(["chief.pak@example.org", "chief.tkm@example.org", "secretariat@example.org", "team-leader@example.org"], To(escalations));
        Assert.Empty(await d.MessagesAsync(key, "escalation-lead"));
        var late = await d.RespondAsync(Fp("PAK"), key, "agree");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        await d.AdvanceAsync(TimeSpan.FromDays(3));

        Assert.Equal(["team-leader@example.org"], To(await d.MessagesAsync(key, "escalation-lead")));
        Assert.Equal(HttpStatusCode.OK, (await d.PostAsync("secretariat", $"/api/procedures/{key}/closure", new { reason = "The missing parties did not answer within the grace period." })).StatusCode);
        Assert.Equal("NotAdopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consent_WithTheLongestTitle_ClosesAsNotAdopted_OnPostgreSql_WithItsAgendaItemShortenedToFit()
    {
        await using var d = await ProcedureDriver.StartAsync("PostgreSql");
        var title = "Article 5: " + new string('x', 489);
        var key = await d.LaunchAsync(mode: "consent", title: title);
        await d.AdvanceToAsync(Deadline);
        Assert.Equal("Escalated", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());

        var closed = await d.PostAsync("secretariat", $"/api/procedures/{key}/closure", new { reason = "No answers." });

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("NotAdopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var item = Assert.Single(await db.Set<AgendaItem>().AsNoTracking().Where(a => a.Source == key).ToListAsync());
        Assert.Equal(500, item.Subject.Length);
        Assert.EndsWith($"… (written procedure {key} not adopted)", item.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Article 5: xxx", item.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcedureLaunchedOnNewYearsDayAtTheSeat_IsNumberedInTheNewYear_ThoughItIsStillTheOldYearInUtc()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)); // 1 January 2027, 01:00 in Manila

        var key = await d.LaunchAsync(deadline: "2027-01-20T17:00");

        Assert.Equal("WP-2027-001", key);
    }

    [Fact]
    public async Task Reminders_GoOnlyToPartiesThatHaveNotResponded_AtTheirOffsets()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.RespondAsync(Fp("KAZ"), key, "agree");
        await d.RespondAsync(Cn("UZB"), key, "agree");

        // Two days and one day before the Monday deadline are Saturday and Sunday: both go on Friday at 09:00 (the
        // earliest reader's, UTC+8), in each reader's working day (docs/email.md).
        var friday = ProcedureDriver.Manila(6, 12, 9);
        Assert.Equal([Deadline.AddDays(-5), friday, friday, Deadline], (await d.PendingTimersAsync(key)).Select(t => t.DueAt));
        await d.AdvanceToAsync(Deadline.AddDays(-5).AddSeconds(-1));
        Assert.Empty(await d.MessagesAsync(key, "reminder"));
        await d.AdvanceAsync(TimeSpan.FromSeconds(1));

        var reminders = await d.MessagesAsync(key, "reminder");
        Assert.Equal(ProcedureDriver.TakingPart.Except(["KAZ", "UZB"]).Select(p => $"focal.{p.ToLowerInvariant()}@example.org").Order(), To(reminders));
        await d.RespondAsync(Fp("MON"), key, "agree");
        await d.AdvanceToAsync(Deadline.AddDays(-2));
        Assert.Equal(7 + 6 + 6, (await d.MessagesAsync(key, "reminder")).Count);
    }

    [Fact]
    public async Task Extension_MovesTheDeadline_NotifiesEveryone_AndReplansReminders()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.AdvanceToAsync(Deadline.AddDays(-5));
        Assert.Equal(9, (await d.MessagesAsync(key, "reminder")).Count);

        var missingReason = await d.PostAsync("secretariat", $"/api/procedures/{key}/extension", new { deadline = "2026-06-25T17:00" });
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        Assert.Contains("\"reason\"", await missingReason.Content.ReadAsStringAsync());
        var extended = await d.PostAsync("secretariat", $"/api/procedures/{key}/extension", new { deadline = "2026-06-25T17:00", reason = "Several capitals asked for more time for inter-agency consultation." });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);

        var newDeadline = ProcedureDriver.Manila(6, 25, 17);
        // Five days before is a Saturday, and the Friday before is the Dragon Boat Festival in China: Thursday 09:00 in
        // Beijing. One day before is Ashura (expected) in Pakistan: Tuesday 09:00 in Karachi. Two days before as planned.
        Assert.Equal(
            [ProcedureDriver.Manila(6, 18, 9), new DateTimeOffset(2026, 6, 23, 9, 0, 0, TimeSpan.FromHours(5)), newDeadline.AddDays(-2), newDeadline],
            (await d.PendingTimersAsync(key)).Select(t => t.DueAt));
        Assert.Equal(21, (await d.MessagesAsync(key, "extended")).Count); // still open: each chief negotiator gets their own message (own links)
        await d.AdvanceToAsync(Deadline.AddDays(1));
        Assert.Equal("Circulating", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        Assert.Equal(9, (await d.MessagesAsync(key, "reminder")).Count);
        await d.AdvanceToAsync(newDeadline.AddDays(-5));
        Assert.Equal(18, (await d.MessagesAsync(key, "reminder")).Count);
        await d.AdvanceToAsync(newDeadline);
        Assert.Equal("Adopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdrawal_ClosesTheProcedure_AndLaterResponsesAreRefused()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "The text will be renegotiated in the working group." })).StatusCode);

        Assert.Equal("Withdrawn", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        Assert.Equal(12, (await d.MessagesAsync(key, "withdrawn")).Count);
        Assert.Empty(await d.PendingTimersAsync(key));
        Assert.Equal(HttpStatusCode.Conflict, (await d.RespondAsync(Fp("KAZ"), key, "agree")).StatusCode);
    }

    [Fact]
    public async Task ChangedResponse_TheLatestCounts_AndAllAreKept()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.RespondAsync(Fp("KAZ"), key, "object", reason: "The scope must exclude draft regulations.");
        await d.AdvanceAsync(TimeSpan.FromDays(1));
        await d.RespondAsync(Cn("KAZ"), key, "agree-with-comments", comments: "Kazakhstan withdraws its objection after consultations.");

        await d.AdvanceToAsync(Deadline);

        var procedure = await d.ProcedureAsync(key);
        Assert.Equal("Adopted", procedure["state"]!.GetValue<string>());
        Assert.Equal(["object", "agree-with-comments"], procedure["responses"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()));
        var markdown = await d.GetTextAsync("secretariat", $"/api/procedures/{key}/record");
        Assert.Contains("Reason: The scope must exclude draft regulations.", markdown);
        Assert.Contains("Comments: Kazakhstan withdraws its objection after consultations.", markdown);
    }

    [Fact]
    public async Task LateResponse_IsRefusedWithAClearMessage_EvenBeforeTheDeadlineTimerRan()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        d.Data.Time.Advance(Deadline - d.Data.Time.GetUtcNow()); // at the deadline, before any timer pass

        var atDeadline = await d.RespondAsync(Fp("KAZ"), key, "agree");
        await d.AdvanceAsync(TimeSpan.FromMinutes(1));
        var afterClosing = await d.RespondAsync(Fp("GEO"), key, "agree");

        Assert.Equal(HttpStatusCode.Conflict, atDeadline.StatusCode);
        Assert.Contains("past its deadline", await atDeadline.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, afterClosing.StatusCode);
        Assert.Equal("application/problem+json", afterClosing.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await d.ProcedureAsync(key))["responses"]!.AsArray());
    }

    [Fact]
    public async Task WrongPartyOrRole_IsRefused_AndChangesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();

        var otherParty = await d.RespondAsync(Fp("KAZ"), key, "agree", party: "MON");
        var observer = await d.RespondAsync("obs-aze", key, "agree");
        var secretariat = await d.RespondAsync("secretariat", key, "agree");
        var focalPointExtends = await d.PostAsync(Fp("KAZ"), $"/api/procedures/{key}/extension", new { deadline = "2026-06-30T17:00", reason = "x" });
        var focalPointLaunches = await d.PostAsync(Fp("KAZ"), "/api/procedures", new { area = "TF", title = "t", text = "x", deadline = "2026-06-30T17:00" });
        var anonymous = await d.SendAsync(HttpMethod.Get, string.Empty, $"/api/procedures/{key}");

        Assert.Equal(HttpStatusCode.Forbidden, otherParty.StatusCode);
        Assert.Contains("may not act for MON", await otherParty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, observer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, secretariat.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, focalPointExtends.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, focalPointLaunches.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var procedure = await d.ProcedureAsync(key);
        Assert.Empty(procedure["responses"]!.AsArray());
        Assert.Equal(1, procedure["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadInput_GetsProblemDetailsWithTheField()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();

        var badLaunch = await d.PostAsync("secretariat", "/api/procedures", new { area = "XX", title = "", deadline = "2020-01-01T10:00", mode = "majority", reminders = new[] { "P1M" } });
        var errors = JsonNode.Parse(await badLaunch.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        var badKind = await d.RespondAsync(Fp("KAZ"), key, "maybe");
        var stale = await d.PostAsync(Fp("KAZ"), $"/api/procedures/{key}/responses", new { kind = "agree" }, ifMatch: "\"0\"");
        var unknown = await d.SendAsync(HttpMethod.Get, "secretariat", "/api/procedures/WP-1999-999");
        var malformed = await d.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("/api/procedures", UriKind.Relative))
        {
            Headers = { Authorization = new("Bearer", await d.TokenAsync("secretariat")) },
            Content = new StringContent("{\"area\": 12", System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, badLaunch.StatusCode);
        Assert.Equal(["area", "deadline", "mode", "reminders[0]", "text", "title"], errors.Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("\"kind\"", await badKind.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(1, (await d.ProcedureAsync(key))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task WhoHasNotReplied_ListsTheMissingParties()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.RespondAsync(Fp("KAZ"), key, "agree");
        await d.RespondAsync(Cn("PRC"), key, "object", reason: "Needs a transition period.");

        var status = await d.GetJsonAsync("secretariat", $"/api/procedures/{key}/status");

        Assert.Equal(9, status["takingPart"]!.GetValue<int>());
        Assert.Equal(2, status["replied"]!.GetValue<int>());
        Assert.Equal(["GEO", "KGZ", "MON", "PAK", "TAJ", "TKM", "UZB"], status["notReplied"]!.AsArray().Select(p => p!.GetValue<string>()));
        var prc = status["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "PRC")!;
        Assert.Equal(("object", "cn-prc"), (prc["kind"]!.GetValue<string>(), prc["by"]!.GetValue<string>()));
    }
}
