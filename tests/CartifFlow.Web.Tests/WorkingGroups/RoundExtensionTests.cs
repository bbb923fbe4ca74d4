using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.WorkingGroups;

/// <summary>
/// A text-based round's deadline extended by the Secretariat while the round takes comments
/// (<c>POST /api/rounds/{key}/extension</c>, text-round version 2), on a fake clock: the deadline and the reminders
/// move, the members are told in their language and time zone, the new deadline is reviewed with the member parties'
/// calendars; refused in the past, when not later, after the deadline and for anyone but the Secretariat.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RoundExtensionTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AnExtension_MovesTheDeadlineAndItsTimers_AContributionAfterTheOldDeadlineIsAccepted_AndRemindersFollowTheNewDeadline()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, first) = await OpenRoundAsync(d, TimeSpan.FromDays(10));
        await d.AdvanceToAsync(first.AddDays(-2));
        Assert.Equal(Mails(FocalMail, ["GEO", "KAZ", "MON"]), To(await RemindersAsync(d, first)).Distinct());

        // Two weeks more, with a reason: the deadline timer and the reminders are planned again for the new deadline.
        var second = first.AddDays(14);
        var extended = (await d.PostAsync("secretariat", $"/api/rounds/{round}/extension", new { deadline = Local(second), reason = "Two capitals asked for time for inter-agency consultation." }))!;
        Assert.Equal(("Commenting", second), (extended["state"]!.GetValue<string>(), extended["deadline"]!["utc"]!.GetValue<DateTimeOffset>()));
        Assert.Equal(second, Assert.Single(await PendingTimersAsync(d, round), t => t.Name == "deadline").DueAt);
        Assert.Equal([("P1D", second), ("P3D", second)], await PendingRemindersAsync(d, round));
        var remindedOfTheFirst = (await RemindersAsync(d, first)).Count;
        var history = await d.P.Host.Engine.GetHistoryAsync((await d.P.Host.Engine.FindAsync("text-round", round))!.Id);
        Assert.Equal(("extend", "secretariat", "Two capitals asked for time for inter-agency consultation."), (history[^1].Trigger, history[^1].ActorId, history[^1].Payload["reason"]!.GetValue<string>()));

        // Past the first deadline the round still takes comments; nothing is reminded before its time.
        await d.AdvanceToAsync(first.AddHours(1));
        Assert.Equal("Commenting", await d.StateAsync($"/api/rounds/{round}"));
        await d.PostAsync(Fp("GEO"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Georgia's comments, after the first deadline and before the new one." });
        Assert.Empty(await RemindersAsync(d, second));

        // Three days before the new deadline the members still silent are reminded of it.
        await d.AdvanceToAsync(second.AddDays(-2));
        Assert.Equal([("focal.kaz@example.org", "P3D"), ("focal.mon@example.org", "P3D")], Offsets(await RemindersAsync(d, second)).Where(r => r.Offset == "P3D"));

        // Twelve hours more: the reminder three days before has passed and is not planned again; the one a day before is.
        var third = second.AddHours(12);
        await d.PostAsync("secretariat", $"/api/rounds/{round}/extension", new { deadline = Local(third) });
        Assert.Equal([("P1D", third)], await PendingRemindersAsync(d, round));
        await d.AdvanceToAsync(third.AddMinutes(-1));
        Assert.Equal("Commenting", await d.StateAsync($"/api/rounds/{round}"));
        Assert.Equal([("focal.kaz@example.org", "P1D"), ("focal.mon@example.org", "P1D")], Offsets(await RemindersAsync(d, third)));
        Assert.Equal(remindedOfTheFirst, (await RemindersAsync(d, first)).Count);

        await d.AdvanceToAsync(third);
        Assert.Equal("Consolidating", await d.StateAsync($"/api/rounds/{round}"));
        await d.PostAsync(Fp("KAZ"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Too late." }, HttpStatusCode.Conflict);
        Assert.True((await d.P.Host.Engine.VerifyAuditChainAsync((await d.P.Host.Engine.FindAsync("text-round", round))!.Id)).Intact);
    }

    [Fact]
    public async Task AnExtension_IsRefusedInThePast_WhenNotLater_WithTooLongAReason_ForAnyoneButTheSecretariat_AndAfterTheDeadline()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, deadline) = await OpenRoundAsync(d, TimeSpan.FromDays(10));
        var url = $"/api/rounds/{round}/extension";
        var later = Local(deadline.AddDays(7));

        await d.PostAsync(Fp("KAZ"), url, new { deadline = later }, HttpStatusCode.Forbidden);
        await d.PostAsync(Cn("GEO"), url, new { deadline = later }, HttpStatusCode.Forbidden);
        await d.PostAsync("obs-aze", url, new { deadline = later }, HttpStatusCode.Forbidden);
        Assert.NotNull((await d.PostAsync("secretariat", url, new { }, HttpStatusCode.BadRequest))!["errors"]!["deadline"]);
        Assert.NotNull((await d.PostAsync("secretariat", url, new { deadline = "soon" }, HttpStatusCode.BadRequest))!["errors"]!["deadline"]);
        var earlier = (await d.PostAsync("secretariat", url, new { deadline = Local(deadline.AddDays(-1)) }, HttpStatusCode.BadRequest))!;
        Assert.Equal(("deadline-not-later", "The new deadline must be later than the current one and in the future."), (earlier["code"]!.GetValue<string>(), earlier["errors"]!["deadline"]![0]!.GetValue<string>()));
        Assert.Equal("deadline-not-later", (await d.PostAsync("secretariat", url, new { deadline = Local(deadline) }, HttpStatusCode.BadRequest))!["code"]!.GetValue<string>());
        Assert.NotNull((await d.PostAsync("secretariat", url, new { deadline = Local(d.Now.AddDays(-1)) }, HttpStatusCode.BadRequest))!["errors"]!["deadline"]);
        Assert.NotNull((await d.PostAsync("secretariat", url, new { deadline = later, reason = new string('r', CartifFlow.Negotiation.Workflows.Reasons.MaxLength + 1) }, HttpStatusCode.BadRequest))!["errors"]!["reason"]);
        Assert.NotNull((await d.PostAsync("secretariat", url, new { deadline = later, urgent = true }, HttpStatusCode.BadRequest))!["errors"]!["urgentReason"]);
        await d.PostAsync("secretariat", "/api/rounds/NO-SUCH-ROUND/extension", new { deadline = later }, HttpStatusCode.NotFound);

        Assert.Equal(deadline, (await d.GetAsync($"/api/rounds/{round}"))["deadline"]!["utc"]!.GetValue<DateTimeOffset>());
        Assert.Empty(await d.OutboxAsync("round-extended"));
        Assert.DoesNotContain((await d.P.Host.Engine.GetHistoryAsync((await d.P.Host.Engine.FindAsync("text-round", round))!.Id)), e => e.Trigger == "extend");

        await d.AdvanceToAsync(deadline);
        var closed = (await d.PostAsync("secretariat", url, new { deadline = later }, HttpStatusCode.Conflict))!;
        Assert.Equal("Consolidating", await d.StateAsync($"/api/rounds/{round}"));
        Assert.NotNull(closed["detail"]);
    }

    [Fact]
    public async Task TheMembersAreToldInTheirLanguageAndTimeZone_TheObserversInformed_WithTheNewDeadlineThePreviousOneAndTheReason()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, first) = await OpenRoundAsync(d, TimeSpan.FromDays(10));
        var second = first.AddDays(14);
        const string reason = "Two capitals asked for time for inter-agency consultation.";

        await d.PostAsync("secretariat", $"/api/rounds/{round}/extension", new { deadline = Local(second), reason });
        await d.P.AdvanceAsync(TimeSpan.FromSeconds(1));

        var notices = await d.OutboxAsync("round-extended");
        Assert.Equal(Mails(FocalMail, ["GEO", "KAZ", "MON"], "observer.aze@example.org", "focal.uzb@example.org", "chief.uzb@example.org", "secretariat@example.org", "team-leader@example.org"), To(notices));
        Assert.Contains("expert.dt.mon@example.org", Cc(notices));

        // Kazakhstan's focal point reads Russian in Almaty (UTC+05:00); Georgia's, English in Tbilisi (UTC+04:00).
        var russian = await d.DeliveredAsync(notices.Single(m => To([m]).Contains("focal.kaz@example.org")).Id);
        var english = await d.DeliveredAsync(notices.Single(m => To([m]).Contains("focal.geo@example.org")).Id);
        Assert.Contains("срок замечаний по редакции 1 продлён до " + TimeZoneInfo.ConvertTime(second, TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), russian.Subject, StringComparison.Ordinal);
        Assert.Contains("Секретариат ЦАРЭС продлил срок представления письменных замечаний", russian.TextBody, StringComparison.Ordinal);
        Assert.Contains(InZone(second, "Asia/Almaty") + ", по вашему времени", russian.TextBody, StringComparison.Ordinal);
        Assert.Contains(InZone(second, "Asia/Manila") + ", по времени Секретариата", russian.TextBody, StringComparison.Ordinal);
        Assert.Contains("Прежний срок: " + InZone(first, "Asia/Almaty"), russian.TextBody, StringComparison.Ordinal);
        Assert.Contains("Основание: " + reason, russian.TextBody, StringComparison.Ordinal);
        Assert.Contains("has extended the deadline for written comments and proposals on revision 1", english.TextBody, StringComparison.Ordinal);
        Assert.Contains(InZone(second, "Asia/Tbilisi") + ", your time", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("Previous deadline: " + InZone(first, "Asia/Tbilisi"), english.TextBody, StringComparison.Ordinal);
        Assert.Contains("Reason: " + reason, english.TextBody, StringComparison.Ordinal);
        Assert.Contains(reason, english.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("URGENT", english.TextBody, StringComparison.Ordinal);
        var calendar = await AttachmentAsync(english, "deadline.ics");
        Assert.Contains($"UID:{round}-deadline@cartifflow", calendar, StringComparison.Ordinal);
        Assert.Contains("DTSTART:" + second.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), calendar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionTooShortForAMember_IsRefusedUnlessUrgentWithAReason_WhichTheNoticeStates()
    {
        await using var p = await ProcedureDriver.StartAsync(start: May, settings: new Dictionary<string, string?> { ["CartifFlow:Negotiation:RoundMinimumWorkingDays"] = "10" });
        var d = NegotiationDriver.Over(p);
        var (round, first) = await OpenRoundAsync(d, TimeSpan.FromDays(21), urgentReason: null);
        await d.AdvanceToAsync(first.AddDays(-4));
        var url = $"/api/rounds/{round}/extension";
        var second = Local(first.AddDays(3)); // a week from now: fewer than 10 working days at every member

        var tooShort = (await d.PostAsync("secretariat", url, new { deadline = second }, HttpStatusCode.BadRequest))!;
        Assert.Equal("round-deadline-too-short", tooShort["code"]!.GetValue<string>());
        Assert.Contains("a text-based round gives every member party at least 10", tooShort["errors"]!["deadline"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull((await d.PostAsync("secretariat", url, new { deadline = second, urgent = true, urgentReason = " " }, HttpStatusCode.BadRequest))!["errors"]!["urgentReason"]);
        Assert.Equal(first, (await d.GetAsync($"/api/rounds/{round}"))["deadline"]!["utc"]!.GetValue<DateTimeOffset>());

        const string why = "The Chief Negotiators meet the week after.";
        var extended = (await d.PostAsync("secretariat", url, new { deadline = second, urgent = true, urgentReason = why }))!;
        Assert.True(extended["calendar"]!["urgent"]!.GetValue<bool>());
        Assert.Equal(why, extended["calendar"]!["urgentReason"]!.GetValue<string>());
        Assert.Equal(10, extended["calendar"]!["minimum"]!.GetValue<int>());
        Assert.Equal(["GEO", "KAZ", "MON"], extended["calendar"]!["workingDays"]!.AsArray().Select(w => w!["party"]!.GetValue<string>()));
        Assert.All(extended["calendar"]!["workingDays"]!.AsArray(), w => Assert.True(w!["workingDays"]!.GetValue<int>() < 10));

        await p.AdvanceAsync(TimeSpan.FromSeconds(1));
        var kazakhstan = await d.DeliveredAsync((await d.OutboxAsync("round-extended")).Single(m => To([m]).Contains("focal.kaz@example.org")).Id);
        var mongolia = await d.DeliveredAsync((await d.OutboxAsync("round-extended")).Single(m => To([m]).Contains("focal.mon@example.org")).Id);
        Assert.Contains("СРОЧНО: этот срок даёт Сторонам меньше обычных 10 рабочих дней. Причина: " + why, kazakhstan.TextBody, StringComparison.Ordinal);
        Assert.Contains("URGENT: this deadline gives less than the usual 10 working days at every Party. The reason: " + why, mongolia.TextBody, StringComparison.Ordinal);
        Assert.Contains(why, mongolia.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionOntoAHoliday_IsFlaggedForThatMemberOnly_InTheRoundsView()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, first) = await OpenRoundAsync(d, TimeSpan.FromDays(3));
        var capitalDay = new DateTimeOffset(2026, 7, 6, 15, 0, 0, TimeSpan.FromHours(8)); // Monday 6 July, 15:00 in Manila
        Assert.True(first < capitalDay, $"the round's deadline {first:O} is before the extension's");

        await d.PostAsync("secretariat", $"/api/rounds/{round}/extension", new { deadline = Local(capitalDay) });

        var calendar = (await d.GetAsync($"/api/rounds/{round}"))["calendar"]!;
        var finding = Assert.Single(calendar["findings"]!.AsArray());
        Assert.Equal(("KAZ", "holiday", "Capital Day", "2026-07-06 12:00 (Asia/Almaty)"), (finding!["party"]!.GetValue<string>(), finding["kind"]!.GetValue<string>(), finding["holiday"]!.GetValue<string>(), finding["localTime"]!.GetValue<string>()));
        var days = calendar["workingDays"]!.AsArray().ToDictionary(w => w!["party"]!.GetValue<string>(), w => w!["workingDays"]!.GetValue<int>());
        Assert.Equal(["GEO", "KAZ", "MON"], days.Keys.Order(StringComparer.Ordinal));
        Assert.False(calendar["urgent"]!.GetValue<bool>());
    }

    /// <summary>
    /// The digital trade group (members Georgia, Kazakhstan, Mongolia; observers Azerbaijan, Uzbekistan) established,
    /// and its first round opened with a deadline <paramref name="after"/> from now (whole minutes); the round's key and deadline.
    /// </summary>
    internal static async Task<(string Round, DateTimeOffset Deadline)> OpenRoundAsync(NegotiationDriver d, TimeSpan after, string? urgentReason = null)
    {
        await d.ToWorkingGroupsAsync();
        var termsDeadline = d.Now.AddDays(14);
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area = "DT",
            members = new[] { "GEO", "KAZ", "MON" },
            observers = new[] { "AZE", "UZB" },
            termsTitle = "Terms of reference of the working group on digital trade",
            termsDocument = "CARTIF/WG-DT/ToR",
            termsDeadline = Local(termsDeadline),
        }, HttpStatusCode.Created);
        await d.AdvanceToAsync(termsDeadline);
        var opened = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline = Local(d.Now + after), document = "CARTIF/DT/rev1", urgent = urgentReason is not null, urgentReason }, HttpStatusCode.Created))!;
        return (opened["key"]!.GetValue<string>(), opened["deadline"]!["utc"]!.GetValue<DateTimeOffset>());
    }

    /// <summary>The reminders written for the round's deadline <paramref name="deadline"/> (the deadline each states).</summary>
    private static async Task<List<OutboxMessageRecord>> RemindersAsync(NegotiationDriver d, DateTimeOffset deadline) =>
        [.. (await d.OutboxAsync("round-reminder")).Where(m => DateTimeOffset.Parse(JsonNode.Parse(m.ModelJson)!["with"]!["round"]!["deadline"]!.GetValue<string>(), CultureInfo.InvariantCulture) == deadline)];

    /// <summary>Each reminder's addressee and offset, sorted.</summary>
    private static List<(string To, string Offset)> Offsets(IEnumerable<OutboxMessageRecord> reminders) =>
        [.. reminders.SelectMany(m => To([m]).Select(a => (a, JsonNode.Parse(m.ModelJson)!["with"]!["offset"]!.GetValue<string>()))).Order()];

    private static async Task<List<TimerRecord>> PendingTimersAsync(NegotiationDriver d, string round)
    {
        var instance = await d.P.Host.Engine.FindAsync("text-round", round);
        await using var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == instance!.Id && t.Status == TimerStatus.Pending).ToListAsync();
        return [.. timers.OrderBy(t => t.DueAt)];
    }

    /// <summary>The pending reminders' offsets and the deadline each is planned before, sorted.</summary>
    private static async Task<List<(string Offset, DateTimeOffset Anchor)>> PendingRemindersAsync(NegotiationDriver d, string round) =>
        [.. (await PendingTimersAsync(d, round)).Where(t => t.Name == "reminder").Select(t => JsonNode.Parse(t.PayloadJson)!)
            .Select(p => (p["offset"]!.GetValue<string>(), DateTimeOffset.Parse(p["anchor"]!.GetValue<string>(), CultureInfo.InvariantCulture))).Order()];

    /// <summary>An instant as the templates' <c>in_zone</c> writes it: <c>2026-06-10 17:00 (UTC+08:00, Asia/Manila)</c>.</summary>
    private static string InZone(DateTimeOffset instant, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var offset = local.Offset;
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}, {zone})");
    }
}
