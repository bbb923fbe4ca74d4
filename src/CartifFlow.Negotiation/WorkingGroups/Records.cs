namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>A working group of one negotiating area: proposed, established once its terms of reference are adopted.</summary>
public sealed class WorkingGroup
{
    /// <summary>The working group's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>Its key (<c>WG-TF</c>).</summary>
    public required string Key { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>When proposed.</summary>
    public DateTimeOffset ProposedAt { get; set; }

    /// <summary>The written procedure adopting its terms of reference (the latest attempt).</summary>
    public string? TermsProcedureKey { get; set; }

    /// <summary>When established (terms of reference adopted).</summary>
    public DateTimeOffset? EstablishedAt { get; set; }

    /// <summary>The draft's current revision (0 before the first round).</summary>
    public int CurrentRevision { get; set; }

    /// <summary>
    /// Whether the terms of reference let observer parties comment in the group's rounds (comments only, never
    /// proposals, support or withdrawals). False by default: observers follow.
    /// </summary>
    public bool ObserversMayComment { get; set; }

    /// <summary>When the working group reported the text as stable.</summary>
    public DateTimeOffset? StableAt { get; set; }

    /// <summary>Members and observers.</summary>
    public List<WorkingGroupParticipant> Participants { get; set; } = [];
}

/// <summary>How a party takes part in a working group.</summary>
public enum WorkingGroupRole
{
    /// <summary>A negotiating party: comments, proposes, is reminded.</summary>
    Member,
    /// <summary>Another CAREC country following the work: informed only.</summary>
    Observer,
}

/// <summary>A party in a working group.</summary>
public sealed class WorkingGroupParticipant
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The working group's workflow instance.</summary>
    public Guid WorkingGroupInstanceId { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Member or observer.</summary>
    public WorkingGroupRole Role { get; set; }
}
