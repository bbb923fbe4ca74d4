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

/// <summary>A delegation's answer to a meeting's invitation (the latest of a party counts).</summary>
public sealed class MeetingAttendance
{
    /// <summary>Attending.</summary>
    public const string Attending = "attending";

    /// <summary>Not attending.</summary>
    public const string NotAttending = "not-attending";

    /// <summary>Sending someone else in the invitee's place.</summary>
    public const string Substitute = "substitute";

    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The meeting's workflow instance.</summary>
    public Guid MeetingInstanceId { get; set; }

    /// <summary>The party answered for.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Who answered.</summary>
    public required string PersonId { get; set; }

    /// <summary><see cref="Attending"/>, <see cref="NotAttending"/> or <see cref="Substitute"/>.</summary>
    public required string Answer { get; set; }

    /// <summary>Who goes instead (with <see cref="Substitute"/>).</summary>
    public string? SubstituteName { get; set; }

    /// <summary>For a meeting in person (or hybrid): the members of the delegation, one a line.</summary>
    public string? Members { get; set; }

    /// <summary>When answered.</summary>
    public DateTimeOffset At { get; set; }
}
