using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Meetings;

/// <summary>Meetings and readiness consultations through the API on a fake clock.</summary>
[Collection(HostTestGroup.Name)]
public sealed class MeetingTests
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rescheduled_TheInviteesGetTheNewDateUnderTheSameCalendarEntry_AndTheRemindersMove()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var key = (await d.PostAsync("secretariat", "/api/meetings", new
        {
            title = "Chief Negotiators' meeting",
            kind = "chief-negotiators",
            format = "in-person",
            place = "Tashkent, Uzbekistan",
            timeZone = "Asia/Tashkent",
            start = "2026-04-20T10:00",
            audience = "chief-negotiators",
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(Mails(ChiefMail, TakingPart, "observer.aze@example.org", "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("meeting-invitation")));

        await d.PostAsync("secretariat", $"/api/meetings/{key}/rescheduling", new { start = "2026-04-27T10:00" }, HttpStatusCode.BadRequest);
        await d.PostAsync("secretariat", $"/api/meetings/{key}/rescheduling", new { start = "2026-04-27T10:00", reason = "To follow the RTG meeting." });

        var invitations = await d.OutboxAsync("meeting-invitation");
        Assert.Equal(24, invitations.Count);
        Assert.All(invitations, m => Assert.Contains($"\"uid\":\"{key}@cartifflow\"", m.ModelJson, StringComparison.Ordinal));
        Assert.Equal("2026-04-27T10:00+05:00", (await d.GetAsync($"/api/meetings/{key}"))["localStart"]!.GetValue<string>());
        await d.AdvanceToAsync(new DateTimeOffset(2026, 4, 20, 10, 0, 0, TimeSpan.FromHours(5)));
        Assert.Equal("Scheduled", await d.StateAsync($"/api/meetings/{key}"));
        Assert.Equal(9, (await d.OutboxAsync("meeting-reminder")).Count);
        await d.AdvanceToAsync(new DateTimeOffset(2026, 4, 27, 10, 0, 0, TimeSpan.FromHours(5)));
        Assert.Equal("Held", await d.StateAsync($"/api/meetings/{key}"));
        Assert.Equal(18, (await d.OutboxAsync("meeting-reminder")).Count);
    }

    [Fact]
    public async Task Cancelled_TheInviteesAreTold_AndNoReminderFollows()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var key = (await d.PostAsync("secretariat", "/api/meetings", new { title = "Online session", format = "online", start = "2026-04-20T10:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        await d.PostAsync("secretariat", $"/api/meetings/{key}/cancellation", new { reason = "Merged with the Zero Round." });

        Assert.Equal("Cancelled", await d.StateAsync($"/api/meetings/{key}"));
        Assert.Equal(Delegations("observer.aze@example.org", "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("meeting-cancelled")));
        await d.AdvanceToAsync(new DateTimeOffset(2026, 4, 21, 0, 0, 0, TimeSpan.Zero));
        Assert.Empty(await d.OutboxAsync("meeting-reminder"));
    }

    [Fact]
    public async Task AMeetingConvenedTwiceWithOneIdempotencyKey_IsOneMeeting_AndOneInvitationToEachInvitee()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var body = new { title = "Online session", format = "online", start = "2026-04-20T10:00" };

        var first = await d.P.SendAsync(HttpMethod.Post, "secretariat", "/api/meetings", body, idempotencyKey: "convene-42");
        var repeat = await d.P.SendAsync(HttpMethod.Post, "secretariat", "/api/meetings", body, idempotencyKey: "convene-42");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(["true"], repeat.Headers.GetValues("Idempotent-Replayed"));
        Assert.Single(await d.P.Host.Engine.ListAsync("meeting"));
        var invited = To(await d.OutboxAsync("meeting-invitation"));
        Assert.NotEmpty(invited);
        Assert.Equal(invited.Distinct(), invited);
    }

    [Fact]
    public async Task MeetingRequests_WithBadFields_GetProblemDetailsNamingThem_AndOnlyTheSecretariatConvenes()
    {
        await using var d = await NegotiationDriver.StartAsync(April);

        var bad = await d.P.PostAsync("secretariat", "/api/meetings", new { title = "", format = "by-post", timeZone = "Asia/Atlantis", start = "soon", duration = "P1M" });
        var byAFocalPoint = await d.P.PostAsync(Fp("KAZ"), "/api/meetings", new { title = "x", format = "online", start = "2026-04-20T10:00" });
        var inPersonWithoutPlace = await d.P.PostAsync("secretariat", "/api/meetings", new { title = "x", format = "in-person", start = "2026-04-20T10:00" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = System.Text.Json.Nodes.JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["duration", "format", "timeZone", "title"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, byAFocalPoint.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, inPersonWithoutPlace.StatusCode);
        Assert.Contains("\"place\"", await inPersonWithoutPlace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.OutboxAsync("meeting-invitation"));
    }

    [Fact]
    public async Task ZeroRoundOutcome_IsRecordedForEverySessionsArea_WithWhatWasAgreed()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToZeroRoundAsync();
        var start = d.Now.AddDays(7);
        var key = await d.ConveneZeroRoundAsync(start);
        await d.PostAsync("secretariat", $"/api/meetings/{key}/outcome", new { summary = "Too early." }, HttpStatusCode.Conflict);
        await d.AdvanceToAsync(start);

        var partial = await d.P.PostAsync("secretariat", $"/api/meetings/{key}/outcome", new
        {
            summary = "Held.",
            areas = new[] { new { area = "FA", convergence = "c", divergence = "d", flexibility = "f" } },
            workingGroups = new[] { "TF" },
            modalities = "m",
            timeline = "t",
            documentationPractice = "p",
        });

        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.Contains("no recorded outcome", await partial.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("ZeroRoundConvened", (await d.GetAsync("/api/negotiation"))["state"]!.GetValue<string>());
        await d.RecordZeroRoundOutcomeAsync(key);
        var meeting = await d.GetAsync($"/api/meetings/{key}");
        Assert.Equal(5, meeting["outcome"]!["areas"]!.AsArray().Count);
        Assert.Equal(["TF", "DT"], meeting["outcome"]!["workingGroups"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("ZeroRoundHeld", (await d.GetAsync("/api/negotiation"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadinessConsultation_IsVoluntary_ThePartyMayDeclineIt_AndOnlyItsOwnPeopleSeeIt()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        await d.StartNegotiationAsync();
        var key = (await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "TKM" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "TKM" }, HttpStatusCode.Conflict);
        Assert.Equal([ChiefMail("TKM"), FocalMail("TKM")], To((await d.OutboxAsync("consultation-requested")).Where(m => m.ToJson.Contains("tkm", StringComparison.Ordinal))));

        await d.PostAsync(Fp("KAZ"), $"/api/consultations/{key}/declination", new { reason = "x" }, HttpStatusCode.Forbidden);
        await d.PostAsync(Cn("TKM"), $"/api/consultations/{key}/declination", new { reason = "Turkmenistan will share its positions at the Zero Round." });

        Assert.Equal("Declined", (await d.GetAsync($"/api/consultations/{key}", Cn("TKM")))["state"]!.GetValue<string>());
        Assert.Equal(["secretariat@example.org", "team-leader@example.org"], To(await d.OutboxAsync("consultation-declined")));
        Assert.Empty((await d.GetAsync("/api/consultations", Fp("KAZ"))).AsArray());
    }
}
