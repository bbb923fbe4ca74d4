using System.Text;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// The plain-text/Markdown form of a revision, in the import convention of docs/drafts.md ("Import convention").
/// </summary>
public static class DraftMarkdown
{
    /// <summary>
    /// Reads a Markdown or plain-text draft. Provisions and brackets without a <c>{#id}</c> marker get a stable id:
    /// matched by content to <paramref name="previous"/> when given (so a renumbered article keeps its id), new otherwise.
    /// </summary>
    /// <param name="markdown">The file's text.</param>
    /// <param name="partyCodes">The codes a bracket option or reservation may name (KAZ, MON, …), compared exactly.</param>
    /// <param name="previous">The draft's latest revision, if any.</param>
    /// <returns>The text, or every fault found.</returns>
    public static DraftImportResult Parse(string markdown, IReadOnlySet<string> partyCodes, DraftText? previous = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(partyCodes);
        return new DraftReader(partyCodes, previous).Read(Units(markdown));
    }

    /// <summary>Writes the text in the convention, with <c>{#id}</c> markers, so that it parses back to an equal model.</summary>
    public static string Write(DraftText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder();
        string? part = null;
        foreach (var article in text.Articles)
        {
            if (article.Part is not null && article.Part != part)
                builder.Append("# ").Append(article.Part).Append("\n\n");
            part = article.Part;
            builder.Append("## ").Append(DraftConvention.ArticleHeadingText(article));
            AppendId(builder, article.Id);
            builder.Append("\n\n");
            foreach (var reservation in article.Reservations)
                builder.Append("Reservation (").Append(reservation.Party).Append("): ").Append(reservation.Text).Append("\n\n");
            foreach (var paragraph in article.Paragraphs)
            {
                builder.Append(DraftConvention.ParagraphLine(paragraph, withIds: true));
                AppendId(builder, paragraph.Id);
                builder.Append("\n\n");
                foreach (var reservation in paragraph.Reservations)
                    builder.Append("Reservation (").Append(reservation.Party).Append("): ").Append(reservation.Text).Append("\n\n");
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// One paragraph's content in the convention, without its number and without id markers on the paragraph
    /// (bracket ids are kept), for editing a provision in the browser.
    /// </summary>
    public static string WriteParagraphContent(DraftParagraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        var builder = new StringBuilder();
        DraftConvention.WriteContent(builder, paragraph.Content, withIds: true, inOption: false);
        return builder.ToString();
    }

    /// <summary>
    /// Replaces one paragraph's content (written as <see cref="WriteParagraphContent"/> writes it, reservations not
    /// included) and returns the new text (revision N+1); the paragraph keeps its id and number, brackets keep theirs.
    /// </summary>
    /// <param name="current">The revision edited.</param>
    /// <param name="paragraphId">The paragraph's stable id.</param>
    /// <param name="content">The new content in the convention.</param>
    /// <param name="partyCodes">The codes a bracket option may name.</param>
    /// <returns>The new text, or the faults (location "Article 5, paragraph 2"); an unknown paragraph id is a fault.</returns>
    public static DraftImportResult ReplaceParagraphContent(DraftText current, string paragraphId, string content, IReadOnlySet<string> partyCodes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(partyCodes);
        var provision = DraftProvisions.Find(current, paragraphId);
        if (provision?.Paragraph is not { } paragraph)
            return DraftImportResult.Failure([new DraftImportFault(DraftImportFaultKind.UnknownStableId, paragraphId, $"no paragraph {paragraphId} in this revision")]);

        // Read the edited paragraph alone, as the only paragraph of its article, against the current text for ids.
        var line = DraftConvention.Collapse(content.Replace('\r', ' ').Replace('\n', ' ')).Trim();
        if (line.Length == 0)
            return DraftImportResult.Failure([new DraftImportFault(DraftImportFaultKind.EmptyOption, provision.Label, "the paragraph has no text")]);
        var units = new List<DraftSourceUnit>
        {
            new() { Text = $"Article {provision.Article.Number}", Where = provision.Label, HeadingLevel = 2, Id = provision.Article.Id },
            new() { Text = "1. " + line, Where = "edit", Id = paragraph.Id },
        };
        var result = new DraftReader(partyCodes, current).Read(units);
        if (!result.Succeeded)
        {
            return DraftImportResult.Failure([.. result.Faults.Select(f => f with { Location = provision.Label })]);
        }
        var edited = result.Text.Articles[0].Paragraphs[0];
        var replaced = paragraph with { Content = edited.Content };
        return DraftImportResult.Success(new DraftText([.. current.Articles.Select(a => ReferenceEquals(a, provision.Article)
            ? a with { Paragraphs = [.. a.Paragraphs.Select(p => ReferenceEquals(p, paragraph) ? replaced : p)] }
            : a)]));
    }

    private static void AppendId(StringBuilder builder, string id)
    {
        if (id.Length > 0)
            builder.Append(" {#").Append(id).Append('}');
    }

    /// <summary>Markdown blocks: headings, and paragraphs (lines up to a blank line, or up to a line that starts a
    /// number, a heading or a reservation).</summary>
    private static IEnumerable<DraftSourceUnit> Units(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var block = new StringBuilder();
        var blockLine = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith("<!--", StringComparison.Ordinal))
            {
                if (block.Length > 0)
                    yield return Unit(block.ToString(), blockLine, 0);
                block.Clear();
                continue;
            }
            var hashes = 0;
            while (hashes < line.Length && line[hashes] == '#')
                hashes++;
            if (hashes > 0 && hashes < line.Length && line[hashes] == ' ')
            {
                if (block.Length > 0)
                    yield return Unit(block.ToString(), blockLine, 0);
                block.Clear();
                yield return Unit(line[(hashes + 1)..], index + 1, hashes);
                continue;
            }
            if (block.Length > 0 && StartsUnit(line))
            {
                yield return Unit(block.ToString(), blockLine, 0);
                block.Clear();
            }
            if (block.Length == 0)
                blockLine = index + 1;
            else
                block.Append(' ');
            block.Append(line);
        }
        if (block.Length > 0)
            yield return Unit(block.ToString(), blockLine, 0);
    }

    private static bool StartsUnit(string line) =>
        DraftConvention.ParagraphNumber().IsMatch(line) || DraftConvention.SubParagraphNumber().IsMatch(line)
        || DraftConvention.ReservationStart().IsMatch(line) || DraftConvention.ArticleHeading().IsMatch(line)
        || DraftConvention.PartHeading().IsMatch(line);

    private static DraftSourceUnit Unit(string text, int line, int headingLevel)
    {
        var collapsed = DraftConvention.Collapse(text).Trim();
        string? id = null;
        var marker = DraftConvention.TrailingId().Match(collapsed);
        if (marker.Success)
        {
            id = marker.Groups["id"].Value;
            collapsed = collapsed[..marker.Index];
        }
        return new DraftSourceUnit { Text = collapsed, Where = $"line {line}", HeadingLevel = headingLevel, Id = id };
    }
}
