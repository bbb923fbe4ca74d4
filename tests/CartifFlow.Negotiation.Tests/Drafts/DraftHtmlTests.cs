using System.Xml.Linq;
using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftHtmlTests
{
    private static DraftText HandMade() => DraftMarkdown.Parse(HandMadeDraft.Markdown, SampleDrafts.PartyCodes, null).Text!;

    [Fact]
    public void Write_BracketsOptionsPartiesStatusesAndFootnotes()
    {
        var text = HandMade();

        var html = DraftHtml.Write(text);

        var bracket = (Bracket)text.Articles[0].Paragraphs[0].Content[1];
        Assert.Contains($"<span class=\"draft-bracket\" id=\"{bracket.Id}\"><span class=\"draft-option\">[trade in goods <span class=\"draft-parties\">(KAZ, MON)</span>]</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"draft-parties\">(PRC; supported by UZB)</span>", html, StringComparison.Ordinal);
        Assert.Contains("[<span class=\"draft-delete\">delete</span> <span class=\"draft-parties\">(PAK)</span>]", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"draft-paragraph draft-level-1\" id=\"{text.Articles[1].Paragraphs[1].Id}\" data-status=\"agreed-ad-referendum\">", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"draft-reservation\">Reservation (TKM): pending internal review</p>", html, StringComparison.Ordinal);
        Assert.Contains("<li id=\"note-", html, StringComparison.Ordinal);
        // Well-formed: it parses as XML once wrapped.
        XDocument.Parse(html);
    }

    [Fact]
    public void Write_EncodesTextAndSpeaksRussian()
    {
        var text = new DraftText([new DraftArticle("a1", "1", "<b>Scope</b>", null,
            [new DraftParagraph("p1", "1", 0, [new TextSegment("Tom & Jerry <script>alert(1)</script>")], [])], [])]);

        var html = DraftHtml.Write(text, null, "ru");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Статья 1: &lt;b&gt;Scope&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains(">согласовано</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OverlayStatusIsShown()
    {
        var text = HandMade();
        var overlay = ProvisionStatuses.Derive(text, new Dictionary<string, ProvisionStatus> { [text.Articles[0].Paragraphs[0].Id] = ProvisionStatus.UnderWrittenProcedure });

        var html = DraftHtml.Write(text, overlay);

        Assert.Contains($"id=\"{text.Articles[0].Paragraphs[0].Id}\" data-status=\"under-written-procedure\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_IsAccessibleSvgWithTheFiguresAndNoScript()
    {
        var first = SampleDrafts.Generate(20);
        var second = SampleDrafts.NextRevision(first);
        var figures = new[] { (1, Convergence.Measure(first).Totals), (2, Convergence.Measure(second).Totals) };

        var svg = ConvergenceChart.Svg(figures, "en");

        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", document.Root!.Attribute("role")!.Value);
        Assert.Equal("Convergence across revisions", document.Root.Element(ns + "title")!.Value);
        var f = figures[1].Item2;
        Assert.Contains($"Revision 2: {f.Settled} of {f.Provisions} provisions settled, {f.Open} open, {f.OpenBrackets} open brackets", document.Root.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.Empty(document.Descendants(ns + "script"));
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value == "Rev. 2");
    }

    [Fact]
    public void Chart_InRussianAndEmpty()
    {
        var svg = ConvergenceChart.Svg([], "ru");

        var document = XDocument.Parse(svg);
        Assert.Contains("Редакций пока нет.", document.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_EveryKeyInBothLanguages()
    {
        Assert.All(DraftTexts.Keys, key =>
        {
            Assert.False(string.IsNullOrWhiteSpace(DraftTexts.Get("en", key)));
            Assert.False(string.IsNullOrWhiteSpace(DraftTexts.Get("ru", key)));
        });
        Assert.All(Enum.GetValues<ProvisionStatus>(), s => Assert.NotEmpty(DraftTexts.Status("ru", s)));
    }
}
