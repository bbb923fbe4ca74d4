namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// A party's private drafting note on one provision of an area's draft, by the provision's stable id (so it follows
/// the provision across revisions and renumbering). Only people of that party who may read the area see it; nobody
/// else, the Secretariat included. One note per party and provision: writing it again replaces it, an empty one
/// removes it.
/// </summary>
public sealed class PrivateNote
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The provision's stable id (an article or a paragraph).</summary>
    public required string ProvisionId { get; set; }

    /// <summary>The party whose note it is.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The note.</summary>
    public required string Text { get; set; }

    /// <summary>Who wrote it last (a person of the party).</summary>
    public required string UpdatedBy { get; set; }

    /// <summary>When it was written last.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
