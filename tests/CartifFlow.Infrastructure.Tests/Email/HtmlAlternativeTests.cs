using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CartifFlow.Infrastructure.Email;
using Microsoft.Extensions.Time.Testing;

namespace CartifFlow.Infrastructure.Tests.Email;

/// <summary>
/// The HTML alternative of every message: every template of the repository in English and Russian rendered to text and
/// HTML; the HTML parsed strictly (AngleSharp) and checked for escaping, headings, the deadline table in both zones,
/// the one-click buttons, and nothing loaded from elsewhere.
/// </summary>
public sealed partial class HtmlAlternativeTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(")]
    private static partial System.Text.RegularExpressions.Regex TimeRow();

    private const string Hostile = "Article 7 <script>alert('x')</script> & \"fees\" <img src=https://evil.example/x.png>";
    private const string AgreeLink = "https://cartifflow.example.org/act?t=abc%2Bdef&x=1";
    private const string ViewLink = "https://cartifflow.example.org/act?t=ghi";

    private static JsonObject Model(string language)
    {
        var model = EmailTestData.Model("Aigerim <b>Bekova</b>", language, "Asia/Bishkek");
        model["variables"]!["title"] = Hostile;
        model["variables"]!["reason"] = Hostile;
        model["recipient"]!["links"] = new JsonObject { ["agree"] = AgreeLink, ["view"] = ViewLink, ["attend"] = AgreeLink, ["decline"] = ViewLink, ["substitute"] = ViewLink };
        return model;
    }

    private static IHtmlDocument ParseStrictly(string html) =>
        new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);

    [Theory]
    [MemberData(nameof(LiquidMessageRendererTests.RepositoryTemplateSets), MemberType = typeof(LiquidMessageRendererTests))]
    public void EveryTemplate_InItsLanguage_HasTextAndStrictEscapedSelfContainedHtml(string name, string language)
    {
        var renderer = new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider(), new MimeKit.MailboxAddress("CAREC Secretariat", "secretariat@carec.example.org"));

        var rendered = renderer.Render(EmailTestData.Message(name, language, Model(language)));

        Assert.False(string.IsNullOrWhiteSpace(rendered.TextBody));
        var document = ParseStrictly(rendered.HtmlBody!);
        Assert.Equal(language, document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(rendered.Subject, document.QuerySelector("h1")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, link, style, form, base"));
        Assert.DoesNotContain(document.All, e => e.HasAttribute("src") || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain(document.All, e => e.GetAttribute("style")?.Contains("url(", StringComparison.OrdinalIgnoreCase) == true);
        Assert.All(document.QuerySelectorAll("a"), a => Assert.StartsWith("https://", a.GetAttribute("href"), StringComparison.Ordinal));
        if (rendered.TextBody.Contains("<script>", StringComparison.Ordinal))
        {
            Assert.Contains("<script>alert('x')</script>", document.Body!.TextContent, StringComparison.Ordinal); // shown, not run
        }

        // Every line of the text is in the HTML (the same message, not another); times are in table rows, links in buttons.
        foreach (var line in rendered.TextBody.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.Contains("http", StringComparison.Ordinal) && !l.EndsWith(':') && !TimeRow().IsMatch(l)))
        {
            var item = line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line; // a list item's dash is the bullet
            Assert.Contains(item, document.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "your time", "time at the Secretariat", "Agree", "Read and respond")]
    [InlineData("ru", "по вашему времени", "по времени Секретариата", "Согласиться", "Прочитать и ответить")]
    public void ACirculation_HasTheDeadlineInATableWithBothZones_AndButtonsForItsOneClickLinks(string language, string yours, string seat, string agree, string view)
    {
        var renderer = new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider());

        var document = ParseStrictly(renderer.Render(EmailTestData.Message("circulated", language, Model(language))).HtmlBody!);

        var table = Assert.Single(document.QuerySelectorAll("table"));
        var rows = table.QuerySelectorAll("tr").Select(r => (r.QuerySelector("th[scope=row]")!.TextContent, r.QuerySelector("td")!.TextContent)).ToList();
        Assert.Equal([(yours, "2026-06-10 15:00 (UTC+06:00, Asia/Bishkek)"), (seat, "2026-06-10 17:00 (UTC+08:00, Asia/Manila)")], rows);
        Assert.NotNull(table.QuerySelector("caption"));
        var buttons = document.QuerySelectorAll("a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.Equal(AgreeLink, buttons[agree]);
        Assert.Equal(ViewLink, buttons[view]);
    }
}
