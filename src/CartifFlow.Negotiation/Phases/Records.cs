namespace CartifFlow.Negotiation.Phases;

/// <summary>The negotiation entered a phase (the first one at its start, the others on an approved stage transition).</summary>
public sealed class PhaseChange
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiation's workflow instance.</summary>
    public Guid NegotiationInstanceId { get; set; }

    /// <summary>The phase left; null for the first.</summary>
    public string? FromPhase { get; set; }

    /// <summary>The phase entered (a state of <c>negotiation.yaml</c>).</summary>
    public required string ToPhase { get; set; }

    /// <summary>The stage transition the Chief Negotiators approved, if any.</summary>
    public string? TransitionKey { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>What a negotiation document is.</summary>
public enum DocumentKind
{
    /// <summary>The negotiation modalities, with the working groups' prioritisation.</summary>
    Modalities,
    /// <summary>The bracketed zero draft of the CARTIF text.</summary>
    ZeroDraft,
    /// <summary>Draft terms of reference of the working groups.</summary>
    TermsOfReference,
    /// <summary>Anything else the Secretariat circulates (e.g. a WTO compatibility analysis).</summary>
    Other,
}

/// <summary>A document the Secretariat circulated to the parties.</summary>
public sealed class NegotiationDocument
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiation's workflow instance.</summary>
    public Guid NegotiationInstanceId { get; set; }

    /// <summary>Modalities, zero draft, terms of reference or other.</summary>
    public DocumentKind Kind { get; set; }

    /// <summary>Title.</summary>
    public required string Title { get; set; }

    /// <summary>The document's name or link.</summary>
    public required string Reference { get; set; }

    /// <summary>Its version, if stated.</summary>
    public string? Version { get; set; }

    /// <summary>The negotiating area it concerns, if one.</summary>
    public string? AreaCode { get; set; }

    /// <summary>What it says, in short.</summary>
    public string? Summary { get; set; }

    /// <summary>Modalities: the areas in order of working-group priority, comma-separated.</summary>
    public string? Priorities { get; set; }

    /// <summary>Who circulated it.</summary>
    public required string CirculatedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset CirculatedAt { get; set; }
}

/// <summary>One step of the seeded 2026 roadmap (<c>workflows/registry/roadmap.yaml</c>), or of a roadmap loaded after it (<see cref="NextRoadmapFile"/>).</summary>
public sealed class RoadmapMilestone
{
    /// <summary>Stable code, e.g. <c>zero-round</c>; workflows link to it.</summary>
    public required string Code { get; set; }

    /// <summary>Order in the roadmap.</summary>
    public int Order { get; set; }

    /// <summary>The roadmap loaded after the first that it belongs to (e.g. <c>2027</c>); null for the seeded 2026 roadmap.</summary>
    public string? Roadmap { get; set; }

    /// <summary>The phase (a state of <c>negotiation.yaml</c>, or a <see cref="RoadmapPhase"/> of a loaded roadmap), or <c>Ongoing</c> for parallel work.</summary>
    public required string Phase { get; set; }

    /// <summary>What is to happen, in English.</summary>
    public required string Title { get; set; }

    /// <summary>In Russian.</summary>
    public required string TitleRu { get; set; }

    /// <summary>How it is done, and so how its progress is read (see <see cref="MilestoneKind"/>).</summary>
    public MilestoneKind Kind { get; set; }

    /// <summary>For a document milestone: which kind of document completes it.</summary>
    public DocumentKind? DocumentKind { get; set; }

    /// <summary>The planned day, when the roadmap gives one.</summary>
    public DateOnly? PlannedOn { get; set; }

    /// <summary>The planned period in words ("Q2–Q3 2026").</summary>
    public string? Window { get; set; }

    /// <summary>Meeting format: in-person, online or hybrid.</summary>
    public string? Format { get; set; }

    /// <summary>Where.</summary>
    public string? Place { get; set; }

    /// <summary>The place's time zone (IANA).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Held alongside (e.g. the Regional Trade Group meeting).</summary>
    public string? Alongside { get; set; }

    /// <summary>Source or caveat.</summary>
    public string? Note { get; set; }
}

/// <summary>How a roadmap milestone is carried out.</summary>
public enum MilestoneKind
{
    /// <summary>A meeting (<c>meeting.yaml</c>) linked by its milestone code.</summary>
    Meeting,
    /// <summary>A document circulated by the Secretariat.</summary>
    Document,
    /// <summary>The readiness consultations (<c>readiness-consultation.yaml</c>).</summary>
    Consultations,
    /// <summary>Working groups established (<c>working-group.yaml</c>).</summary>
    WorkingGroups,
    /// <summary>Text-based rounds (<c>text-round.yaml</c>).</summary>
    TextRounds,
    /// <summary>Capacity building (<c>capacity-building.yaml</c>).</summary>
    CapacityBuilding,
    /// <summary>Consolidated progress reports (<c>monitoring.yaml</c>).</summary>
    ProgressReports,
    /// <summary>The report to the Ministerial Conference (<c>ministerial-report.yaml</c>).</summary>
    MinisterialReport,
}
