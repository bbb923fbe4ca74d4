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
    public static DraftImportResult Parse(string markdown, IReadOnlySet<string> partyCodes, DraftText? previous = null) =>
        throw new NotImplementedException();

    /// <summary>Writes the text in the convention, with <c>{#id}</c> markers, so that it parses back to an equal model.</summary>
    public static string Write(DraftText text) => throw new NotImplementedException();

    /// <summary>
    /// One paragraph's content in the convention, without its number and without id markers on the paragraph
    /// (bracket ids are kept), for editing a provision in the browser.
    /// </summary>
    public static string WriteParagraphContent(DraftParagraph paragraph) => throw new NotImplementedException();

    /// <summary>
    /// Replaces one paragraph's content (written as <see cref="WriteParagraphContent"/> writes it, reservations not
    /// included) and returns the new text (revision N+1); the paragraph keeps its id and number, brackets keep theirs.
    /// </summary>
    /// <param name="current">The revision edited.</param>
    /// <param name="paragraphId">The paragraph's stable id.</param>
    /// <param name="content">The new content in the convention.</param>
    /// <param name="partyCodes">The codes a bracket option may name.</param>
    /// <returns>The new text, or the faults (location "Article 5, paragraph 2"); an unknown paragraph id is a fault.</returns>
    public static DraftImportResult ReplaceParagraphContent(DraftText current, string paragraphId, string content, IReadOnlySet<string> partyCodes) =>
        throw new NotImplementedException();
}
