namespace CartifFlow.Negotiation.Participants;

/// <summary>The roles people hold in the negotiation, as workflow definitions name them.</summary>
public static class NegotiationRoles
{
    /// <summary>CAREC Secretariat / ADB staff: launch procedures, propose transitions.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Secretariat lead: receives escalations after grace periods.</summary>
    public const string SecretariatLead = "secretariat-lead";

    /// <summary>National Focal Point: one per party, answers for the party.</summary>
    public const string FocalPoint = "focal-point";

    /// <summary>Chief Negotiator of a party: approves stage transitions.</summary>
    public const string ChiefNegotiator = "chief-negotiator";

    /// <summary>Lead negotiator of a party for a negotiating area.</summary>
    public const string LeadNegotiator = "lead-negotiator";

    /// <summary>Technical expert of a party for a negotiating area.</summary>
    public const string TechnicalExpert = "technical-expert";

    /// <summary>Observer (e.g. a signatory-pending country, a partner institution): informed, does not decide.</summary>
    public const string Observer = "observer";

    /// <summary>Every role.</summary>
    public static readonly IReadOnlyList<string> All = [Secretariat, SecretariatLead, FocalPoint, ChiefNegotiator, LeadNegotiator, TechnicalExpert, Observer];
}
