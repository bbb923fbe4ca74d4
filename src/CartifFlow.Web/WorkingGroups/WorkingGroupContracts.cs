using CartifFlow.Web.Workflows;

namespace CartifFlow.Web.WorkingGroups;

/// <summary>The Secretariat proposes a working group for an area the Zero Round agreed.</summary>
/// <param name="Area">The negotiating area.</param>
/// <param name="Members">Member parties (every negotiating party when absent).</param>
/// <param name="Observers">Observer parties (other CAREC countries).</param>
/// <param name="TermsTitle">Title of the terms of reference.</param>
/// <param name="TermsText">Their text (or give <paramref name="TermsDocument"/>).</param>
/// <param name="TermsDocument">Their document's name or link.</param>
/// <param name="TermsDeadline">Deadline of the written procedure adopting them: local time at the seat or an instant.</param>
/// <param name="TermsMode">silence (default) or consent.</param>
/// <param name="ObserversMayComment">Whether the terms of reference let observer parties comment in the rounds (comments only; false by default).</param>
public sealed record ProposeWorkingGroupRequest(string? Area, IReadOnlyList<string>? Members, IReadOnlyList<string>? Observers, string? TermsTitle, string? TermsText, string? TermsDocument, string? TermsDeadline, string? TermsMode, bool? ObserversMayComment = null);

/// <summary>The Secretariat admits a party to an existing working group.</summary>
/// <param name="Party">The party (e.g. AZE once it negotiates).</param>
/// <param name="Role">member (default: a negotiating party; an observer of the group may become one) or observer.</param>
/// <param name="Reason">Why, e.g. the party signed the Bishkek Declaration.</param>
public sealed record AdmitPartyRequest(string? Party, string? Role, string? Reason);

/// <summary>Revised terms of reference to a new written procedure.</summary>
public sealed record RelaunchTermsRequest(string? TermsTitle, string? TermsText, string? TermsDocument, string? TermsDeadline);

