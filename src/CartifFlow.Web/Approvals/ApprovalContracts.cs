using CartifFlow.Web.Workflows;

namespace CartifFlow.Web.Approvals;

/// <summary>The Secretariat proposes the negotiation's next phase.</summary>
/// <param name="Justification">Why the negotiation is ready for it.</param>
/// <param name="Deadline">Answers due by: local time at the seat (<c>2026-05-20T17:00</c>) or an instant with an offset.</param>
/// <param name="Key">The transition's key; generated (<c>TR-2026-01</c>) when absent.</param>
/// <param name="Urgent">True to allow a deadline that leaves a party fewer working days than the minimum; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why it cannot give the usual time; the circulation states it.</param>
public sealed record ProposeTransitionRequest(string? Justification, string? Deadline, string? Key, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A Chief Negotiator's (or delegate's) approval or rejection.</summary>
/// <param name="Reason">Required with a rejection; a statement with an approval.</param>
/// <param name="Party">The party answered for; must be the caller's own (defaults to it).</param>
/// <param name="Round">The round of the proposal answered (as read); a proposal revised since is refused, 409 <c>proposal-revised</c>.</param>
public sealed record AnswerRequest(string? Reason, string? Party, int? Round = null);

/// <summary>After a rejection, the Secretariat proposes again.</summary>
/// <param name="Justification">The revised justification.</param>
/// <param name="Deadline">The new deadline.</param>
/// <param name="Urgent">True to allow a deadline that leaves a party fewer working days than the minimum; needs <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why it cannot give the usual time; the circulation states it.</param>
public sealed record ReviseTransitionRequest(string? Justification, string? Deadline, bool? Urgent = null, string? UrgentReason = null);

/// <summary>A transition in a list.</summary>
public sealed record TransitionSummary(string Key, string From, string To, string State, bool Closed, string Rule, int Round, DeadlineView Deadline);

/// <summary>A taking-part party's answer in the current round.</summary>
public sealed record PartyAnswerView(string Party, string Name, string? Answer, string? By, string? OnBehalfOf, string? Reason, DateTimeOffset? At);

/// <summary>Every answer received, all rounds.</summary>
public sealed record AnswerView(int Round, string Party, string Answer, string By, string? OnBehalfOf, string? Reason, DateTimeOffset At);

/// <summary>A stage transition in full.</summary>
public sealed record TransitionView(
    string Key,
    Guid InstanceId,
    string From,
    string FromName,
    string To,
    string ToName,
    string Justification,
    string State,
    bool Closed,
    DeadlineView Deadline,
    string Rule,
    int? Quorum,
    int Required,
    int Round,
    int? Approvals,
    int? Rejections,
    IReadOnlyList<PartyAnswerView> Parties,
    IReadOnlyList<AnswerView> Answers,
    int Version,
    IReadOnlyList<string> YouMay,
    int Answered = 0,
    DeadlineCalendarView? Calendar = null) : IVersionedView;

/// <summary>A Chief Negotiator delegates approvals to a lead negotiator of their party.</summary>
/// <param name="Delegate">The lead negotiator's person id.</param>
/// <param name="From">Start of the period (now when absent): local time at the seat or an instant with an offset.</param>
/// <param name="Until">End of the period.</param>
/// <param name="Reason">Why (e.g. travel).</param>
public sealed record DelegateRequest(string? Delegate, string? From, string? Until, string? Reason);

/// <summary>A delegation.</summary>
public sealed record DelegationView(string Key, string Party, string ChiefNegotiator, string Delegate, DateTimeOffset From, DateTimeOffset Until, string? Reason, string State, bool ActiveNow, DateTimeOffset? EndedAt, string? EndReason, int Version, IReadOnlyList<string> YouMay);
