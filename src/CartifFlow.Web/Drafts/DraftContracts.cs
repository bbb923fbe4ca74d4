using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Web.Drafts;

/// <summary>A revision's particulars.</summary>
/// <param name="Revision">Its number in the area.</param>
/// <param name="Source">Import, Edit, Consolidation or WrittenProcedure.</param>
/// <param name="SourceReference">What it came from: the file's format, a round's key, the revision an edit started from.</param>
/// <param name="Document">The document it came from.</param>
/// <param name="Note">Its note.</param>
/// <param name="MadeBy">Who made it.</param>
/// <param name="At">When.</param>
/// <param name="CirculatedAt">When it was circulated (observers read circulated revisions only); null while not.</param>
/// <param name="Structured">True when it carries the structured text (a round's prose-only revision does not).</param>
public sealed record DraftRevisionView(int Revision, RevisionSource Source, string? SourceReference, string Document, string? Note, string? MadeBy, DateTimeOffset At, DateTimeOffset? CirculatedAt, bool Structured)
{
    internal static DraftRevisionView From(DraftRevisionInfo r) => new(r.Revision, r.Source, r.SourceReference, r.Document, r.Note, r.MadeBy, r.At, r.CirculatedAt, r.Structured);
}

/// <summary>An area's draft in the list.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Access">What you may do: Circulated (read circulated revisions), All (read every revision) or Edit.</param>
/// <param name="Revision">The newest revision you may read with a structured text, if any.</param>
/// <param name="Convergence">Its convergence figures.</param>
public sealed record DraftSummary(string Area, string Name, DraftAccess Access, int? Revision, ConvergenceFigures? Convergence);

/// <summary>An area's draft.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Access">What you may do.</param>
/// <param name="State">The draft workflow's state (Drafting, Concluded), or null before its first revision.</param>
/// <param name="Current">The newest revision you may read with a structured text, if any.</param>
/// <param name="Convergence">Its convergence figures.</param>
/// <param name="Revisions">The revisions you may read, oldest first.</param>
/// <param name="YouMay">The draft workflow's triggers you may fire now.</param>
public sealed record DraftView(string Area, string Name, DraftAccess Access, string? State, int? Current, ConvergenceFigures? Convergence, IReadOnlyList<DraftRevisionView> Revisions, IReadOnlyList<string> YouMay);

/// <summary>Convergence of one revision and across revisions.</summary>
/// <param name="Revision">The revision measured (the newest you may read).</param>
/// <param name="Totals">The whole text.</param>
/// <param name="Articles">Per article.</param>
/// <param name="History">The totals of every revision you may read, oldest first.</param>
/// <param name="SoleHoldings">Options held by one party alone: every party's for the Secretariat, your own party's otherwise, none for an observer party's people.</param>
public sealed record DraftConvergenceView(int Revision, ConvergenceFigures Totals, IReadOnlyList<ArticleConvergence> Articles, IReadOnlyList<RevisionFigures> History, IReadOnlyList<SoleHolding> SoleHoldings);

/// <summary>A revision's totals.</summary>
public sealed record RevisionFigures(int Revision, ConvergenceFigures Figures);

/// <summary>Two revisions compared.</summary>
public sealed record DraftCompareView(string Area, int From, int To, DraftComparison Comparison);

/// <summary>One provision's wording replaced (Secretariat).</summary>
/// <param name="BasedOn">The revision the edit was made on: refused (409) when a newer one exists.</param>
/// <param name="Text">The paragraph's new content in the import convention (brackets, options, attribution).</param>
/// <param name="Note">What changed and why (default: the provision's label).</param>
public sealed record DraftEditRequest(int? BasedOn, string? Text, string? Note);

/// <summary>Your party's private note on a provision (empty removes it).</summary>
public sealed record PrivateNoteRequest(string? Text);

/// <summary>A private note of your party.</summary>
public sealed record PrivateNoteView(string Provision, string Text, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    internal static PrivateNoteView From(PrivateNote n) => new(n.ProvisionId, n.Text, n.UpdatedBy, n.UpdatedAt);
}

/// <summary>A written procedure launched on provisions of the draft (Secretariat).</summary>
/// <param name="BasedOn">The revision the provisions were chosen on: refused (409) when a newer one exists.</param>
/// <param name="Provisions">The provisions (paragraphs, by stable id) and their proposed final wording.</param>
/// <param name="Title">The procedure's title (default: "Proposed final wording: " and the provisions' labels).</param>
/// <param name="Mode"><c>silence</c> (default) or <c>consent</c>.</param>
/// <param name="Deadline">Local time at the seat (2026-07-01T17:00) or an instant with an offset.</param>
/// <param name="Urgent">Shorter than the minimum of working days, with <paramref name="UrgentReason"/>.</param>
/// <param name="UrgentReason">Why.</param>
public sealed record DraftProcedureRequest(int? BasedOn, IReadOnlyList<ProvisionProposalRequest?>? Provisions, string? Title, string? Mode, string? Deadline, bool? Urgent = null, string? UrgentReason = null);

/// <summary>One provision put under written procedure and its proposed final wording.</summary>
/// <param name="Provision">The paragraph's stable id.</param>
/// <param name="Choices">Bracket id → the option chosen (0-based); a bracket not named settles on the option most parties hold.</param>
/// <param name="Wording">Or the final wording in the import convention, without brackets.</param>
public sealed record ProvisionProposalRequest(string? Provision, Dictionary<string, int>? Choices, string? Wording);

/// <summary>A provision referred to the working group by a written procedure that was not adopted.</summary>
/// <param name="Id">The referral's id (what a round marks carried).</param>
/// <param name="Provision">The paragraph's stable id.</param>
/// <param name="Label">Its label when referred.</param>
/// <param name="Procedure">The procedure's key.</param>
/// <param name="Party">The objecting party; null when the procedure closed without consent and without objection.</param>
/// <param name="Reason">The objection's reason.</param>
/// <param name="ProposedWording">The wording it proposed: a proposal for the next round.</param>
/// <param name="ReferredAt">When.</param>
/// <param name="Carried">True once a round has taken it up.</param>
/// <param name="CarriedInto">The round that did.</param>
public sealed record ProvisionReferralView(long Id, string Provision, string Label, string Procedure, string? Party, string Reason, string? ProposedWording, DateTimeOffset ReferredAt, bool Carried, string? CarriedInto)
{
    internal static ProvisionReferralView From(ProvisionReferral r) => new(r.Id, r.ProvisionId, r.Label, r.ProcedureKey, r.PartyCode, r.Reason, r.ProposedWording, r.ReferredAt, r.Carried, r.CarriedInto);
}
