using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The pages name a workflow's state in the reader's language, never by the engine's identifier: a round's page, a
/// working group's page and the list of working groups (its state filter's options too, whose values stay the
/// identifiers the filter reads). And the round's page to a party while the round is open: a sentence instead of an
/// empty table, and the contribution form headed with the party's name in the reader's language.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class StateNamePagesTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(NegotiationDriver Driver, string Round)> OpenRoundAsync()
    {
        var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("DT", ["GEO", "KAZ", "MON"]);
        var deadline = d.Now.AddDays(10).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
        var round = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline, document = "CARTIF/DT/rev1" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        return (d, round);
    }

    private static async Task<PageSession> SignInAsync(NegotiationDriver d, string person, string language)
    {
        var session = await PageSession.SignInAsync(d.P.Host, person);
        await session.PostFormAsync("/language", new() { ["lang"] = language, ["returnUrl"] = "/" });
        return session;
    }

    private static async Task<string> HtmlAsync(PageSession session, string url)
    {
        using var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Text(string html, string id) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"""id="{id}"[^>]*>(.*?)</""", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No #{id} on the page."));

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    public async Task TheRoundTheWorkingGroupAndTheList_ShowTheStateInTheReadersLanguage_NotTheEnginesIdentifier(string language)
    {
        var (d, round) = await OpenRoundAsync();
        await using var _ = d;
        using var secretariat = await SignInAsync(d, "secretariat", language);

        var roundPage = await HtmlAsync(secretariat, $"/rounds/{round}");
        var groupPage = await HtmlAsync(secretariat, "/working-groups/DT");
        var list = await HtmlAsync(secretariat, "/working-groups");

        var commenting = Texts.Get(language, "state.text-round.Commenting");
        var roundOpen = Texts.Get(language, "state.working-group.RoundOpen");
        Assert.Equal(commenting, Text(roundPage, "round-state"));
        Assert.Equal(roundOpen, Text(groupPage, "group-state"));
        Assert.Contains($"<td>{commenting}</td>", groupPage, StringComparison.Ordinal); // the group's rounds
        Assert.Contains($"<td>{roundOpen}</td>", list, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"RoundOpen\">{roundOpen}</option>", list, StringComparison.Ordinal); // the filter still reads the identifier
        foreach (var html in new[] { roundPage, groupPage, list })
        {
            Assert.DoesNotContain(">Commenting<", html, StringComparison.Ordinal);
            Assert.DoesNotContain(">RoundOpen<", html, StringComparison.Ordinal);
        }

        // The filter by the identifier still finds the group.
        Assert.Contains("href=\"/working-groups/DT\"", await HtmlAsync(secretariat, "/working-groups?State=RoundOpen"), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/working-groups/DT\"", await HtmlAsync(secretariat, "/working-groups?State=BetweenRounds"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Kazakhstan")]
    [InlineData("ru", "Казахстан")]
    public async Task WhileTheRoundIsOpen_APartyWithoutAContributionReadsASentence_NotAnEmptyTable_AndTheFormNamesItsParty(string language, string name)
    {
        var (d, round) = await OpenRoundAsync();
        await using var _ = d;
        await d.PostAsync(Fp("MON"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Mongolia reads the rules of origin first." });
        using var kazakhstan = await SignInAsync(d, Fp("KAZ"), language);
        using var secretariat = await SignInAsync(d, "secretariat", language);

        var party = await HtmlAsync(kazakhstan, $"/rounds/{round}");

        Assert.DoesNotContain("id=\"contributions\"", party, StringComparison.Ordinal);
        Assert.Equal(Texts.Format(language, "round.contributions.own-none-open", 1), Text(party, "no-contributions"));
        Assert.DoesNotContain("Mongolia reads", party, StringComparison.Ordinal);
        var headings = Regex.Matches(party, "<h2>(.*?)</h2>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains(Texts.Format(language, "round.comment", name), headings);
        Assert.DoesNotContain(Texts.Format(language, "round.comment", "KAZ"), headings);
        // The Secretariat sees every contribution: the table, no sentence.
        var all = await HtmlAsync(secretariat, $"/rounds/{round}");
        Assert.Contains("id=\"contributions\"", all, StringComparison.Ordinal);
        Assert.Contains("Mongolia reads", all, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-contributions\"", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARoundWithoutAnyContribution_TellsTheSecretariatSo()
    {
        var (d, round) = await OpenRoundAsync();
        await using var _ = d;
        using var secretariat = await SignInAsync(d, "secretariat", "en");

        var page = await HtmlAsync(secretariat, $"/rounds/{round}");

        Assert.Equal("No party has sent a contribution yet.", Text(page, "no-contributions"));
        Assert.DoesNotContain("id=\"contributions\"", page, StringComparison.Ordinal);
    }
}
