using CartifFlow.Web.Workflows;

namespace CartifFlow.Web.WrittenProcedures;

/// <summary>Launch a written procedure.</summary>
/// <param name="Area">Negotiating area code (FA, TF, …).</param>
/// <param name="Title">What the procedure settles.</param>
/// <param name="Text">The text under procedure (or give <paramref name="Document"/>).</param>
/// <param name="Document">Name or link of the attached document.</param>
/// <param name="DocumentVersion">Its version.</param>
/// <param name="Mode"><c>silence</c> (default) or <c>consent</c>.</param>
/// <param name="Deadline">Local time at the seat (<c>2026-07-01T17:00</c>) or an instant with an offset.</param>
/// <param name="Reminders">ISO-8601 durations before the deadline (default P5D, P2D, P1D).</param>
/// <param name="Grace">After an escalation, how long before the Secretariat lead is told (default P3D).</param>
/// <param name="Key">Procedure key; generated (WP-2026-001) when absent.</param>
/// <param name="Urgent">True to allow a deadline that leaves a party fewer working days than the minimum (default 10); needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why the procedure cannot give the usual time; the circulation states it.</param>
public sealed record LaunchProcedureRequest(string? Area, string? Title, string? Text, string? Document, string? DocumentVersion, string? Mode, string? Deadline, IReadOnlyList<string>? Reminders, string? Grace, string? Key, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A party's response.</summary>
/// <param name="Kind"><c>agree</c>, <c>agree-with-comments</c> or <c>object</c>.</param>
/// <param name="Comments">Comments or statement (required with agree-with-comments).</param>
/// <param name="Reason">Reason of an objection (required with object).</param>
/// <param name="ProposedWording">Proposed wording with an objection.</param>
/// <param name="Party">The party answered for; must be the caller's own (defaults to it).</param>
/// <param name="Wordings">With an objection to a procedure on provisions: the wording proposed for each provision (its stable id → wording); a provision without one takes <paramref name="ProposedWording"/>.</param>
public sealed record RespondRequest(string? Kind, string? Comments, string? Reason, string? ProposedWording, string? Party, IReadOnlyDictionary<string, string?>? Wordings = null);

/// <summary>Extend a procedure's deadline.</summary>
/// <param name="Deadline">New deadline: local time at the seat or an instant with an offset.</param>
/// <param name="Reason">Why.</param>
/// <param name="Urgent">True to allow a deadline that leaves a party fewer working days than the minimum; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why it cannot give the usual time; the circulation states it.</param>
public sealed record ExtendRequest(string? Deadline, string? Reason, bool? Urgent = null, string? UrgentReason = null);

/// <summary>Withdraw a procedure.</summary>
/// <param name="Reason">Why.</param>
public sealed record WithdrawRequest(string? Reason);

/// <summary>Closing an escalated procedure as not adopted: the reason is required.</summary>
public sealed record CloseRequest(string? Reason);

/// <summary>A procedure in a list.</summary>
public sealed record ProcedureSummary(string Key, string Title, string Area, string Mode, string State, bool Closed, DeadlineView Deadline);

/// <summary>A response as the API shows it; <see cref="Wordings"/>: an objection's wording per provision (stable id → wording), if it gave any.</summary>
public sealed record ResponseView(string Party, string Kind, string By, DateTimeOffset At, string? Comments, string? Reason, string? ProposedWording, IReadOnlyDictionary<string, string>? Wordings = null);

/// <summary>A procedure in full.</summary>
public sealed record ProcedureView(
    string Key,
    Guid InstanceId,
    string Title,
    string Area,
    string Mode,
    string State,
    bool Closed,
    DeadlineView Deadline,
    string? Text,
    string? Document,
    string? DocumentVersion,
    int Version,
    IReadOnlyList<ResponseView> Responses,
    IReadOnlyList<string> YouMay,
    int Answered = 0,
    DeadlineCalendarView? Calendar = null,
    IReadOnlyList<ProcedureProvisionView>? Provisions = null,
    int? Revision = null);

/// <summary>A provision of the draft under a procedure launched from it.</summary>
/// <param name="Provision">The paragraph's stable id.</param>
/// <param name="Label">"Article 5, paragraph 2".</param>
/// <param name="BasedOn">The revision it was chosen on.</param>
/// <param name="Wording">The wording proposed as final.</param>
/// <param name="State">Running, Adopted, Referred or Withdrawn.</param>
/// <param name="Revision">The revision the adoption produced, if it did.</param>
public sealed record ProcedureProvisionView(string Provision, string Label, int BasedOn, string Wording, string State, int? Revision);

/// <summary>One taking-part party's standing in a procedure.</summary>
public sealed record PartyResponseStatus(string Party, string Name, bool Responded, string? Kind, DateTimeOffset? At, string? By);

/// <summary>Who has replied and who has not.</summary>
public sealed record ProcedureStatus(string Key, string State, DeadlineView Deadline, int TakingPart, int Replied, IReadOnlyList<string> NotReplied, IReadOnlyList<PartyResponseStatus> Parties);
