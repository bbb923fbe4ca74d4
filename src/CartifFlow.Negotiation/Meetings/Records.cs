namespace CartifFlow.Negotiation.Meetings;

/// <summary>A session of a meeting: the Zero Round has a plenary on the Framework Agreement and a technical session per initial protocol.</summary>
public sealed class MeetingSession
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The meeting's workflow instance.</summary>
    public Guid MeetingInstanceId { get; set; }

    /// <summary>Order on the agenda.</summary>
    public int Order { get; set; }

    /// <summary><c>plenary</c> or <c>technical</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The negotiating area the session addresses.</summary>
    public required string AreaCode { get; set; }

    /// <summary>Title on the agenda.</summary>
    public required string Title { get; set; }
}

/// <summary>The recorded outcome of a meeting.</summary>
public sealed class MeetingOutcome
{
    /// <summary>The meeting's workflow instance.</summary>
    public Guid MeetingInstanceId { get; set; }

    /// <summary>Summary of the discussion and key takeaways.</summary>
    public required string Summary { get; set; }

    /// <summary>Decisions and agreed next steps.</summary>
    public string? Decisions { get; set; }

    /// <summary>Parties present, comma-separated.</summary>
    public string? Attendance { get; set; }

    /// <summary>Zero Round: the working groups agreed (area codes, comma-separated).</summary>
    public string? AgreedWorkingGroups { get; set; }

    /// <summary>Zero Round: the modalities agreed.</summary>
    public string? Modalities { get; set; }

    /// <summary>Zero Round: the timeline and work plan agreed.</summary>
    public string? Timeline { get; set; }

    /// <summary>Zero Round: the documentation practice agreed.</summary>
    public string? DocumentationPractice { get; set; }

    /// <summary>Who recorded it.</summary>
    public required string RecordedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Zero Round: where the parties stand on one negotiating area (non-binding).</summary>
public sealed class AreaAssessment
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The meeting's workflow instance.</summary>
    public Guid MeetingInstanceId { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>Preliminary areas of convergence.</summary>
    public required string Convergence { get; set; }

    /// <summary>Preliminary areas of divergence.</summary>
    public required string Divergence { get; set; }

    /// <summary>Options for flexibility.</summary>
    public required string Flexibility { get; set; }
}
