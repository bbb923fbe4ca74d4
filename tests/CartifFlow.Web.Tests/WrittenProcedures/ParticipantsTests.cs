using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.WrittenProcedures;

[Collection(HostTestGroup.Name)]
public sealed class ParticipantsTests
{
    [Fact]
    public async Task Registry_IsSeeded_WithTakingPartObserverAndNonParticipatingParties()
    {
        await using var d = await ProcedureDriver.StartAsync();

        var parties = (await d.GetJsonAsync(Fp, "/api/parties")).AsArray();
        var areas = (await d.GetJsonAsync(Fp, "/api/negotiating-areas")).AsArray();

        Assert.Equal(ProcedureDriver.TakingPart, parties.Where(p => p!["statusNow"]!.GetValue<string>() == "negotiating").Select(p => p!["code"]!.GetValue<string>()).Order());
        Assert.Equal("observer", parties.Single(p => p!["code"]!.GetValue<string>() == "AZE")!["statusNow"]!.GetValue<string>());
        Assert.Equal("not-participating", parties.Single(p => p!["code"]!.GetValue<string>() == "AFG")!["statusNow"]!.GetValue<string>());
        Assert.Equal(("FrameworkAgreement", false), (areas[0]!["kind"]!.GetValue<string>(), areas[0]!["provisional"]!.GetValue<bool>()));
        Assert.All(areas.Skip(1), a => Assert.True(a!["provisional"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task PartyJoining_TakesPartFromItsEffectiveDate()
    {
        await using var d = await ProcedureDriver.StartAsync();

        var changed = await d.PostAsync("secretariat", "/api/parties/AZE/status-changes", new { status = "negotiating", effectiveFrom = "2026-06-03T00:00:00+04:00", note = "Signed the Bishkek Declaration" });
        var before = await d.LaunchAsync();
        await d.AdvanceAsync(TimeSpan.FromDays(3));
        var after = await d.LaunchAsync();

        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var launchedBefore = await d.GetJsonAsync("secretariat", $"/api/procedures/{before}/status");
        var launchedAfter = await d.GetJsonAsync("secretariat", $"/api/procedures/{after}/status");
        Assert.Equal(9, launchedBefore["takingPart"]!.GetValue<int>());
        Assert.DoesNotContain("AZE", launchedBefore["notReplied"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(10, launchedAfter["takingPart"]!.GetValue<int>());
        Assert.Contains("AZE", launchedAfter["notReplied"]!.AsArray().Select(p => p!.GetValue<string>()));
        var aze = (await d.GetJsonAsync(Fp, "/api/parties")).AsArray().Single(p => p!["code"]!.GetValue<string>() == "AZE")!;
        Assert.Equal("negotiating", aze["statusNow"]!.GetValue<string>());
        Assert.Equal(2, aze["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task StatusChange_GivenAsADate_TakesEffectAtTheStartOfThatDayAtTheSeat()
    {
        await using var d = await ProcedureDriver.StartAsync();

        await d.PostAsync("secretariat", "/api/parties/AZE/status-changes", new { status = "negotiating", effectiveFrom = "2026-07-01" });
        await d.PostAsync("secretariat", "/api/parties/AZE/status-changes", new { status = "observer", effectiveFrom = "2026-08-01T09:30" });

        var history = (await d.GetJsonAsync("secretariat", "/api/parties")).AsArray().Single(p => p!["code"]!.GetValue<string>() == "AZE")!["history"]!.AsArray();
        var froms = history.Select(h => DateTimeOffset.Parse(h!["effectiveFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero), froms); // midnight in Manila (UTC+8)
        Assert.Contains(new DateTimeOffset(2026, 8, 1, 1, 30, 0, TimeSpan.Zero), froms);
    }

    [Fact]
    public async Task StatusChange_ByAFocalPoint_IsForbidden_AndBadInputIsExplained()
    {
        await using var d = await ProcedureDriver.StartAsync();

        var forbidden = await d.PostAsync(Fp, "/api/parties/AZE/status-changes", new { status = "negotiating", effectiveFrom = "2026-06-03" });
        var bad = await d.PostAsync("secretariat", "/api/parties/AZE/status-changes", new { status = "member", effectiveFrom = "soon" });
        var unknown = await d.PostAsync("secretariat", "/api/parties/XYZ/status-changes", new { status = "observer", effectiveFrom = "2026-06-03" });
        var people = await d.SendAsync(HttpMethod.Get, Fp, "/api/people");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"status\"", body);
        Assert.Contains("\"effectiveFrom\"", body);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, people.StatusCode);
    }

    private const string Fp = "fp-kaz";
}
