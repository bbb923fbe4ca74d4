using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Lists that stay fast (issue 26): every list page filters and pages on the server, the filters kept across pages.</summary>
[Collection(HostTestGroup.Name)]
public sealed partial class ListPagesTests
{
    [Fact]
    public async Task Procedures_AreCutIntoPagesOnTheServer_AndFilteredByAreaStatePartyAndDeadline()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));
        var keys = new List<string>();
        for (var i = 0; i < 28; i++)
        {
            keys.Add(await d.LaunchAsync(area: "TF", deadline: i < 10 ? "2026-06-15T17:00" : "2026-07-15T17:00", title: $"Trade facilitation provision {i + 1}"));
        }

        for (var i = 0; i < 4; i++)
        {
            keys.Add(await d.LaunchAsync(area: "DT", deadline: "2026-07-20T17:00", title: $"Digital trade provision {i + 1}"));
        }

        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync("fp-kaz", keys[0], "agree")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync("fp-kaz", keys[^1], "agree")).StatusCode);
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{keys[1]}/withdrawal", new { reason = "Superseded by a new text." })).IsSuccessStatusCode);
        using var page = await PageSession.SignInAsync(d.Host, "secretariat");

        var first = await HtmlAsync(page, "/procedures");
        Assert.Equal(25, Rows(first).Count);
        Assert.Contains("Page 1 of 2 (32 in all)", first, StringComparison.Ordinal);
        Assert.Equal(7, Rows(await HtmlAsync(page, "/procedures?p=2")).Count);
        Assert.Equal(7, Rows(await HtmlAsync(page, "/procedures?p=99")).Count); // past the end: the last page

        Assert.Equal(keys.Skip(28).Order(StringComparer.Ordinal), Rows(await HtmlAsync(page, "/procedures?Area=DT")).Order(StringComparer.Ordinal));
        var tradeFacilitation = await HtmlAsync(page, "/procedures?Area=TF");
        Assert.Contains("Page 1 of 2 (28 in all)", tradeFacilitation, StringComparison.Ordinal);
        Assert.Contains("href=\"/procedures?Area=TF&amp;p=2\"", tradeFacilitation, StringComparison.Ordinal);
        Assert.Equal(3, Rows(await HtmlAsync(page, "/procedures?Area=TF&p=2")).Count);

        Assert.Equal(keys.Take(10).Order(StringComparer.Ordinal), Rows(await HtmlAsync(page, "/procedures?DueBy=2026-06-15")).Order(StringComparer.Ordinal));
        Assert.Empty(Rows(await HtmlAsync(page, "/procedures?DueBy=2026-06-14")));
        Assert.Equal([keys[1]], Rows(await HtmlAsync(page, "/procedures?State=Withdrawn")));
        Assert.Contains("Nothing matches the filter.", await HtmlAsync(page, "/procedures?State=Adopted"), StringComparison.Ordinal);

        // Waiting on Kazakhstan: running, and Kazakhstan has not replied (two replied, one was withdrawn).
        var waitingOnKazakhstan = await HtmlAsync(page, "/procedures?WaitingOn=KAZ&p=2");
        Assert.Contains("Page 2 of 2 (29 in all)", waitingOnKazakhstan, StringComparison.Ordinal);
        var all = Rows(await HtmlAsync(page, "/procedures?WaitingOn=KAZ")).Concat(Rows(waitingOnKazakhstan)).ToList();
        Assert.Equal(keys.Except([keys[0], keys[1], keys[^1]]).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Empty(Rows(await HtmlAsync(page, "/procedures?WaitingOn=AZE"))); // an observer takes part in none
        Assert.Equal(25, Rows(await HtmlAsync(page, "/procedures?p=abc")).Count); // a page number that is no number: the first page
    }

    [Theory]
    [InlineData("/procedures?Area=TF&State=Circulating&WaitingOn=KAZ&DueBy=2026-12-31&p=3")]
    [InlineData("/negotiation?waiting=5")]
    [InlineData("/meetings?State=Scheduled&Kind=other&Area=TF&p=4")]
    [InlineData("/working-groups?State=Proposed&Area=TF&PartyOf=KAZ&p=2")]
    [InlineData("/rounds?Area=TF&State=Commenting&DueBy=2026-12-31&p=2")]
    [InlineData("/consultations?State=Requested&PartyOf=KAZ&p=2")]
    [InlineData("/reports?Kind=consolidated&Area=TF&p=2")]
    [InlineData("/drafts?Area=TF&State=with-revision&p=2")]
    public async Task EveryList_TakesItsFiltersAndAPageNumber_AndShowsWhatMatches(string url)
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created);
        using var page = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var response = await page.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        if (url.StartsWith("/consultations", StringComparison.Ordinal))
        {
            Assert.Contains("RC-KAZ-01", html, StringComparison.Ordinal); // page 2 of a one-page list is its only page
        }
    }

    [Fact]
    public async Task Approvals_PageAndFilterByTheReadersOwnAnswer()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(d.Now.AddDays(10));
        await d.ApproveAsync(key, NegotiationDriver.Cn("KAZ"));
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, NegotiationDriver.Cn("KAZ"));
        using var mongolia = await PageSession.SignInAsync(d.P.Host, NegotiationDriver.Cn("MON"));

        Assert.Contains($"/approvals/{key}", await HtmlAsync(kazakhstan, "/approvals?Answer=answered"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/approvals/{key}", await HtmlAsync(kazakhstan, "/approvals?Answer=unanswered"), StringComparison.Ordinal);
        Assert.Contains($"/approvals/{key}", await HtmlAsync(mongolia, "/approvals?Answer=unanswered"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/approvals/{key}", await HtmlAsync(mongolia, "/approvals?Answer=answered"), StringComparison.Ordinal);
    }

    private static async Task<string> HtmlAsync(PageSession page, string url)
    {
        var response = await page.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The keys of the procedures table's rows.</summary>
    private static List<string> Rows(string html)
    {
        var table = ProceduresTable().Match(html);
        return table.Success ? [.. ProcedureLink().Matches(table.Value).Select(m => m.Groups[1].Value)] : [];
    }

    [GeneratedRegex("<table id=\"procedures\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex ProceduresTable();

    [GeneratedRegex("<td><a href=\"/procedures/([^\"]+)\">")]
    private static partial Regex ProcedureLink();
}
