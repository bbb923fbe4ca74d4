namespace CartifFlow.Negotiation.Approvals;

/// <summary>A Chief Negotiator's answer to a proposed stage transition.</summary>
public enum TransitionAnswerKind
{
    /// <summary>Approves the transition.</summary>
    Approve,
    /// <summary>Rejects it; a reason is required.</summary>
    Reject,
}

/// <summary>How the answers decide a stage transition.</summary>
public enum ApprovalRule
{
    /// <summary>Every taking-part party approves; any rejection blocks (the default).</summary>
    Consensus,
    /// <summary>At least <c>quorum</c> taking-part parties approve; blocked once that can no longer happen.</summary>
    Quorum,
}

/// <summary>One answer; all are kept, the latest of a party in the current round counts.</summary>
public sealed class TransitionAnswer
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The stage transition's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The proposal round (1, then 2 after a revision, …).</summary>
    public int Round { get; set; }

    /// <summary>The party answered for.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Who answered: the Chief Negotiator or their delegate.</summary>
    public required string PersonId { get; set; }

    /// <summary>When a delegate answered: the Chief Negotiator they answered for.</summary>
    public string? OnBehalfOf { get; set; }

    /// <summary>When a delegate answered: the delegation (its workflow instance).</summary>
    public Guid? DelegationId { get; set; }

    /// <summary>Approve or reject.</summary>
    public TransitionAnswerKind Kind { get; set; }

    /// <summary>Reason of a rejection (or a statement with an approval).</summary>
    public string? Reason { get; set; }

    /// <summary>When received.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>A Chief Negotiator's delegation of approvals to a lead negotiator of the same party, for a period.</summary>
public sealed class ApprovalDelegation
{
    /// <summary>The delegation's workflow instance.</summary>
    public Guid Id { get; set; }

    /// <summary>Its key (<c>DEL-KAZ-01</c>).</summary>
    public required string Key { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The Chief Negotiator who delegates.</summary>
    public required string ChiefNegotiatorId { get; set; }

    /// <summary>The lead negotiator who may answer instead.</summary>
    public required string DelegateId { get; set; }

    /// <summary>From when.</summary>
    public DateTimeOffset ValidFrom { get; set; }

    /// <summary>Until when (exclusive).</summary>
    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Why (e.g. "travelling to the Zero Round").</summary>
    public string? Reason { get; set; }

    /// <summary>When granted.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When revoked or expired.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary><c>revoked</c> or <c>expired</c>.</summary>
    public string? EndReason { get; set; }

    /// <summary>True when the delegate may answer at <paramref name="at"/>.</summary>
    public bool IsActiveAt(DateTimeOffset at) => ValidFrom <= at && at < ValidUntil && (EndedAt is null || at < EndedAt);
}
