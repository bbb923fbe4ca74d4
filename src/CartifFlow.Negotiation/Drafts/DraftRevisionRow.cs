namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// A revision of an area's draft (the Framework Agreement or a protocol): immutable once written, numbered 1, 2, …
/// per area. Made by an import or an edit on the draft's own workflow, or circulated and consolidated by a working
/// group's text-based rounds. A revision with <see cref="Content"/> carries the structured text (canonical JSON,
/// <see cref="DraftJson"/>); one without it is a document name and prose, as rounds recorded them before the text
/// was structured.
/// </summary>
public sealed class DraftRevision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The working group whose round made it, if a round did.</summary>
    public string? WorkingGroupKey { get; set; }

    /// <summary>Revision number (1, 2, …), per area.</summary>
    public int Revision { get; set; }

    /// <summary>The document it came from: the imported file's name, or the round's document name or link.</summary>
    public required string Document { get; set; }

    /// <summary>The text inline as prose, if given (rounds without a structured text).</summary>
    public string? Text { get; set; }

    /// <summary>The revision's note: how the parties' comments were reflected, or what the edit changed.</summary>
    public string? Summary { get; set; }

    /// <summary>The round whose comments it consolidates, if any.</summary>
    public Guid? FromRoundInstanceId { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Where it came from.</summary>
    public RevisionSource Source { get; set; }

    /// <summary>What it came from: a round's or a written procedure's key, or the revision an edit started from.</summary>
    public string? SourceReference { get; set; }

    /// <summary>Who made it (a person's id; <c>system</c> for a procedure's outcome).</summary>
    public string? MadeBy { get; set; }

    /// <summary>When it was circulated to the area's readers (observers read circulated revisions only); null while not.</summary>
    public DateTimeOffset? CirculatedAt { get; set; }

    /// <summary>Who circulated it.</summary>
    public string? CirculatedBy { get; set; }

    /// <summary>The structured text as canonical JSON (<see cref="DraftJson"/>), or null for a prose-only revision.</summary>
    public string? Content { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/> (lower-case hex), the revision's fingerprint.</summary>
    public string? ContentHash { get; set; }

    /// <summary>
    /// For a revision a round's consolidation made from a structured revision: its provenance table as JSON
    /// (<c>Rounds.ProvenanceTable</c>): every contribution of the round and what was done with it.
    /// </summary>
    public string? Provenance { get; set; }
}
