namespace CartifFlow.Negotiation.Monitoring;

/// <summary>Who reports to whom.</summary>
public enum ProgressReportKind
{
    /// <summary>A working group's report to the Chief Negotiators.</summary>
    WorkingGroup,
    /// <summary>The Secretariat's consolidated progress report.</summary>
    Consolidated,
    /// <summary>The report to the CAREC Ministerial Conference, and its decision on the mandate.</summary>
    Ministerial,
}

/// <summary>A progress report, kept as written.</summary>
public sealed class ProgressReport
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Working group, consolidated or ministerial.</summary>
    public ProgressReportKind Kind { get; set; }

    /// <summary>The workflow instance that issued it (working group, monitoring, ministerial report).</summary>
    public Guid SourceInstanceId { get; set; }

    /// <summary>The negotiating area of a working group's report.</summary>
    public string? AreaCode { get; set; }

    /// <summary>Title.</summary>
    public required string Title { get; set; }

    /// <summary>The Secretariat's (or working group's) summary.</summary>
    public required string Summary { get; set; }

    /// <summary>Outstanding issues.</summary>
    public string? OutstandingIssues { get; set; }

    /// <summary>The whole report as Markdown (the summary plus the state of the negotiation when issued).</summary>
    public required string Markdown { get; set; }

    /// <summary>Who issued it.</summary>
    public required string IssuedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Ministerial report: whether the Conference confirmed the mandate for the next phase.</summary>
    public bool? MandateConfirmed { get; set; }

    /// <summary>Ministerial report: the Conference's guidance.</summary>
    public string? Guidance { get; set; }

    /// <summary>Ministerial report: when the decision was recorded.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
}
