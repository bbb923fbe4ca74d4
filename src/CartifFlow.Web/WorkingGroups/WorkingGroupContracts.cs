using CartifFlow.Web.WrittenProcedures;

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
public sealed record ProposeWorkingGroupRequest(string? Area, IReadOnlyList<string>? Members, IReadOnlyList<string>? Observers, string? TermsTitle, string? TermsText, string? TermsDocument, string? TermsDeadline, string? TermsMode);

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
public sealed record OpenRoundRequest(string? Deadline, string? Document, string? Text, string? Summary);

/// <summary>A working group's report to the Chief Negotiators.</summary>
public sealed record WorkingGroupReportRequest(string? Summary, string? OutstandingIssues);

/// <summary>The working group reports its text as stable.</summary>
public sealed record DeclareStableRequest(string? Summary);

/// <summary>A party's written contribution to a round.</summary>
/// <param name="Kind">comments, proposal or no-comments.</param>
/// <param name="Text">The comments or the proposed wording.</param>
/// <param name="Provision">The provision concerned (e.g. Article 5.2).</param>
/// <param name="Party">The party; must be the caller's own (defaults to it).</param>
public sealed record CommentRequest(string? Kind, string? Text, string? Provision, string? Party);

/// <summary>The Secretariat's consolidated revision N+1.</summary>
public sealed record ConsolidateRequest(string? Document, string? Text, string? Summary);

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
    IReadOnlyList<RoundSummary> Rounds, int Version, IReadOnlyList<string> YouMay);

/// <summary>A contribution to a round.</summary>
public sealed record CommentView(string Party, string Kind, string? Provision, string? Text, string By, DateTimeOffset At);

/// <summary>A text-based round in full.</summary>
public sealed record RoundView(
    string Key, Guid InstanceId, string Area, string WorkingGroup, int Revision, string? Document, string State, bool Closed, DeadlineView Deadline,
    IReadOnlyList<CommentView> Comments, IReadOnlyList<string> NotYetHeardFrom, int? ConsolidatedRevision, int Version, IReadOnlyList<string> YouMay);
