using System.Diagnostics.CodeAnalysis;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>What kind of fault an import found; lets a page or the API word the fault in the reader's language.</summary>
public enum DraftImportFaultKind
{
    /// <summary>The file is not a readable Word document (or not UTF-8 text).</summary>
    UnreadableFile,

    /// <summary>The document has no article at all.</summary>
    NoArticles,

    /// <summary>A paragraph, reservation or part heading before the first article.</summary>
    TextBeforeFirstArticle,

    /// <summary>"[" whose bracket is never closed in the same paragraph.</summary>
    BracketNeverClosed,

    /// <summary>"]" without an opening "[".</summary>
    ClosingBracketWithoutOpening,

    /// <summary>A party code that is not one of the negotiation's parties.</summary>
    UnknownPartyCode,

    /// <summary>A parenthesis that starts like an attribution but does not read "(KAZ, MON; supported by UZB)".</summary>
    MalformedAttribution,

    /// <summary>An option with no wording: "[]" or "[(KAZ)]" (an explicit deletion is written "delete").</summary>
    EmptyOption,

    /// <summary>The same party twice on one option (as proposer and supporter, or twice in a list).</summary>
    DuplicateParty,

    /// <summary>Two articles with the same number.</summary>
    DuplicateArticleNumber,

    /// <summary>Two paragraphs with the same number in one article.</summary>
    DuplicateParagraphNumber,

    /// <summary>A stable-id marker used twice in the document.</summary>
    DuplicateStableId,

    /// <summary>A stable-id marker that the previous revision does not know, or that names another kind of provision.</summary>
    UnknownStableId,

    /// <summary>A footnote "^[…]" that does not follow a bracket, or that is empty.</summary>
    MisplacedFootnote,

    /// <summary>A reservation line that does not read "Reservation (PAK): text".</summary>
    MalformedReservation,

    /// <summary>An article heading without a number.</summary>
    MalformedHeading,
}

/// <summary>One reason an import was refused.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Location">Where: "Article 5, paragraph 2 (line 41)" for Markdown, "Article 5, paragraph 2(a) (Word paragraph 41)" for Word.</param>
/// <param name="Message">What went wrong, in English ("bracket opened here is never closed: [within 90 days …").</param>
public sealed record DraftImportFault(DraftImportFaultKind Kind, string Location, string Message)
{
    /// <summary>"Location: message", as shown to the Secretariat.</summary>
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>
/// The outcome of reading a Word or Markdown file: either a text with stable ids on every provision and bracket, or
/// every fault found (never both; nothing half-read).
/// </summary>
public sealed class DraftImportResult
{
    private DraftImportResult(DraftText? text, IReadOnlyList<DraftImportFault> faults)
    {
        Text = text;
        Faults = faults;
    }

    /// <summary>The text read, when there was no fault.</summary>
    public DraftText? Text { get; }

    /// <summary>All faults found, in document order; empty when the import succeeded.</summary>
    public IReadOnlyList<DraftImportFault> Faults { get; }

    /// <summary>True when a text was read without any fault.</summary>
    [MemberNotNullWhen(true, nameof(Text))]
    public bool Succeeded => Text is not null;

    /// <summary>A successful import.</summary>
    public static DraftImportResult Success(DraftText text) => new(text ?? throw new ArgumentNullException(nameof(text)), []);

    /// <summary>A refused import; <paramref name="faults"/> must not be empty.</summary>
    public static DraftImportResult Failure(IReadOnlyList<DraftImportFault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        if (faults.Count == 0)
            throw new ArgumentException("A refused import names at least one fault.", nameof(faults));
        return new(null, faults);
    }
}
