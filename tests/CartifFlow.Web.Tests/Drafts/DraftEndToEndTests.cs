using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The negotiating text in a real browser: the Secretariat uploads Word files made by the text library.</summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task Secretariat_UploadsAWordDraft_SeesItsBracketsWithTheirParties_UploadsRevisionTwo_AndComparesThem()
    {
        var maildir = Browsers.Maildir;
        Directory.CreateDirectory(Screenshots);
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), settings: Browsers.MailThroughSmtp(baseUrl));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        host.StartServer();

        // Two revisions of a generated protocol, written as Word files by the text library (real .docx, OpenXml).
        var first = SampleDrafts.Generate(articles: 6, seed: 7);
        // Revision 2 as the Secretariat's Word file would have it: what it keeps from revision 1 carries revision 1's
        // ids (hidden bookmarks of an exported file), what is new carries none yet.
        var second = WithoutNewIds(SampleDrafts.NextRevision(first, seed: 7), first);
        var folder = Directory.CreateTempSubdirectory("cartifflow-drafts-");
        try
        {
            var files = new[] { (first, 1, "tf-revision-1.docx"), (second, 2, "tf-revision-2.docx") }.Select(r =>
            {
                var path = Path.Combine(folder.FullName, r.Item3);
                using var stream = File.Create(path);
                DraftDocx.Write(r.Item1, new DraftCover("TF", "Trade Facilitation Protocol", r.Item2, new DateOnly(2026, 9, 1), Convergence.Measure(r.Item1).Totals), stream);
                return path;
            }).ToList();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Browsers.LaunchAsync(playwright);
            var secretariat = await SignInAsync(browser, host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "drafts-secretariat-sign-in");

            // From the navigation to the Trade Facilitation Protocol's draft, which has no revision yet.
            await secretariat.GetByRole(AriaRole.Link, new() { Name = "Negotiating texts" }).ClickAsync();
            await secretariat.WaitForURLAsync(new Regex("/drafts$"));
            await secretariat.GetByRole(AriaRole.Link, new() { Name = "Trade Facilitation Protocol" }).ClickAsync();
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF$"));
            await Shot(secretariat, "drafts-empty");

            await secretariat.GetByLabel("Word document (.docx) or Markdown file (.md)").SetInputFilesAsync(files[0]);
            await secretariat.GetByLabel("Note (optional)").FillAsync("Zero draft of the protocol.");
            await ImportAsync(secretariat);
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF\\?done=imported&n=1$"));
            await Assertions.Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("Revision 1 is recorded.");
            await Shot(secretariat, "drafts-revision-1");

            // The brackets are highlighted with each option's parties, as the generated text attributes them.
            var brackets = secretariat.Locator("#draft-text .draft-bracket");
            Assert.True(await brackets.CountAsync() > 0);
            await Assertions.Expect(brackets.First).ToBeVisibleAsync();
            var parties = await secretariat.Locator("#draft-text .draft-parties").AllInnerTextsAsync();
            Assert.NotEmpty(parties);
            Assert.All(parties, p => Assert.Matches(new Regex("\\b(AZE|PRC|GEO|KAZ|KGZ|MON|PAK|TAJ|TKM|UZB)\\b"), p));
            var expected = DraftProvisions.All(first).Where(p => p.Paragraph is not null)
                .SelectMany(p => DraftProvisions.Brackets(p.Paragraph!.Content)).SelectMany(b => b.Options).SelectMany(o => o.ProposedBy).ToHashSet(StringComparer.Ordinal);
            Assert.Contains(parties.SelectMany(p => Regex.Matches(p, "[A-Z]{3}").Select(m => m.Value)), expected.Contains);
            await Assertions.Expect(secretariat.Locator("#chart svg")).ToBeVisibleAsync();

            await secretariat.GetByLabel("Word document (.docx) or Markdown file (.md)").SetInputFilesAsync(files[1]);
            await ImportAsync(secretariat);
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF\\?done=imported&n=2$"));
            await Assertions.Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("Revision 2 is recorded.");

            await secretariat.GetByLabel("From revision").SelectOptionAsync("1");
            await secretariat.GetByLabel("To revision").SelectOptionAsync("2");
            await secretariat.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF/compare\\?from=1&to=2$"));
            await Assertions.Expect(secretariat.Locator("#compare-summary")).ToContainTextAsync("provisions added");
            Assert.True(await secretariat.Locator("#changes tbody tr").CountAsync() > 0);
            await Shot(secretariat, "drafts-compare-1-2");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static DraftText WithoutNewIds(DraftText text, DraftText previous)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        void Collect(IEnumerable<Segment> content)
        {
            foreach (var bracket in content.OfType<Bracket>())
            {
                known.Add(bracket.Id);
                foreach (var option in bracket.Options)
                {
                    Collect(option.Content);
                }
            }
        }

        foreach (var article in previous.Articles)
        {
            known.Add(article.Id);
            foreach (var paragraph in article.Paragraphs)
            {
                known.Add(paragraph.Id);
                Collect(paragraph.Content);
            }
        }

        string Keep(string id) => known.Contains(id) ? id : string.Empty;
        IReadOnlyList<Segment> Strip(IReadOnlyList<Segment> content) =>
            [.. content.Select(s => s is Bracket b ? b with { Id = Keep(b.Id), Options = [.. b.Options.Select(o => o with { Content = Strip(o.Content) })] } : s)];
        return new DraftText([.. text.Articles.Select(a => a with
        {
            Id = Keep(a.Id),
            Paragraphs = [.. a.Paragraphs.Select(p => p with { Id = Keep(p.Id), Content = Strip(p.Content) })],
        })]);
    }

    /// <summary>Sends the upload form; a refusal fails the test with what the page said.</summary>
    private static async Task ImportAsync(IPage page)
    {
        var post = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.Contains("handler=import", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        var response = await post;
        Assert.True(response.Status == 302, $"The import answered {response.Status}: {(response.Status == 302 ? "" : await page.Locator("main").InnerTextAsync())}");
    }
}
