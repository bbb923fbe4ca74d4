using CartifFlow.Negotiation.Drafts;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftDocxTests : IDisposable
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;
    private readonly string _folder = Directory.CreateTempSubdirectory("cartif-docx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DraftCover CoverOf(DraftText text) =>
        new("TF", "Trade Facilitation Protocol", 3, new DateOnly(2026, 12, 7), Convergence.Measure(text).Totals);

    private string WriteFile(DraftText text, string name)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        DraftDocx.Write(text, CoverOf(text), file);
        return path;
    }

    private static DraftImportResult ReadFile(string path, DraftText? previous = null)
    {
        using var file = File.OpenRead(path);
        return DraftDocx.Read(file, Parties, previous);
    }

    [Fact]
    public void RoundTrip_HandMadeText_ReadsBackToAnEqualModel()
    {
        var text = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        var first = WriteFile(text, "first.docx");

        var once = ReadFile(first);
        Assert.True(once.Succeeded, string.Join("\n", once.Faults));
        var second = WriteFile(once.Text, "second.docx");
        var twice = ReadFile(second);

        Assert.True(twice.Succeeded, string.Join("\n", twice.Faults));
        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(once.Text));
        Assert.Equal(DraftJson.Serialize(once.Text), DraftJson.Serialize(twice.Text));
    }

    [Fact]
    public void RoundTrip_Generated100PageText_ReadsBackToAnEqualModel()
    {
        var text = SampleDrafts.Generate(100);
        var path = WriteFile(text, "generated.docx");

        var read = ReadFile(path);
        Assert.True(read.Succeeded, string.Join("\n", read.Faults.Take(5)));
        var again = ReadFile(WriteFile(read.Text, "again.docx"));

        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(read.Text));
        Assert.True(again.Succeeded, string.Join("\n", again.Faults.Take(5)));
        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(again.Text));
    }

    [Fact]
    public void Write_FootnotesAreWordFootnotesAndIdsHiddenBookmarks()
    {
        var text = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        var path = WriteFile(text, "notes.docx");

        using var document = WordprocessingDocument.Open(path, false);
        var main = document.MainDocumentPart!;
        Assert.Contains(main.FootnotesPart!.Footnotes!.Elements<Footnote>(), f => f.InnerText.Contains("subject to domestic consultations", StringComparison.Ordinal));
        var body = main.Document!.Body!;
        Assert.DoesNotContain("^[", body.InnerText, StringComparison.Ordinal);
        Assert.DoesNotContain("{#", body.InnerText, StringComparison.Ordinal);
        Assert.Contains(body.Descendants<BookmarkStart>(), b => b.Name == "_cf_" + text.Articles[0].Id);
        Assert.Contains("draft revision 3", body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SecretariatDocument_HeadingStylesWordNumberingFootnotesAndCommentAttribution()
    {
        var path = Path.Combine(_folder, "secretariat.docx");
        using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text("PRC; supported by UZB")))) { Id = "7", Author = "Secretariat" });
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new FootnoteReferenceMark()), new Run(new Text(" pending consultations") { Space = SpaceProcessingModeValues.Preserve }))) { Id = 1 });
            main.Document = new Document(new Body(
                Styled("Title", "Protocol on Trade Facilitation"),
                Styled("Heading1", "Chapter II — Transparency"),
                Styled("Heading2", "Article 5: Publication"),
                Numbered(0, new Run(new Text("Each Party shall publish its regulations ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new Text("[within 90 days (KAZ)] ") { Space = SpaceProcessingModeValues.Preserve }),
                    new CommentRangeStart { Id = "7" },
                    new Run(new Text("[within 150 days]")),
                    new CommentRangeEnd { Id = "7" },
                    new Run(new FootnoteReference { Id = 1 }),
                    new Run(new Text(" of adoption.") { Space = SpaceProcessingModeValues.Preserve })),
                Numbered(1, new Run(new Text("on the internet;"))),
                Numbered(1, new Run(new Text("in the official gazette."))),
                Numbered(0, new Run(new Text("Nothing requires disclosure of confidential information."))),
                Styled("Heading2", "Article 6: Enquiry points"),
                Numbered(0, new Run(new Text("Each Party shall maintain an enquiry point.")))));
        }

        var result = ReadFile(path);

        Assert.True(result.Succeeded, string.Join("\n", result.Faults));
        var article = result.Text.Articles[0];
        Assert.Equal(("5", "Publication", "Chapter II — Transparency"), (article.Number, article.Title, article.Part));
        Assert.Equal(["1", "(a)", "(b)", "2"], article.Paragraphs.Select(p => p.Number));
        Assert.Equal([0, 1, 1, 0], article.Paragraphs.Select(p => p.Level));
        var bracket = Assert.IsType<Bracket>(article.Paragraphs[0].Content[1]);
        Assert.Equal(["KAZ"], bracket.Options[0].ProposedBy);
        Assert.Equal(["PRC"], bracket.Options[1].ProposedBy);
        Assert.Equal(["UZB"], bracket.Options[1].SupportedBy);
        Assert.Equal("pending consultations", bracket.Footnote);
        Assert.Equal("1", result.Text.Articles[1].Paragraphs[0].Number);
    }

    [Fact]
    public void Read_ExportEditedInWord_ArticleInsertedWithoutBookmarks_KeepsTheIdsOfTheRenumberedArticle()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        var path = WriteFile(first, "exported.docx");
        using (var document = WordprocessingDocument.Open(path, true))
        {
            // The Secretariat types a new article before Article 2 and renumbers the old one by hand.
            var body = document.MainDocumentPart!.Document!.Body!;
            var heading = body.Elements<Paragraph>().Single(p => p.InnerText == "Article 2: Publication");
            heading.InsertBeforeSelf(new Paragraph(new Run(new Text("Article 2: Definitions"))));
            heading.InsertBeforeSelf(new Paragraph(new Run(new Text("1. For the purposes of this Protocol, a Party means a member of CAREC."))));
            var text = heading.Descendants<Text>().Single();
            text.Text = "Article 3: Publication";
        }

        var second = ReadFile(path, first);

        Assert.True(second.Succeeded, string.Join("\n", second.Faults));
        Assert.Equal(["1", "2", "3"], second.Text.Articles.Select(a => a.Number));
        Assert.Equal(first.Articles[1].Id, second.Text.Articles[2].Id);
        Assert.Equal(first.Articles[1].Paragraphs.Select(p => p.Id), second.Text.Articles[2].Paragraphs.Select(p => p.Id));
        Assert.DoesNotContain(second.Text.Articles[1].Id, first.Articles.Select(a => a.Id));
        var comparison = DraftComparer.Compare(first, second.Text);
        Assert.True(Assert.Single(comparison.Provisions, p => p.Id == first.Articles[1].Id).Renumbered);
        Assert.Equal(2, comparison.Added);
    }

    [Fact]
    public void Read_Faults_AreLocatedWithTheWordParagraphIndex()
    {
        var path = Path.Combine(_folder, "faults.docx");
        using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("Article 5: Transit"))),
                new Paragraph(new Run(new Text("1. Goods in transit."))),
                new Paragraph(new Run(new Text("2. Each Party shall [within 90 days notify."))),
                new Paragraph(new Run(new Text("Article 5: Fees")))));
        }

        var result = ReadFile(path);

        Assert.Null(result.Text);
        Assert.Equal(
            ["Article 5, paragraph 2 (Word paragraph 3): bracket opened here is never closed: \"[within 90 days notify.\"", "Article 5 (Word paragraph 4): another article is already numbered 5"],
            result.Faults.Select(f => f.ToString()));
    }

    [Fact]
    public void Read_NotAWordFile_IsRefusedAsUnreadable()
    {
        using var stream = new MemoryStream("not a zip"u8.ToArray());

        var result = DraftDocx.Read(stream, Parties, null);

        Assert.Null(result.Text);
        Assert.Equal(DraftImportFaultKind.UnreadableFile, Assert.Single(result.Faults).Kind);
    }

    private static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Paragraph Numbered(int level, params OpenXmlElement[] content)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new NumberingProperties(
            new NumberingLevelReference { Val = level },
            new NumberingId { Val = 1 })));
        paragraph.Append(content);
        return paragraph;
    }
}
