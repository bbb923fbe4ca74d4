using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The process pages: the negotiation started and run from the browser, each form's errors at its field.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ProcessPagesTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NegotiationHome_OnAFreshInstall_StartsTheNegotiation_AndShowsPhaseOneAndTheRoadmap()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var fresh = await (await secretariat.GetAsync("/negotiation")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"not-started\"", fresh, StringComparison.Ordinal);

        var started = await secretariat.PostFormAsync("/negotiation?handler=start", new() { ["Submission"] = "s1" });

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("Preparation", await d.PhaseAsync());
        var home = await (await secretariat.GetAsync("/negotiation")).Content.ReadAsStringAsync();
        Assert.Contains("<dd id=\"current-phase\">", home, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"not-started\"", home, StringComparison.Ordinal);
        Assert.Contains("data-code=\"inaugural-meeting\"", home, StringComparison.Ordinal);
        Assert.Contains("name=\"DocKind\"", home, StringComparison.Ordinal); // circulate-document is permitted in Phase 1
        Assert.DoesNotContain("href=\"/negotiation/zero-round\"", home, StringComparison.Ordinal); // not before Phase 2
    }

    [Fact]
    public async Task NegotiationHome_CirculatesTheModalities_AndRefusesThemWithoutPriorities_AtTheField_InRussian()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/negotiation" });

        var refused = await secretariat.PostFormAsync("/negotiation?handler=circulate", new() { ["DocKind"] = "modalities", ["DocTitle"] = "Modalities", ["DocReference"] = "CARTIF/NM/2026/1" });
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p id=\"doc-priorities-error\" class=\"error\" role=\"alert\">Модальности определяют приоритизацию рабочих групп: перечислите направления в порядке приоритета.</p>", html, StringComparison.Ordinal);
        Assert.Empty((await d.GetAsync("/api/negotiation/documents")).AsArray());

        var circulated = await secretariat.PostFormAsync("/negotiation?handler=circulate", new() { ["DocKind"] = "modalities", ["DocTitle"] = "Modalities", ["DocReference"] = "CARTIF/NM/2026/1", ["DocPriorities"] = "tf, dt" });

        Assert.Equal(HttpStatusCode.Redirect, circulated.StatusCode);
        var document = Assert.Single((await d.GetAsync("/api/negotiation/documents")).AsArray());
        Assert.Equal("TF,DT", string.Join(',', document!["priorities"]!.AsArray().Select(p => p!.GetValue<string>())));
    }

    [Fact]
    public async Task NegotiationHome_StartsAReadinessConsultation()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var response = await secretariat.PostFormAsync("/negotiation?handler=consult", new() { ["ConsultParty"] = "KGZ" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/consultations/RC-KGZ-01", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("Requested", await d.StateAsync("/api/consultations/RC-KGZ-01"));
    }
}
