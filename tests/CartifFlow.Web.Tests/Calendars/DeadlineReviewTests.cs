using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using MimeKit;

namespace CartifFlow.Web.Tests.Calendars;

/// <summary>Deadlines set with the parties' calendars in view, on a fake clock with the shipped holidays of 2026.</summary>
[Collection(HostTestGroup.Name)]
public sealed class DeadlineReviewTests
{
    private static readonly Dictionary<string, string?> TenWorkingDays = new() { ["CartifFlow:Negotiation:MinimumWorkingDays"] = "10" };

    [Fact]
    public async Task ADeadlineOnAHoliday_IsFlaggedWithThePartyAndTheHoliday_AndEachPartysWorkingDaysAreGiven()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), settings: TenWorkingDays);

        // Monday 23 March 2026, 15:00 in Manila: Nauryz in Kazakhstan, Navruz in Tajikistan; an ordinary Monday in Mongolia.
        var response = await d.PostAsync("secretariat", "/api/calendars/deadline-review", new { deadline = "2026-03-23T15:00" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var findings = body["findings"]!.AsArray().Select(f => f!).ToList();
        var kazakhstan = Assert.Single(findings, f => f["party"]!.GetValue<string>() == "KAZ");
        Assert.Equal(("holiday", "Nauryz", "Наурыз мейрамы"), (kazakhstan["kind"]!.GetValue<string>(), kazakhstan["holiday"]!.GetValue<string>(), kazakhstan["holidayRu"]!.GetValue<string>()));
        Assert.Equal("2026-03-23 12:00 (Asia/Almaty)", kazakhstan["localTime"]!.GetValue<string>());
        Assert.Contains(findings, f => f["party"]!.GetValue<string>() == "TAJ" && f["holiday"]!.GetValue<string>() == "Navruz");
        Assert.DoesNotContain(findings, f => f["party"]!.GetValue<string>() == "MON");
        var days = body["workingDays"]!.AsArray().ToDictionary(w => w!["party"]!.GetValue<string>(), w => w!["workingDays"]!.GetValue<int>());
        Assert.Equal(16, days["MON"]); // 2-6, 9-13, 16-20, 23 March
        Assert.Equal(15, days["KAZ"]); // the same but Nauryz on the 23rd
        Assert.Equal(10, body["minimum"]!.GetValue<int>());

        var weekend = JsonNode.Parse(await (await d.PostAsync("secretariat", "/api/calendars/deadline-review", new { deadline = "2026-03-28T23:30" })).Content.ReadAsStringAsync())!;
        Assert.Contains(weekend["findings"]!.AsArray(), f => f!["party"]!.GetValue<string>() == "MON" && f["kind"]!.GetValue<string>() == "weekend");
        var late = JsonNode.Parse(await (await d.PostAsync("secretariat", "/api/calendars/deadline-review", new { deadline = "2026-03-26T23:30" })).Content.ReadAsStringAsync())!;
        Assert.Contains(late["findings"]!.AsArray(), f => f!["party"]!.GetValue<string>() == "MON" && f["kind"]!.GetValue<string>() == "outside-working-hours");
        Assert.Equal(HttpStatusCode.BadRequest, (await d.PostAsync("secretariat", "/api/calendars/deadline-review", new { deadline = "soon" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await d.PostAsync("fp-kaz", "/api/calendars/deadline-review", new { deadline = "2026-03-23T15:00" })).StatusCode);
    }

    [Fact]
    public async Task ATooShortWrittenProcedure_IsRefused_UnlessMarkedUrgentWithAReason_WhichTheCirculationStates()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero), settings: TenWorkingDays);
        object Launch(bool? urgent, string? reason) => new
        {
            area = "TF", title = "Article 5", text = "Each Party shall publish.", mode = "silence", deadline = "2026-06-05T17:00", urgent, urgentReason = reason,
        };

        var refused = await d.PostAsync("secretariat", "/api/procedures", Launch(null, null));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(problem["errors"]!["deadline"]);
        Assert.Contains("at least 10", problem["errors"]!["deadline"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var noReason = await d.PostAsync("secretariat", "/api/procedures", Launch(true, null));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull(JsonNode.Parse(await noReason.Content.ReadAsStringAsync())!["errors"]!["urgentReason"]);
        Assert.Empty(await d.Host.Engine.ListAsync("written-procedure"));

        var launched = await d.PostAsync("secretariat", "/api/procedures", Launch(true, "The Ministerial Conference meets on 8 June."));
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var view = JsonNode.Parse(await launched.Content.ReadAsStringAsync())!;
        Assert.True(view["calendar"]!["urgent"]!.GetValue<bool>());
        Assert.Contains(view["calendar"]!["workingDays"]!.AsArray(), w => w!["party"]!.GetValue<string>() == "MON" && w["workingDays"]!.GetValue<int>() == 4); // 1 June is Mongolia's Mother and Child Day

        await d.AdvanceAsync(TimeSpan.FromSeconds(1));
        var circulation = Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .First(m => m.To.Mailboxes.Any(a => a.Address == "focal.mon@example.org"));
        Assert.Contains("URGENT", circulation.TextBody, StringComparison.Ordinal);
        Assert.Contains("The Ministerial Conference meets on 8 June.", circulation.TextBody, StringComparison.Ordinal);
        Assert.Contains("The Ministerial Conference meets on 8 June.", circulation.HtmlBody, StringComparison.Ordinal);

        var enough = await d.PostAsync("secretariat", "/api/procedures", new { area = "TF", title = "Article 6", text = "Each Party shall notify.", mode = "silence", deadline = "2026-06-19T17:00" });
        Assert.Equal(HttpStatusCode.Created, enough.StatusCode);
        Assert.False(JsonNode.Parse(await enough.Content.ReadAsStringAsync())!["calendar"]!["urgent"]!.GetValue<bool>());
    }
}
