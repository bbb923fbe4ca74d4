namespace CartifFlow.Negotiation.CapacityBuilding;

/// <summary>The three strands of the roadmap's capacity building.</summary>
public enum CapacityBuildingKind
{
    /// <summary>Negotiator training and drafting support.</summary>
    Training,
    /// <summary>Protocol-specific thematic workshop.</summary>
    Workshop,
    /// <summary>Tailored country support (gap assessments, advice for non-WTO members, national positions).</summary>
    CountrySupport,
}

/// <summary>A capacity-building activity, recorded against parties and a negotiating area.</summary>
public sealed class CapacityBuildingActivity
{
    /// <summary>The activity's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>Its key (<c>CB-2026-01</c>).</summary>
    public required string Key { get; set; }

    /// <summary>Training, workshop or country support.</summary>
    public CapacityBuildingKind Kind { get; set; }

    /// <summary>Title.</summary>
    public required string Title { get; set; }

    /// <summary>The negotiating area, if one.</summary>
    public string? AreaCode { get; set; }

    /// <summary>When planned to start.</summary>
    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>When delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Number of participants, once delivered.</summary>
    public int? ParticipantCount { get; set; }

    /// <summary>What it achieved.</summary>
    public string? Outcome { get; set; }

    /// <summary>The parties it serves.</summary>
    public List<CapacityBuildingParty> Parties { get; set; } = [];
}

/// <summary>A party served by a capacity-building activity.</summary>
public sealed class CapacityBuildingParty
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The activity's workflow instance.</summary>
    public Guid ActivityInstanceId { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }
}
