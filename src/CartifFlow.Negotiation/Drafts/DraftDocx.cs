using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>What the cover page of an exported revision shows.</summary>
/// <param name="AreaCode">The negotiating area's code ("TF").</param>
/// <param name="AreaName">Its name ("Trade Facilitation Protocol").</param>
/// <param name="Revision">The revision's number (1, 2, …).</param>
/// <param name="Date">The revision's date (in the seat's time zone).</param>
/// <param name="Figures">The revision's convergence figures.</param>
public sealed record DraftCover(string AreaCode, string AreaName, int Revision, DateOnly Date, ConvergenceFigures Figures);

/// <summary>An annex after the text (e.g. a consolidated revision's provenance table): a title and a table.</summary>
/// <param name="Title">The annex's heading.</param>
/// <param name="Header">The table's column headings.</param>
/// <param name="Rows">The table's rows, each as many cells as <paramref name="Header"/>.</param>
public sealed record DraftAnnex(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The Word (.docx) form of a revision, in the import convention of docs/drafts.md; stable ids travel as hidden
/// bookmarks (<c>_cf_…</c>), footnotes on brackets as real Word footnotes.
/// </summary>
public static class DraftDocx
{
    private const string BookmarkPrefix = "_cf_";
    private const string CoverTag = "cartif-cover";
    private const string AnnexTag = "cartif-annex";
    private const char Mark = '\uE010';

    /// <summary>
    /// Reads a Word document. Article headings are "Article N: Title" paragraphs or Heading 2–3 paragraphs; parts and
    /// chapters are Heading 1 or "Part I: …"/"Chapter II: …" paragraphs; paragraphs are numbered literally ("1.",
    /// "(a)") or by Word numbering. A comment anchored on a bracket option may carry its attribution. The cover page
    /// written by <see cref="Write"/> is skipped.
    /// </summary>
    /// <param name="docx">The file (read only; not disposed).</param>
    /// <param name="partyCodes">The codes a bracket option or reservation may name.</param>
    /// <param name="previous">The draft's latest revision, if any (for stable ids).</param>
    /// <returns>The text, or every fault found, located with the Word paragraph's index.</returns>
    public static DraftImportResult Read(Stream docx, IReadOnlySet<string> partyCodes, DraftText? previous = null)
    {
        ArgumentNullException.ThrowIfNull(docx);
        ArgumentNullException.ThrowIfNull(partyCodes);
        List<DraftSourceUnit> units;
        try
        {
            var stream = docx;
            if (!docx.CanSeek)
            {
                stream = new MemoryStream();
                docx.CopyTo(stream);
                stream.Position = 0;
            }
            using var document = WordprocessingDocument.Open(stream, false);
            units = Units(document);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException or InvalidOperationException or IOException)
        {
            return DraftImportResult.Failure([new DraftImportFault(DraftImportFaultKind.UnreadableFile, "the file", $"not a readable Word document (.docx): {e.Message}")]);
        }
        return new DraftReader(partyCodes, previous).Read(units);
    }

    /// <summary>Writes the text as a Word document with a cover page; it reads back to an equal model.</summary>
    /// <param name="text">The revision's text.</param>
    /// <param name="cover">What the cover page shows.</param>
    /// <param name="output">Where to write (not disposed).</param>
    /// <param name="annex">An annex after the text (a content control the import skips, as the cover), if any.</param>
    public static void Write(DraftText text, DraftCover cover, Stream output, DraftAnnex? annex = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cover);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var footnotesPart = main.AddNewPart<FootnotesPart>();
            var footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
            var body = new Body();
            body.Append(Cover(cover));

            var writer = new BodyWriter(footnotes);
            string? part = null;
            foreach (var article in text.Articles)
            {
                if (article.Part is not null && article.Part != part)
                    body.Append(StyledParagraph("Heading1", article.Part));
                part = article.Part;
                body.Append(writer.Bookmarked(StyledParagraph("Heading2", DraftConvention.ArticleHeadingText(article)), article.Id));
                foreach (var reservation in article.Reservations)
                    body.Append(ReservationParagraph(reservation));
                foreach (var paragraph in article.Paragraphs)
                {
                    body.Append(writer.Paragraph(paragraph));
                    foreach (var reservation in paragraph.Reservations)
                        body.Append(ReservationParagraph(reservation));
                }
            }
            if (annex is not null)
                body.Append(Annex(annex));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U, Header = 708U, Footer = 708U, Gutter = 0U }));
            main.Document = new Document(body);
            footnotesPart.Footnotes = footnotes;
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static Paragraph ReservationParagraph(Reservation reservation) =>
        new(new Run(new RunProperties(new Italic()), new Text($"Reservation ({reservation.Party}): {reservation.Text}") { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph StyledParagraph(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static SdtBlock Cover(DraftCover cover)
    {
        var figures = cover.Figures;
        var content = new SdtContentBlock(
            StyledParagraph("Title", $"CARTIF: {cover.AreaName}"),
            StyledParagraph("Subtitle", $"{cover.AreaCode}, draft revision {cover.Revision.ToString(CultureInfo.InvariantCulture)}, {cover.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"),
            CoverLine($"Provisions: {figures.Provisions}; agreed: {figures.Agreed}; agreed ad referendum: {figures.AgreedAdReferendum}; bracketed: {figures.Bracketed}"),
            CoverLine($"Under written procedure: {figures.UnderWrittenProcedure}; adopted by written procedure: {figures.AdoptedByWrittenProcedure}; referred to the working group: {figures.ReferredToWorkingGroup}"),
            CoverLine($"Open brackets: {figures.OpenBrackets}; options: {figures.Options}"),
            CoverLine($"Words outside brackets: {figures.ShareOfWordsOutsideBrackets.ToString("P0", CultureInfo.InvariantCulture)} of {figures.Words}"),
            CoverLine("Convention: [bracketed text], alternatives as adjacent brackets, parties in parentheses at the end of an option (KAZ, MON; supported by UZB)."),
            new Paragraph(new Run(new Break { Type = BreakValues.Page })));
        return new SdtBlock(
            new SdtProperties(new SdtAlias { Val = "Cover" }, new Tag { Val = CoverTag }, new DocumentFormat.OpenXml.Wordprocessing.Lock { Val = LockingValues.SdtContentLocked }),
            content);

        static Paragraph CoverLine(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static SdtBlock Annex(DraftAnnex annex)
    {
        static TableCell Cell(string text, bool head) => new(new Paragraph(new Run(head ? new RunProperties(new Bold()) : new RunProperties(), new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(border, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        table.Append(new TableRow(annex.Header.Select(h => Cell(h, head: true))));
        foreach (var row in annex.Rows)
            table.Append(new TableRow(row.Select(c => Cell(c, head: false))));
        return new SdtBlock(
            new SdtProperties(new SdtAlias { Val = "Annex" }, new Tag { Val = AnnexTag }),
            new SdtContentBlock(new Paragraph(new Run(new Break { Type = BreakValues.Page })), StyledParagraph("Heading1", annex.Title), table, new Paragraph()));
    }

    private static Styles Styles()
    {
        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    new FontSize { Val = "22" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading("Title", "Title", null, "40"),
            Heading("Subtitle", "Subtitle", null, "28"),
            Heading("Heading1", "heading 1", 0, "30"),
            Heading("Heading2", "heading 2", 1, "24"),
            new Style(
                new StyleName { Val = "footnote text" },
                new BasedOn { Val = "Normal" },
                new StyleRunProperties(new FontSize { Val = "18" })) { Type = StyleValues.Paragraph, StyleId = "FootnoteText" },
            new Style(
                new StyleName { Val = "footnote reference" },
                new StyleRunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript })) { Type = StyleValues.Character, StyleId = "FootnoteReference" });

        static Style Heading(string id, string name, int? outline, string size)
        {
            var paragraph = new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" });
            if (outline is { } level)
                paragraph.Append(new OutlineLevel { Val = level });
            return new Style(
                new StyleName { Val = name },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new PrimaryStyle(),
                paragraph,
                new StyleRunProperties(new Bold(), new FontSize { Val = size })) { Type = StyleValues.Paragraph, StyleId = id };
        }
    }

    /// <summary>Writes paragraphs: brackets between hidden bookmarks, footnotes as Word footnotes.</summary>
    private sealed class BodyWriter(Footnotes footnotes) : IBracketMarks
    {
        private readonly List<Func<OpenXmlElement>> _marks = [];
        private int _bookmark;
        private int _footnote;

        public Paragraph Bookmarked(Paragraph paragraph, string id)
        {
            if (id.Length == 0)
                return paragraph;
            var number = (_bookmark++).ToString(CultureInfo.InvariantCulture);
            paragraph.InsertAfter(new BookmarkStart { Id = number, Name = BookmarkPrefix + id }, paragraph.ParagraphProperties);
            paragraph.Append(new BookmarkEnd { Id = number });
            return paragraph;
        }

        public Paragraph Paragraph(DraftParagraph paragraph)
        {
            _marks.Clear();
            var line = DraftConvention.ParagraphLine(paragraph, withIds: false, this);
            var properties = new ParagraphProperties();
            if (paragraph.Level > 0)
                properties.Append(new Indentation { Left = (360 * paragraph.Level).ToString(CultureInfo.InvariantCulture) });
            var result = new Paragraph(properties);
            var pieces = line.Split(Mark);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                    result.Append(_marks[i - 1]());
                if (pieces[i].Length > 0)
                    result.Append(new Run(new Text(pieces[i]) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return Bookmarked(result, paragraph.Id);
        }

        public void Open(StringBuilder builder, Bracket bracket)
        {
            if (bracket.Id.Length == 0)
                return;
            var number = (_bookmark++).ToString(CultureInfo.InvariantCulture);
            builder.Append(Mark);
            _marks.Add(() => new BookmarkStart { Id = number, Name = BookmarkPrefix + bracket.Id });
            _pending.Push(number);
        }

        public void Close(StringBuilder builder, Bracket bracket)
        {
            if (bracket.Id.Length > 0)
            {
                var number = _pending.Pop();
                builder.Append(Mark);
                _marks.Add(() => new BookmarkEnd { Id = number });
            }
            if (bracket.Footnote is { } note)
            {
                var id = ++_footnote;
                footnotes.Append(new Footnote(new Paragraph(
                    new ParagraphProperties(new ParagraphStyleId { Val = "FootnoteText" }),
                    new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReferenceMark()),
                    new Run(new Text(" " + note) { Space = SpaceProcessingModeValues.Preserve })))
                { Id = id });
                builder.Append(Mark);
                _marks.Add(() => new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReference { Id = id }));
            }
        }

        private readonly Stack<string> _pending = new();
    }

    private static List<DraftSourceUnit> Units(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart ?? throw new InvalidDataException("The document has no main part.");
        var body = main.Document?.Body ?? throw new InvalidDataException("The document has no body.");
        var headingLevels = HeadingLevels(main.StyleDefinitionsPart?.Styles);
        var titleStyles = TitleStyles(main.StyleDefinitionsPart?.Styles);
        var footnotes = main.FootnotesPart?.Footnotes?.Elements<Footnote>()
            .Where(f => f.Id is not null)
            .GroupBy(f => f.Id!.Value)
            .ToDictionary(g => g.Key, g => DraftConvention.Collapse(string.Concat(g.First().Descendants<Text>().Select(t => t.Text))).Trim())
            ?? [];
        var comments = main.WordprocessingCommentsPart?.Comments?.Elements<Comment>()
            .Where(c => c.Id?.Value is not null)
            .GroupBy(c => c.Id!.Value!)
            .ToDictionary(g => g.Key, g => DraftConvention.Collapse(string.Join(" ", g.First().Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))))).Trim(), StringComparer.Ordinal)
            ?? [];

        var units = new List<DraftSourceUnit>();
        var index = 0;
        var counters = new int[3];
        var articleCounter = 0;
        foreach (var paragraph in body.Descendants<Paragraph>())
        {
            index++;
            if (paragraph.Ancestors<SdtBlock>().Any(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value is CoverTag or AnnexTag))
                continue;

            var text = new StringBuilder();
            var bracketIds = new Dictionary<int, string>();
            var commentOffsets = new Dictionary<int, string>();
            string? id = null;
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text t:
                        Append(text, t.Text);
                        break;
                    case TabChar or Break or CarriageReturn:
                        Append(text, " ");
                        break;
                    case FootnoteReference reference when reference.Id?.Value is { } footnoteId && footnotes.TryGetValue(footnoteId, out var note):
                        text.Append("^[");
                        foreach (var c in note)
                        {
                            if (c is '[' or ']' or '\\')
                                text.Append('\\');
                            text.Append(c);
                        }
                        text.Append(']');
                        break;
                    case BookmarkStart bookmark when bookmark.Name?.Value is { } name && name.StartsWith(BookmarkPrefix, StringComparison.Ordinal):
                        var bookmarked = name[BookmarkPrefix.Length..];
                        if (bookmarked.StartsWith('b'))
                            bracketIds[text.Length] = bookmarked;
                        else
                            id ??= bookmarked;
                        break;
                    case CommentRangeStart start when start.Id?.Value is { } commentId && comments.TryGetValue(commentId, out var comment):
                        commentOffsets[text.Length] = comment;
                        break;
                }
            }
            var raw = text.ToString();
            var trimmedStart = raw.Length - raw.TrimStart().Length;
            var line = raw.Trim();
            var where = $"Word paragraph {index.ToString(CultureInfo.InvariantCulture)}";
            if (line.Length == 0)
                continue;

            var properties = paragraph.ParagraphProperties;
            var styleId = properties?.ParagraphStyleId?.Val?.Value;
            var level = styleId is not null && headingLevels.TryGetValue(styleId, out var styled) ? styled : 0;
            if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
                level = outline + 1;
            var isTitle = styleId is not null && titleStyles.Contains(styleId);
            var numbered = properties?.NumberingProperties is { } numbering && numbering.NumberingId?.Val?.Value is not 0;
            var numberingLevel = Math.Clamp(properties?.NumberingProperties?.NumberingLevelReference?.Val?.Value ?? 0, 0, 2);

            (string Number, int Level)? wordNumber = null;
            if (level >= 2)
            {
                counters = new int[3];
                articleCounter++;
                if (numbered && !DraftConvention.ArticleStart().IsMatch(line))
                    line = $"Article {articleCounter.ToString(CultureInfo.InvariantCulture)}: {line}";
            }
            else if (level == 0 && numbered)
            {
                counters[numberingLevel]++;
                for (var deeper = numberingLevel + 1; deeper < counters.Length; deeper++)
                    counters[deeper] = 0;
                var n = counters[numberingLevel];
                wordNumber = numberingLevel switch
                {
                    0 => (n.ToString(CultureInfo.InvariantCulture), 0),
                    1 => ($"({Letters(n)})", 1),
                    _ => ($"({Roman(n)})", 2),
                };
            }

            units.Add(new DraftSourceUnit
            {
                Text = line,
                Where = where,
                HeadingLevel = level,
                AnyTextIsPart = level == 1,
                IsDocumentTitle = isTitle,
                Id = id,
                BracketIds = Shift(bracketIds, trimmedStart, line),
                Comments = Shift(commentOffsets, trimmedStart, line),
                Numbering = wordNumber,
            });
        }
        return units;
    }

    /// <summary>Offsets into the trimmed line; a bookmark that starts just before a bracket's "[" is moved onto it.</summary>
    private static Dictionary<int, string>? Shift(Dictionary<int, string> offsets, int by, string line)
    {
        if (offsets.Count == 0)
            return null;
        var shifted = new Dictionary<int, string>();
        foreach (var (offset, value) in offsets)
        {
            var at = Math.Max(0, offset - by);
            while (at < line.Length && line[at] == ' ')
                at++;
            shifted[at] = value;
        }
        return shifted;
    }

    private static void Append(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                    text.Append(' ');
            }
            else
            {
                text.Append(c);
            }
        }
    }

    private static Dictionary<string, int> HeadingLevels(Styles? styles)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n <= 9; n++)
            levels[$"Heading{n}"] = n;
        if (styles is null)
            return levels;
        foreach (var style in styles.Elements<Style>())
        {
            if (style.StyleId?.Value is not { } id)
                continue;
            var name = style.StyleName?.Val?.Value ?? "";
            if (name.StartsWith("heading ", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(name.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                levels[id] = level;
            }
            else if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
            {
                levels[id] = outline + 1;
            }
        }
        return levels;
    }

    /// <summary>Style ids of the Title and Subtitle styles (by id or by name, whatever the document's language).</summary>
    private static HashSet<string> TitleStyles(Styles? styles)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { "Title", "Subtitle" };
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id && style.StyleName?.Val?.Value is "Title" or "Subtitle" or "title" or "subtitle")
                ids.Add(id);
        }
        return ids;
    }

    private static string Letters(int n)
    {
        var result = "";
        while (n > 0)
        {
            n--;
            result = (char)('a' + n % 26) + result;
            n /= 26;
        }
        return result;
    }

    private static string Roman(int n)
    {
        var numerals = new (int Value, string Text)[] { (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i") };
        var result = new StringBuilder();
        foreach (var (value, text) in numerals)
        {
            while (n >= value)
            {
                result.Append(text);
                n -= value;
            }
        }
        return result.ToString();
    }
}
