using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.WorkingGroups;

/// <summary>
/// Who reads whose contributions to a round on the running host (the visibility rule): a party its own while the round
/// is open, the record after the deadline; an observer never a party's; the Secretariat everything. And the
/// Secretariat's settlement of a bracket on an option the other holders gave up.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RoundConfidentialityTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static string Paragraph(JsonNode text, int article, int paragraph) => text["articles"]![article]!["paragraphs"]![paragraph]!["id"]!.GetValue<string>();

    private static string BracketOf(JsonNode text, int article, int paragraph) =>
        text["articles"]![article]!["paragraphs"]![paragraph]!["content"]!.AsArray().First(s => s!["kind"]!.GetValue<string>() == "bracket")!["id"]!.GetValue<string>();

    /// <summary>"parties seen|number that contributed|what the reader sees|silent members seen".</summary>
    private static async Task<string> ReadAsync(NegotiationDriver d, string round, string person)
    {
        var view = await d.GetAsync($"/api/rounds/{round}", person);
        var parties = view["comments"]!.AsArray().Select(c => c!["party"]!.GetValue<string>()).Distinct();
        var silent = view["notYetHeardFrom"]!.AsArray().Select(p => p!.GetValue<string>());
        return $"{string.Join(",", parties)}|{view["contributed"]!.GetValue<int>()}|{view["sees"]!.GetValue<string>()}|{string.Join(",", silent)}";
    }

    private static async Task<string> PageAsync(NegotiationDriver d, string person, string url)
    {
        using var session = await PageSession.SignInAsync(d.P.Host, person);
        using var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task WhileTheRoundIsOpen_APartySeesOnlyItsOwnContributions_AnObserverNoPartys_AndTheRecordGoesToTheMembersAfterTheDeadline()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, deadline, text) = await RoundsOnProvisionsTests.OpenRoundOnZeroDraftAsync(d, observersMayComment: true);
        var c = $"/api/rounds/{round}/comments";
        var days = BracketOf(text, 0, 1);
        await d.PostAsync("ln-kaz-tf", c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within 120 days" });
        await d.PostAsync(Fp("MON"), c, new { kind = "comments", target = Paragraph(text, 1, 0), text = "Mongolia publishes in Mongolian first." });
        await d.PostAsync(Fp("PRC"), c, new { kind = "withdrawal", bracket = days, option = 2 });
        await d.PostAsync("obs-aze", c, new { kind = "comments", text = "Azerbaijan follows the trade facilitation text closely." });

        // Open: each party its own and the count; the observer its own comment only; the Secretariat everything.
        Assert.Equal("KAZ|4|own-party|", await ReadAsync(d, round, Fp("KAZ")));
        Assert.Equal("KAZ|4|own-party|", await ReadAsync(d, round, "ln-kaz-tf"));
        Assert.Equal("MON|4|own-party|", await ReadAsync(d, round, Fp("MON")));
        Assert.Equal("|4|own-party|GEO", await ReadAsync(d, round, Fp("GEO")));
        Assert.Equal("AZE|4|own-party|", await ReadAsync(d, round, "obs-aze"));
        Assert.Equal("|4|none|", await ReadAsync(d, round, Fp("PAK")));
        Assert.Equal("KAZ,MON,PRC,AZE|4|all|GEO,UZB", await ReadAsync(d, round, "secretariat"));
        var mongolia = await PageAsync(d, Fp("MON"), $"/rounds/{round}");
        Assert.Contains("Mongolia publishes in Mongolian first.", mongolia, StringComparison.Ordinal);
        Assert.DoesNotContain("within 120 days", mongolia, StringComparison.Ordinal);
        Assert.DoesNotContain("Azerbaijan follows", mongolia, StringComparison.Ordinal);
        var observer = await PageAsync(d, "obs-aze", $"/rounds/{round}");
        Assert.Contains("Azerbaijan follows", observer, StringComparison.Ordinal);
        Assert.DoesNotContain("within 120 days", observer, StringComparison.Ordinal);
        Assert.DoesNotContain("Mongolia publishes", observer, StringComparison.Ordinal);

        // After the deadline the record goes to the members; the observer still sees none of theirs.
        await d.AdvanceToAsync(deadline);
        Assert.Equal("KAZ,MON,PRC,AZE|4|all|GEO,UZB", await ReadAsync(d, round, Fp("MON")));
        Assert.Equal("AZE|4|own-party|", await ReadAsync(d, round, "obs-aze"));
        Assert.Equal("|4|none|", await ReadAsync(d, round, Fp("PAK")));
        Assert.Contains("within 120 days", await PageAsync(d, Fp("MON"), $"/rounds/{round}"), StringComparison.Ordinal);
        Assert.DoesNotContain("within 120 days", await PageAsync(d, "obs-aze", $"/rounds/{round}"), StringComparison.Ordinal);

        // The Secretariat settles the time limit on Kazakhstan's 90 days: China withdrew its option. The scope stays
        // bracketed: China and Uzbekistan still hold the other option.
        var decide = $"/api/rounds/{round}/decisions";
        var contested = await d.PostAsync("secretariat", decide, new { decision = "settled", bracket = BracketOf(text, 0, 0), option = 1 }, HttpStatusCode.Conflict);
        Assert.Equal("settle-option-contested", contested!["code"]!.GetValue<string>());
        Assert.Contains("PRC", contested["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await d.PostAsync("secretariat", decide, new { decision = "settled", bracket = days, option = 1, reason = "China withdrew its option; ninety days stand." });
        await d.PostAsync("secretariat", decide, new { number = 1, decision = "accepted" });
        var lost = await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { }, HttpStatusCode.Conflict);
        Assert.Equal("settled-bracket-new-option", lost!["code"]!.GetValue<string>());
        await d.PostAsync("secretariat", decide, new { number = 1, decision = "not-reflected", reason = "The bracket is settled on ninety days." });
        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { });

        var markdown = await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=markdown");
        Assert.Contains("Each Party shall publish its laws within 90 days of their adoption.", markdown, StringComparison.Ordinal);
        var settled = (await d.GetAsync($"/api/rounds/{round}/record"))["provenance"]!["entries"]!.AsArray().Single(e => e!["decision"]!.GetValue<string>() == "settled")!;
        Assert.Equal(("Article 1, paragraph 2", "KAZ"), (settled["provision"]!.GetValue<string>(), settled["with"]!.AsArray().Single()!.GetValue<string>()));

        // The provenance table (the record) goes to the members and the Secretariat: pages, export and e-mail; the
        // observer reads revision 2 without it.
        Assert.Contains("id=\"provenance\"", await PageAsync(d, Fp("MON"), $"/rounds/{round}"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"provenance\"", await PageAsync(d, "obs-aze", $"/rounds/{round}"), StringComparison.Ordinal);
        Assert.Contains("id=\"provenance\"", await PageAsync(d, Fp("KAZ"), "/drafts/TF/revisions/2"), StringComparison.Ordinal);
        var observed = await PageAsync(d, "obs-aze", "/drafts/TF/revisions/2");
        Assert.Contains("within 90 days of their adoption", observed, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"provenance\"", observed, StringComparison.Ordinal);
        Assert.Contains("provenance of revision 2", await DocxTextAsync(d, Fp("KAZ")), StringComparison.Ordinal);
        Assert.DoesNotContain("provenance of revision 2", await DocxTextAsync(d, "obs-aze"), StringComparison.Ordinal);
        var mails = await d.OutboxAsync("round-consolidated");
        Assert.Contains("\"provenance\"", mails.Single(m => m.ToJson.Contains(FocalMail("MON"), StringComparison.Ordinal)).ModelJson, StringComparison.Ordinal);
        var observers = mails.Where(m => m.ToJson.Contains("observer.aze@example.org", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(observers);
        Assert.All(observers, m => Assert.DoesNotContain("\"provenance\"", m.ModelJson, StringComparison.Ordinal));
    }

    private static async Task<string> DocxTextAsync(NegotiationDriver d, string person)
    {
        using var docx = await d.P.SendAsync(HttpMethod.Get, person, "/api/drafts/TF/revisions/2?format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var file = new MemoryStream();
        await (await docx.Content.ReadAsStreamAsync()).CopyToAsync(file);
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false);
        return word.MainDocumentPart!.Document!.Body!.InnerText;
    }
}
