namespace CartifFlow.Negotiation.Rounds;

/// <summary>What a party sends in a text-based round.</summary>
public enum CommentKind
{
    /// <summary>Written comments on the revision.</summary>
    Comments,
    /// <summary>A drafting proposal (new or bracketed language).</summary>
    Proposal,
    /// <summary>The party has no comments on this revision.</summary>
    NoComments,
    /// <summary>The party joins the supporters of an existing option.</summary>
    Support,
    /// <summary>The party withdraws its own option (as proposer or supporter).</summary>
    Withdrawal,
}

/// <summary>What a proposal on a structured revision does to the text.</summary>
public enum ProposalKind
{
    /// <summary>A new option for an existing bracket.</summary>
    NewOption,
    /// <summary>A replacement of the provision's wording.</summary>
    Replacement,
    /// <summary>A new paragraph inserted after the provision.</summary>
    Insertion,
    /// <summary>The provision deleted.</summary>
    Deletion,
}

/// <summary>
/// A party's written comment or proposal on a revision of the draft. On a structured revision a contribution
/// targets a provision by stable id (or a range, or the whole revision) and is kept in versions: a party changes a
/// contribution until the deadline by sending a new version with the same <see cref="Number"/>; the latest counts.
/// </summary>
public sealed class RoundComment
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The round's workflow instance.</summary>
    public Guid RoundInstanceId { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Who sent it (<c>system</c> for a proposal carried over from elsewhere).</summary>
    public required string PersonId { get; set; }

    /// <summary>Comments, proposal, support, withdrawal or no comments.</summary>
    public CommentKind Kind { get; set; }

    /// <summary>The provision concerned: its label ("Article 5, paragraph 2"), or free text on a prose revision.</summary>
    public string? Provision { get; set; }

    /// <summary>The comment, the proposed wording (in the import convention), or the reason for a support or withdrawal.</summary>
    public string? Text { get; set; }

    /// <summary>When received.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The contribution's number in the round (1, 2, …), shared by its versions; 0 on a prose revision.</summary>
    public int Number { get; set; }

    /// <summary>The version (1, 2, …) of contribution <see cref="Number"/>; the highest counts.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The provision's stable id (an article or a paragraph), or null for the whole revision ("general").</summary>
    public string? Target { get; set; }

    /// <summary>For a range: the last provision's stable id.</summary>
    public string? TargetEnd { get; set; }

    /// <summary>What a proposal does (null for other kinds).</summary>
    public ProposalKind? Proposal { get; set; }

    /// <summary>The bracket a new option, a support or a withdrawal concerns.</summary>
    public string? BracketId { get; set; }

    /// <summary>The option (0-based, in revision <see cref="BasedOnRevision"/>) a support or withdrawal concerns.</summary>
    public int? OptionIndex { get; set; }

    /// <summary>The revision the contribution was written against.</summary>
    public int? BasedOnRevision { get; set; }

    /// <summary>Where a proposal made on the party's behalf comes from (e.g. "objection in written procedure WP-TF-3"); null for the party's own.</summary>
    public string? Source { get; set; }
}

/// <summary>The Secretariat's decision on a contribution, or its own drafting, in a round's consolidation.</summary>
public enum DecisionKind
{
    /// <summary>The wording goes into revision N+1 as proposed, attributed to the party.</summary>
    Accepted,
    /// <summary>Merged with another party's proposal into one option, both attributed.</summary>
    Merged,
    /// <summary>The wording is bracketed as an alternative to the current text.</summary>
    Bracketed,
    /// <summary>Not reflected in revision N+1 (a reason is required).</summary>
    NotReflected,
    /// <summary>A comment noted.</summary>
    Noted,
    /// <summary>A comment addressed in revision N+1.</summary>
    Addressed,
    /// <summary>The Secretariat's own drafting of a paragraph (not a party's proposal).</summary>
    SecretariatDrafting,
    /// <summary>
    /// A bracket settled by the Secretariat on one of its options (<see cref="ConsolidationDecision.Target"/> the
    /// bracket, <see cref="ConsolidationDecision.OptionIndex"/> the option), the holders of every other option having
    /// joined it or withdrawn; attributed to the option's parties in the provenance table.
    /// </summary>
    Settled,
}

/// <summary>
/// A consolidation decision: on contribution <see cref="Number"/> of the round, or (<see cref="DecisionKind.SecretariatDrafting"/>)
/// the Secretariat's own wording of paragraph <see cref="Target"/>. Every decision is kept; the latest per contribution
/// (or per paragraph for drafting) counts.
/// </summary>
public sealed class ConsolidationDecision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The round's workflow instance.</summary>
    public Guid RoundInstanceId { get; set; }

    /// <summary>The contribution decided on; null for the Secretariat's drafting.</summary>
    public int? Number { get; set; }

    /// <summary>The decision.</summary>
    public DecisionKind Decision { get; set; }

    /// <summary>For <see cref="DecisionKind.Merged"/>: the other proposal's number.</summary>
    public int? MergedWith { get; set; }

    /// <summary>The paragraph of the Secretariat's drafting, or the bracket settled.</summary>
    public string? Target { get; set; }

    /// <summary>For <see cref="DecisionKind.Settled"/>: the option (0-based, in the round's revision) the bracket is settled on; null takes the settlement back.</summary>
    public int? OptionIndex { get; set; }

    /// <summary>Wording: the merged option's (optional; the first proposal's by default), or the Secretariat's drafting.</summary>
    public string? Wording { get; set; }

    /// <summary>The Secretariat's reasoning (required when not reflected, and for its own drafting).</summary>
    public string? Reason { get; set; }

    /// <summary>Who decided.</summary>
    public required string DecidedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A proposal carried over into the area's next round on a party's behalf (for example the wording of an objection
/// in a written procedure, referred to the working group). The round takes every one not yet taken when it opens.
/// </summary>
public sealed class CarriedProposal
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The party on whose behalf it is proposed.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The provision's stable id (a paragraph; or the bracket's paragraph for a new option).</summary>
    public required string Target { get; set; }

    /// <summary>What the proposal does.</summary>
    public ProposalKind Proposal { get; set; }

    /// <summary>The bracket, for a new option.</summary>
    public string? BracketId { get; set; }

    /// <summary>The wording in the import convention (none for a deletion).</summary>
    public string? Wording { get; set; }

    /// <summary>Where it comes from ("objection in written procedure WP-TF-3"), shown with the proposal.</summary>
    public required string Source { get; set; }

    /// <summary>When it was carried over.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The round that took it; null until one does.</summary>
    public Guid? TakenByRoundInstanceId { get; set; }
}

/// <summary>
/// The intake of the area's next round: a step elsewhere (e.g. a written procedure's objection referred to the working
/// group) carries a proposal over on a party's behalf; the next round on a structured revision takes it at its start.
/// </summary>
public static class CarriedProposals
{
    /// <summary>
    /// Adds a carried-over proposal to the step's unit of work (saved with the step, or not at all). For a new option
    /// name the bracket; for a replacement, insertion or deletion the paragraph (<paramref name="target"/>).
    /// </summary>
    public static CarriedProposal Carry(
        Microsoft.EntityFrameworkCore.DbContext db, string area, string party, string target, ProposalKind proposal,
        string? bracketId, string? wording, string source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        var carried = new CarriedProposal
        {
            AreaCode = area,
            PartyCode = party,
            Target = target,
            Proposal = proposal,
            BracketId = bracketId,
            Wording = wording,
            Source = source,
            At = at,
        };
        db.Set<CarriedProposal>().Add(carried);
        return carried;
    }
}
