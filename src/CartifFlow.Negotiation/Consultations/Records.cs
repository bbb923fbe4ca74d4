namespace CartifFlow.Negotiation.Consultations;

/// <summary>The findings of a party's readiness consultation (interview based, voluntary).</summary>
public sealed class ReadinessFindings
{
    /// <summary>The consultation's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The party consulted.</summary>
    public required string PartyCode { get; set; }

    /// <summary>When the interview took place.</summary>
    public DateTimeOffset? InterviewAt { get; set; }

    /// <summary>National priorities.</summary>
    public required string Priorities { get; set; }

    /// <summary>Sensitivities.</summary>
    public required string Sensitivities { get; set; }

    /// <summary>Sequencing preferences.</summary>
    public required string SequencingPreferences { get; set; }

    /// <summary>High-level mapping of obligations under other international or regional agreements.</summary>
    public required string OtherAgreementObligations { get; set; }

    /// <summary>Technical assistance the findings call for (guides capacity building).</summary>
    public string? AssistanceNeeds { get; set; }

    /// <summary>Who recorded them.</summary>
    public required string RecordedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}
