namespace CartifFlow.Negotiation.Rounds;

/// <summary>What a party sends in a text-based round.</summary>
public enum CommentKind
{
    /// <summary>Written comments on the revision.</summary>
    Comments,
    /// <summary>A drafting proposal (new or bracketed language).</summary>
    Proposal,
    /// <summary>The party has no comments on this revision.</summary>
    NoComments,
}

/// <summary>A party's written comment or proposal on a revision of the draft.</summary>
public sealed class RoundComment
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The round's workflow instance.</summary>
    public Guid RoundInstanceId { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Who sent it.</summary>
    public required string PersonId { get; set; }

    /// <summary>Comments, proposal or no comments.</summary>
    public CommentKind Kind { get; set; }

    /// <summary>The provision concerned (e.g. "Article 5.2").</summary>
    public string? Provision { get; set; }

    /// <summary>The comment or the proposed wording.</summary>
    public string? Text { get; set; }

    /// <summary>When received.</summary>
    public DateTimeOffset At { get; set; }
}
