using System.Text.Json.Serialization;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// The structured text of one revision of an area's draft: articles (optionally grouped under parts or chapters),
/// each with numbered paragraphs and sub-paragraphs. Immutable: a change makes a new revision.
/// </summary>
/// <param name="Articles">The articles in document order.</param>
public sealed record DraftText(IReadOnlyList<DraftArticle> Articles);

/// <summary>An article: a provision of its own, holding paragraphs.</summary>
/// <param name="Id">Stable id: the same article keeps it across revisions whatever its number becomes.</param>
/// <param name="Number">The number as in the document ("5", "5bis").</param>
/// <param name="Title">The heading's title ("Publication of trade regulations"); may be empty.</param>
/// <param name="Part">The part or chapter heading the article sits under ("Chapter II: Transparency"), if any.</param>
/// <param name="Paragraphs">Paragraphs and sub-paragraphs in document order.</param>
/// <param name="Reservations">Parties' reservations on the article as a whole.</param>
public sealed record DraftArticle(
    string Id,
    string Number,
    string Title,
    string? Part,
    IReadOnlyList<DraftParagraph> Paragraphs,
    IReadOnlyList<Reservation> Reservations);

/// <summary>A paragraph or sub-paragraph: the smallest provision.</summary>
/// <param name="Id">Stable id across revisions.</param>
/// <param name="Number">The number as in the document ("1", "2", "(a)", "(i)"); empty for an unnumbered paragraph.</param>
/// <param name="Level">0 for a paragraph, 1 for a sub-paragraph, 2 for a sub-sub-paragraph.</param>
/// <param name="Content">Plain text and brackets in reading order.</param>
/// <param name="Reservations">Parties' reservations on this paragraph.</param>
public sealed record DraftParagraph(
    string Id,
    string Number,
    int Level,
    IReadOnlyList<Segment> Content,
    IReadOnlyList<Reservation> Reservations);

/// <summary>A piece of a provision's content: agreed text or a bracket (JSON: <c>"kind": "text" | "bracket"</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextSegment), "text")]
[JsonDerivedType(typeof(Bracket), "bracket")]
public abstract record Segment;

/// <summary>Text outside any bracket (agreed language, at its level).</summary>
/// <param name="Text">The text, spaces kept as written.</param>
public sealed record TextSegment(string Text) : Segment;

/// <summary>
/// Bracketed language where positions differ. Two or more options are alternatives; a single option stands against
/// deleting it (the text is bracketed, the alternative is no text). A bracket may nest inside an option.
/// </summary>
/// <param name="Id">Stable id across revisions while the bracket stays open.</param>
/// <param name="Options">The alternatives, in document order.</param>
/// <param name="Footnote">A footnote on the bracket ("subject to domestic consultations"), if any.</param>
public sealed record Bracket(string Id, IReadOnlyList<BracketOption> Options, string? Footnote) : Segment;

/// <summary>One option of a bracket and the parties behind it.</summary>
/// <param name="Content">The option's wording; empty for an explicit "delete" option.</param>
/// <param name="ProposedBy">Codes of the parties that proposed it (KAZ, MON, …).</param>
/// <param name="SupportedBy">Codes of the parties that support it without having proposed it.</param>
public sealed record BracketOption(
    IReadOnlyList<Segment> Content,
    IReadOnlyList<string> ProposedBy,
    IReadOnlyList<string> SupportedBy);

/// <summary>A party's reservation on a whole provision (an article or a paragraph).</summary>
/// <param name="Party">The party's code.</param>
/// <param name="Text">The reservation as stated ("subject to domestic consultations").</param>
public sealed record Reservation(string Party, string Text);

/// <summary>Where a revision came from.</summary>
public enum RevisionSource
{
    /// <summary>Imported from a Word or Markdown file.</summary>
    Import,

    /// <summary>A provision edited in the browser by the Secretariat.</summary>
    Edit,

    /// <summary>The Secretariat's consolidation of a text-based round.</summary>
    Consolidation,

    /// <summary>The outcome of a written procedure on provisions.</summary>
    WrittenProcedure,
}

/// <summary>A provision's status, derived from its text and from the procedures on it; shown everywhere.</summary>
public enum ProvisionStatus
{
    /// <summary>No open bracket and no reservation.</summary>
    Agreed,

    /// <summary>No open bracket, but a party holds a reservation.</summary>
    AgreedAdReferendum,

    /// <summary>At least one open bracket.</summary>
    Bracketed,

    /// <summary>A written procedure on it is running.</summary>
    UnderWrittenProcedure,

    /// <summary>Adopted by a written procedure.</summary>
    AdoptedByWrittenProcedure,

    /// <summary>A written procedure on it was objected to: back on the working group's agenda.</summary>
    ReferredToWorkingGroup,
}
