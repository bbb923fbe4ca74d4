using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.CapacityBuilding;

/// <summary>Capacity-building activities through the API: who is told of a plan and of a cancellation (the feature's recipient group, beneficiaries).</summary>
[Collection(HostTestGroup.Name)]
public sealed class CapacityBuildingTests
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TrainingForNoParticularParty_IsAnnouncedToEveryTakingPartFocalPoint()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        await d.StartNegotiationAsync();

        await d.PostAsync("secretariat", "/api/capacity-building", new { kind = "training", title = "Negotiation techniques and drafting skills", start = "2026-04-14T09:00", format = "online" }, HttpStatusCode.Created);

        Assert.Equal(Mails(FocalMail, TakingPart, "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("capacity-building-planned")));
    }

    [Fact]
    public async Task CountrySupport_IsAnnouncedToThePartyServedOnly_AndItsCancellationTooWithTheReason()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        await d.StartNegotiationAsync();
        var key = (await d.PostAsync("secretariat", "/api/capacity-building", new { kind = "country-support", title = "WTO compatibility analysis of the CARTIF text", parties = new[] { "KGZ" }, area = "FA" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(Mails(FocalMail, ["KGZ"], "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("capacity-building-planned")));

        await d.PostAsync("secretariat", $"/api/capacity-building/{key}/cancellation", new { }, HttpStatusCode.BadRequest);
        Assert.Equal("Planned", await d.StateAsync($"/api/capacity-building/{key}"));
        await d.PostAsync("secretariat", $"/api/capacity-building/{key}/cancellation", new { reason = "The analysis is folded into the regional study." });

        Assert.Equal("Cancelled", await d.StateAsync($"/api/capacity-building/{key}"));
        var cancelled = Assert.Single(await d.OutboxAsync("capacity-building-cancelled"), m => m.ToJson.Contains(FocalMail("KGZ"), StringComparison.Ordinal));
        Assert.Contains("folded into the regional study", cancelled.ModelJson, StringComparison.Ordinal);
        Assert.DoesNotContain(await d.OutboxAsync("capacity-building-cancelled"), m => m.ToJson.Contains(FocalMail("KAZ"), StringComparison.Ordinal));
    }
}
