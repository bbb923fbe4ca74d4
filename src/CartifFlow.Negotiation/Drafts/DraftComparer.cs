namespace CartifFlow.Negotiation.Drafts;

/// <summary>What happened to a provision between two revisions.</summary>
public enum ProvisionChangeKind
{
    /// <summary>Same wording, brackets and attribution (it may still be renumbered or moved).</summary>
    Unchanged,

    /// <summary>Only in the later revision.</summary>
    Added,

    /// <summary>Only in the earlier revision.</summary>
    Removed,

    /// <summary>In both, with different wording, brackets, attribution, title or reservations.</summary>
    Changed,
}

/// <summary>A word of a word-by-word diff.</summary>
public enum WordChangeKind
{
    /// <summary>In both.</summary>
    Unchanged,

    /// <summary>Only in the later revision.</summary>
    Inserted,

    /// <summary>Only in the earlier revision.</summary>
    Deleted,
}

/// <summary>A run of words (with the spaces between them) that is unchanged, inserted or deleted.</summary>
/// <param name="Kind">Unchanged, inserted or deleted.</param>
/// <param name="Text">The words, spaces kept.</param>
public sealed record WordChange(WordChangeKind Kind, string Text);

/// <summary>What happened to a bracket.</summary>
public enum BracketChangeKind
{
    /// <summary>A new bracket (positions newly differ).</summary>
    Opened,

    /// <summary>The bracket is gone (settled, or its provision removed).</summary>
    Closed,

    /// <summary>In both, with options added or dropped, attribution or footnote changed.</summary>
    Changed,
}

/// <summary>What happened to an option of a bracket that is in both revisions (options are matched by wording).</summary>
public enum OptionChangeKind
{
    /// <summary>A new option.</summary>
    Added,

    /// <summary>An option no longer there.</summary>
    Dropped,

    /// <summary>The same wording, with parties added or removed.</summary>
    AttributionChanged,
}

/// <summary>An option's change.</summary>
/// <param name="Kind">Added, dropped or attribution changed.</param>
/// <param name="Text">The option's wording in the convention (without attribution); "delete" for a deletion option.</param>
/// <param name="ProposersAdded">Parties now proposing it that did not before (all proposers for an added option).</param>
/// <param name="ProposersRemoved">Parties that proposed it before and no longer do (all for a dropped option).</param>
/// <param name="SupportersAdded">Parties now supporting it that did not before.</param>
/// <param name="SupportersRemoved">Parties that supported it before and no longer do.</param>
public sealed record OptionChange(
    OptionChangeKind Kind,
    string Text,
    IReadOnlyList<string> ProposersAdded,
    IReadOnlyList<string> ProposersRemoved,
    IReadOnlyList<string> SupportersAdded,
    IReadOnlyList<string> SupportersRemoved);

/// <summary>A bracket's change within a provision.</summary>
/// <param name="BracketId">The bracket's stable id.</param>
/// <param name="Kind">Opened, closed or changed.</param>
/// <param name="Text">The bracket in the convention (the later revision's, or the earlier one's for a closed bracket).</param>
/// <param name="Options">Options added, dropped or with attribution changed (empty for an opened or closed bracket).</param>
/// <param name="FootnoteChanged">True when the footnote differs.</param>
public sealed record BracketChange(
    string BracketId,
    BracketChangeKind Kind,
    string Text,
    IReadOnlyList<OptionChange> Options,
    bool FootnoteChanged);

/// <summary>One provision (article or paragraph) compared.</summary>
/// <param name="Id">The provision's stable id.</param>
/// <param name="ArticleId">The article's stable id (the later revision's article for a paragraph in both).</param>
/// <param name="IsArticle">True for an article (its number, title and reservations), false for a paragraph.</param>
/// <param name="FromLabel">"Article 5, paragraph 2" in the earlier revision; null when added.</param>
/// <param name="ToLabel">The label in the later revision; null when removed.</param>
/// <param name="Kind">Added, removed, changed or unchanged.</param>
/// <param name="Renumbered">In both, with a different number (or, for a paragraph, in an article with a different number).</param>
/// <param name="Moved">In both, in another article or out of order among the provisions in both.</param>
/// <param name="Words">Word-by-word diff of the content (of "Article N: Title" for an article) in the convention; for an
/// unchanged provision one unchanged run, for an added one inserted, for a removed one deleted.</param>
/// <param name="Brackets">Brackets opened, closed and changed (nested ones included).</param>
/// <param name="ReservationsAdded">Reservations in the later revision only ("PAK: subject to domestic consultations").</param>
/// <param name="ReservationsRemoved">Reservations in the earlier revision only.</param>
public sealed record ProvisionChange(
    string Id,
    string ArticleId,
    bool IsArticle,
    string? FromLabel,
    string? ToLabel,
    ProvisionChangeKind Kind,
    bool Renumbered,
    bool Moved,
    IReadOnlyList<WordChange> Words,
    IReadOnlyList<BracketChange> Brackets,
    IReadOnlyList<Reservation> ReservationsAdded,
    IReadOnlyList<Reservation> ReservationsRemoved);

/// <summary>Two revisions compared, provision by provision.</summary>
/// <param name="Provisions">Every provision of either revision: the later revision's order, removed ones after the
/// provision that preceded them.</param>
public sealed record DraftComparison(IReadOnlyList<ProvisionChange> Provisions)
{
    /// <summary>Provisions added.</summary>
    public int Added => Provisions.Count(p => p.Kind == ProvisionChangeKind.Added);

    /// <summary>Provisions removed.</summary>
    public int Removed => Provisions.Count(p => p.Kind == ProvisionChangeKind.Removed);

    /// <summary>Provisions changed.</summary>
    public int Changed => Provisions.Count(p => p.Kind == ProvisionChangeKind.Changed);

    /// <summary>Provisions in both that are renumbered.</summary>
    public int Renumbered => Provisions.Count(p => p.Renumbered);

    /// <summary>Provisions in both that moved.</summary>
    public int Moved => Provisions.Count(p => p.Moved);
}

/// <summary>Compares two revisions of a draft.</summary>
public static class DraftComparer
{
    /// <summary>
    /// Compares provisions by stable id (so moved and renumbered provisions compare correctly), word by word
    /// (DiffPlex), with brackets opened and closed, options added or dropped and attribution changed.
    /// </summary>
    public static DraftComparison Compare(DraftText from, DraftText to) => throw new NotImplementedException();
}
