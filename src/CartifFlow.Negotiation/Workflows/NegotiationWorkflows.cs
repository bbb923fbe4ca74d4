namespace CartifFlow.Negotiation.Workflows;

/// <summary>The ids of the negotiation's workflow definitions (<c>workflows/*.yaml</c>).</summary>
public static class NegotiationWorkflows
{
    /// <summary>The phases (<c>negotiation.yaml</c>).</summary>
    public const string Negotiation = "negotiation";

    /// <summary>Approval of a stage transition by the Chief Negotiators.</summary>
    public const string StageTransition = "stage-transition";

    /// <summary>Delegation of approvals to a lead negotiator.</summary>
    public const string Delegation = "delegation";

    /// <summary>A meeting.</summary>
    public const string Meeting = "meeting";

    /// <summary>A readiness consultation with one party.</summary>
    public const string ReadinessConsultation = "readiness-consultation";

    /// <summary>A working group.</summary>
    public const string WorkingGroup = "working-group";

    /// <summary>Admission of a party to an existing working group.</summary>
    public const string WorkingGroupAdmission = "working-group-admission";

    /// <summary>A text-based round of a working group.</summary>
    public const string TextRound = "text-round";

    /// <summary>A capacity-building activity.</summary>
    public const string CapacityBuilding = "capacity-building";

    /// <summary>Recurring consolidated progress reports.</summary>
    public const string Monitoring = "monitoring";

    /// <summary>The report to the Ministerial Conference.</summary>
    public const string MinisterialReport = "ministerial-report";

    /// <summary>An area's negotiating text (<c>draft.yaml</c>): one instance per area, keyed by the area's code.</summary>
    public const string Draft = "draft";

    /// <summary>The participants registry (<c>registry.yaml</c>): one instance, every change to people and parties a step of it.</summary>
    public const string Registry = "registry";

    /// <summary>A written procedure (the working groups' terms of reference are adopted by one).</summary>
    public const string WrittenProcedure = "written-procedure";
}
