using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The Chief Negotiator's escalations page and the navigation each role sees.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ChiefNegotiatorPagesTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Escalations_ShowTheConsentProcedureAndTheTransitionAPartyLeftUnanswered_OnlyToThatPartysChiefNegotiator()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var procedure = await d.P.LaunchAsync("consent", "2026-05-15T17:00");
        Assert.Equal(HttpStatusCode.OK, (await d.P.RespondAsync(Fp("MON"), procedure, "agree")).StatusCode);
        var transition = await d.ProposeAsync(Manila(5, 20, 17));
        await d.ApproveAsync(transition, Cn("MON"));
        using (var before = await PageSession.SignInAsync(d.P.Host, Cn("KAZ")))
        {
            Assert.DoesNotContain(procedure, await before.Client.GetStringAsync(new Uri("/escalations", UriKind.Relative)), StringComparison.Ordinal);
        }

        await d.AdvanceToAsync(Manila(5, 21, 9));
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, Cn("KAZ")); // a new session: the clock moved past the last one
        using var mongolia = await PageSession.SignInAsync(d.P.Host, Cn("MON"));

        Assert.Equal("Escalated", (await d.P.ProcedureAsync(procedure))["state"]!.GetValue<string>());
        Assert.Equal("Escalated", await d.StateAsync($"/api/transitions/{transition}"));
        var kaz = await kazakhstan.Client.GetStringAsync(new Uri("/escalations", UriKind.Relative));
        Assert.Contains($"<td>{procedure}</td>", kaz, StringComparison.Ordinal);
        Assert.Contains($"<td>{transition}</td>", kaz, StringComparison.Ordinal);
        var mon = await mongolia.Client.GetStringAsync(new Uri("/escalations", UriKind.Relative));
        Assert.DoesNotContain($"<td>{procedure}</td>", mon, StringComparison.Ordinal);
        Assert.DoesNotContain($"<td>{transition}</td>", mon, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Navigation_ShowsEachRoleItsOwnPages()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var chief = await PageSession.SignInAsync(d.P.Host, Cn("KAZ"));
        using var focal = await PageSession.SignInAsync(d.P.Host, Fp("KAZ"));
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var chiefPage = await chief.Client.GetStringAsync(new Uri("/inbox", UriKind.Relative));
        var focalPage = await focal.Client.GetStringAsync(new Uri("/inbox", UriKind.Relative));
        var secretariatPage = await secretariat.Client.GetStringAsync(new Uri("/procedures", UriKind.Relative));

        foreach (var link in new[] { "href=\"/approvals\"", "href=\"/escalations\"", "href=\"/delegation\"" })
        {
            Assert.Contains(link, chiefPage, StringComparison.Ordinal);
            Assert.DoesNotContain(link, focalPage, StringComparison.Ordinal);
            Assert.DoesNotContain(link, secretariatPage, StringComparison.Ordinal);
        }

        foreach (var link in new[] { "href=\"/transitions/new\"", "href=\"/meetings/new\"" })
        {
            Assert.Contains(link, secretariatPage, StringComparison.Ordinal);
            Assert.DoesNotContain(link, chiefPage, StringComparison.Ordinal);
        }
    }
}
