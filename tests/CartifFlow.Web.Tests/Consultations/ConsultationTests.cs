using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Consultations;

/// <summary>Readiness consultations through the API: the party consulted (its focal point and chief negotiator) is addressed, no other party.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ConsultationTests
{
    private static readonly DateTimeOffset March = NegotiationDriver.Manila(3, 2, 9).ToUniversalTime();

    [Fact]
    public async Task AConsultation_AddressesOnlyThePartyConsulted_AndOnlyItReadsIt()
    {
        await using var d = await NegotiationDriver.StartAsync(March);
        await d.StartNegotiationAsync();

        var key = (await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        await d.PostAsync("secretariat", $"/api/consultations/{key}/interview", new { at = "2026-03-16T10:00+08:00", format = "online", place = "Videoconference" });

        foreach (var template in new[] { "consultation-requested", "consultation-interview" })
        {
            var parties = To(await d.OutboxAsync(template))
                .Where(a => a.StartsWith("focal.", StringComparison.Ordinal) || a.StartsWith("chief.", StringComparison.Ordinal)).ToList();
            Assert.Equal([ChiefMail("KAZ"), FocalMail("KAZ")], parties);
        }

        Assert.Equal(HttpStatusCode.OK, (await d.P.SendAsync(HttpMethod.Get, Fp("KAZ"), $"/api/consultations/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await d.P.SendAsync(HttpMethod.Get, Fp("MON"), $"/api/consultations/{key}")).StatusCode);
    }
}