/// <summary>Open the next text-based round.</summary>
/// <param name="Deadline">Deadline for written comments: local time at the seat or an instant.</param>
/// <param name="Document">First round only: the revision 1 document (the area's part of the bracketed zero draft).</param>
/// <param name="Text">First round only: its text.</param>
/// <param name="Summary">First round only: what revision 1 is.</param>
/// <param name="Urgent">True to allow a deadline that leaves a party fewer working days than the minimum; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why it cannot give the usual time; the circulation states it.</param>
public sealed record OpenRoundRequest(string? Deadline, string? Document, string? Text, string? Summary, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A working group's report to the Chief Negotiators.</summary>
public sealed record WorkingGroupReportRequest(string? Summary, string? OutstandingIssues);

/// <summary>The working group reports its text as stable.</summary>
public sealed record DeclareStableRequest(string? Summary);

/// <summary>A party's written contribution to a round.</summary>
/// <param name="Kind">comments, proposal or no-comments; on a structured revision also support or withdrawal.</param>
/// <param name="Text">The comments, or the proposed wording (the import convention; "delete" for a deletion option).</param>
/// <param name="Provision">On a prose revision: the provision concerned (e.g. Article 5.2).</param>
/// <param name="Party">The party; must be the caller's own (defaults to it).</param>
/// <param name="Target">On a structured revision: the provision's stable id, or "general" (the default).</param>
/// <param name="TargetEnd">For a comment on a range: the last provision's stable id.</param>
/// <param name="Proposal">new-option, replacement, insertion or deletion.</param>
/// <param name="Bracket">The bracket's stable id (a new option, a support, a withdrawal).</param>
/// <param name="Option">The option (1-based) supported or withdrawn.</param>
/// <param name="BasedOn">The revision the contribution was written on; refused (409) when it is not the round's.</param>
/// <param name="Replaces">The number of the party's contribution this is a new version of.</param>
public sealed record CommentRequest(string? Kind, string? Text, string? Provision, string? Party, string? Target = null, string? TargetEnd = null, string? Proposal = null, string? Bracket = null, int? Option = null, int? BasedOn = null, int? Replaces = null);

/// <summary>The Secretariat's decision on a contribution, or its settlement of a bracket on an option.</summary>
/// <param name="Number">The contribution's number.</param>
/// <param name="Decision">accepted, merged, bracketed, not-reflected (proposals); noted, addressed (comments); settled (a bracket).</param>
/// <param name="MergedWith">For merged: the other party's proposal's number.</param>
/// <param name="Wording">For merged: the merged option's wording (the first proposal's by default).</param>
/// <param name="Reason">The reasoning; required for not-reflected.</param>
/// <param name="Bracket">For settled: the bracket of the round's revision.</param>
/// <param name="Option">For settled: the option (1-based) it is settled on; absent, the settlement is taken back.</param>
public sealed record DecisionRequest(int? Number, string? Decision, int? MergedWith, string? Wording, string? Reason, string? Bracket = null, int? Option = null);

/// <summary>The Secretariat's own drafting of a paragraph for revision N+1.</summary>
/// <param name="Provision">The paragraph's stable id.</param>
/// <param name="Text">Its wording in the import convention; empty takes the drafting back.</param>
/// <param name="Reason">The Secretariat's reasoning (required with a wording).</param>
public sealed record DraftingRequest(string? Provision, string? Text, string? Reason);

/// <summary>The Secretariat's consolidated revision N+1.</summary>
public sealed record ConsolidateRequest(string? Document, string? Text, string? Summary);

/// <summary>Extend a round's deadline for comments, while it takes them.</summary>
/// <param name="Deadline">New deadline: local time at the seat or an instant with an offset; later than the current one and in the future.</param>
/// <param name="Reason">Why (optional; at most 2,000 characters); the notice to the members states it.</param>
/// <param name="Urgent">True to allow a deadline that leaves a member party fewer working days than the minimum; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why it cannot give the usual time; the notice states it.</param>
public sealed record ExtendRoundRequest(string? Deadline, string? Reason, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A revision of the draft.</summary>
public sealed record RevisionView(int Revision, string Document, string? Summary, DateTimeOffset At);

/// <summary>A round in a list.</summary>
public sealed record RoundSummary(string Key, int Revision, string State, DeadlineView Deadline);

/// <summary>A working group in a list.</summary>
public sealed record WorkingGroupSummary(string Key, string Area, string State, int Revision, DateTimeOffset? EstablishedAt, DateTimeOffset? StableAt);

/// <summary>A working group in full.</summary>
public sealed record WorkingGroupView(
    string Key, Guid InstanceId, string Area, string AreaName, string State, bool Closed, IReadOnlyList<string> Members, IReadOnlyList<string> Observers,
    string? TermsProcedure, DateTimeOffset? EstablishedAt, DateTimeOffset? StableAt, int Revision, IReadOnlyList<RevisionView> Revisions,
    IReadOnlyList<RoundSummary> Rounds, int Version, IReadOnlyList<string> YouMay) : IVersionedView;

/// <summary>A contribution to a round (on a structured revision: its number, version, target and what it does).</summary>
public sealed record CommentView(
    string Party, string Kind, string? Provision, string? Text, string By, DateTimeOffset At,
    int? Number = null, int? Version = null, string? Target = null, string? TargetEnd = null, string? Bracket = null, int? Option = null, int? BasedOn = null, string? Source = null, string? Decision = null);

/// <summary>A round's record on a structured revision (Secretariat).</summary>
/// <param name="Matrix">Provisions in rows, parties in columns: what each party sent.</param>
/// <param name="Undecided">The proposals without a decision, as the refusal names them.</param>
/// <param name="Decisions">Every decision and drafting, in order.</param>
/// <param name="Consolidated">Revision N+1, once consolidated.</param>
/// <param name="Provenance">Its provenance table.</param>
/// <param name="Unexplained">What was added or dropped without a party's proposal or the Secretariat's drafting (empty when nothing).</param>
public sealed record RoundRecordView(
    IReadOnlyList<CartifFlow.Negotiation.Rounds.RoundMatrixRow> Matrix, IReadOnlyList<string> Undecided, IReadOnlyList<DecisionView> Decisions,
    int? Consolidated, CartifFlow.Negotiation.Rounds.ProvenanceTable? Provenance, IReadOnlyList<string> Unexplained);

/// <summary>A decision or drafting recorded in a consolidation.</summary>
public sealed record DecisionView(int? Number, string Decision, int? MergedWith, string? Target, string? Wording, string? Reason, string By, DateTimeOffset At, int? Option = null);

/// <summary>
/// A text-based round as the reader may see it (<see cref="CartifFlow.Negotiation.Rounds.RoundVisibility"/>):
/// <see cref="Comments"/> and <see cref="NotYetHeardFrom"/> hold what the reader sees (every party's for the
/// Secretariat, and for the member parties once the deadline has passed; the reader's own party's while the round is
/// open; none for an observer, but its own comments where its terms of reference let it comment).
/// <see cref="Contributed"/> is the number of parties that have contributed, whoever reads; <see cref="Sees"/> what the
/// reader sees of the parties' contributions: <c>all</c>, <c>own-party</c> or <c>none</c>.
/// </summary>
public sealed record RoundView(
    string Key, Guid InstanceId, string Area, string WorkingGroup, int Revision, string? Document, string State, bool Closed, DeadlineView Deadline,
    IReadOnlyList<CommentView> Comments, IReadOnlyList<string> NotYetHeardFrom, int? ConsolidatedRevision, int Version, IReadOnlyList<string> YouMay,
    int Contributed, string Sees, DeadlineCalendarView? Calendar = null) : IVersionedView;
