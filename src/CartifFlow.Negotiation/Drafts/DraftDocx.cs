namespace CartifFlow.Negotiation.Drafts;

/// <summary>What the cover page of an exported revision shows.</summary>
/// <param name="AreaCode">The negotiating area's code ("TF").</param>
/// <param name="AreaName">Its name ("Trade Facilitation Protocol").</param>
/// <param name="Revision">The revision's number (1, 2, …).</param>
/// <param name="Date">The revision's date (in the seat's time zone).</param>
/// <param name="Figures">The revision's convergence figures.</param>
public sealed record DraftCover(string AreaCode, string AreaName, int Revision, DateOnly Date, ConvergenceFigures Figures);

/// <summary>
/// The Word (.docx) form of a revision, in the import convention of docs/drafts.md; stable ids travel as hidden
/// bookmarks (<c>_cf_…</c>), footnotes on brackets as real Word footnotes.
/// </summary>
public static class DraftDocx
{
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
    public static DraftImportResult Read(Stream docx, IReadOnlySet<string> partyCodes, DraftText? previous = null) =>
        throw new NotImplementedException();

    /// <summary>Writes the text as a Word document with a cover page; it reads back to an equal model.</summary>
    /// <param name="text">The revision's text.</param>
    /// <param name="cover">What the cover page shows.</param>
    /// <param name="output">Where to write (not disposed).</param>
    public static void Write(DraftText text, DraftCover cover, Stream output) => throw new NotImplementedException();
}
