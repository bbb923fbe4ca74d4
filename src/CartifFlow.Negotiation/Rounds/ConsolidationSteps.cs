using System.Globalization;
using System.Text.Json;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>The consolidation of a round on a structured revision: decisions, the Secretariat's drafting, revision N+1.</summary>
internal static class ConsolidationSteps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The provenance table as stored with the revision.</summary>
    public static string Serialize(ProvenanceTable table) => JsonSerializer.Serialize(table, Json);

    /// <summary>A stored provenance table.</summary>
    public static ProvenanceTable Deserialize(string json) => JsonSerializer.Deserialize<ProvenanceTable>(json, Json) ?? throw new JsonException("The provenance table is null.");

    /// <summary>The provenance of the revision the round's consolidation made, or null (a prose round, or not consolidated yet).</summary>
    public static async Task<ProvenanceTable?> ProvenanceAsync(IStepContext context, TextRound round)
    {
        var id = context.Instance.Id;
        var row = context.Db.Set<DraftRevision>().Local.FirstOrDefault(r => r.FromRoundInstanceId == id)
            ?? await context.Db.Set<DraftRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.FromRoundInstanceId == id, context.CancellationToken).ConfigureAwait(false);
        return row?.Provenance is null ? null : Deserialize(row.Provenance);
    }

    /// <summary>
    /// Revision N+1 from revision N and the decisions: refused while a proposal has no decision (the refusal names
    /// them) or a merge has no partner; stored with its provenance table and circulated.
    /// </summary>
    public static async Task ConsolidateAsync(IStepContext context, TextRound round, DraftText revision, int number)
    {
        var contributions = await RoundText.ContributionsAsync(context).ConfigureAwait(false);
        var decisions = await RoundText.DecisionsAsync(context).ConfigureAwait(false);
        var undecided = Consolidation.Undecided(contributions, decisions);
        if (undecided.Count > 0)
        {
            var left = string.Join("; ", undecided.Select(Consolidation.Describe));
            throw new StepRejectedException($"Revision {number.ToString(CultureInfo.InvariantCulture)} cannot be circulated: {undecided.Count.ToString(CultureInfo.InvariantCulture)} proposal(s) have no decision: {left}.", "decisions", StepOutcome.Conflict) { Code = "proposals-undecided", Arguments = [number.ToString(CultureInfo.InvariantCulture), left] };
        }

        var latest = Consolidation.LatestDecisions(decisions);
        var alone = latest.Values.Where(d => d.Decision == DecisionKind.Merged && !(d.MergedWith is { } other && latest.TryGetValue(other, out var o) && o.Decision == DecisionKind.Merged)).Select(d => d.Number!.Value).ToList();
        if (alone.Count > 0)
        {
            var list = string.Join(", ", alone.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            throw new StepRejectedException($"Proposal(s) {list} are merged with a proposal that is not marked merged: decide both.", "decisions", StepOutcome.Conflict) { Code = "merge-incomplete", Arguments = [list] };
        }

        // A bracket settled on an option cannot also take a new option: the proposal would be lost with the bracket.
        var settled = Consolidation.LatestSettlements(decisions).Select(d => d.Target!).ToHashSet(StringComparer.Ordinal);
        var lost = Consolidation.Latest(contributions).Where(c => c.Kind == CommentKind.Proposal && c.Proposal == ProposalKind.NewOption && c.BracketId is { } b && settled.Contains(b)
            && latest.TryGetValue(c.Number, out var d) && d.Decision is DecisionKind.Accepted or DecisionKind.Merged or DecisionKind.Bracketed).ToList();
        if (lost.Count > 0)
        {
            var list = string.Join("; ", lost.Select(Consolidation.Describe));
            throw new StepRejectedException($"A settled bracket cannot also take a new option: {list}. Take the settlement back or decide otherwise on the proposal.", "decisions", StepOutcome.Conflict) { Code = "settled-bracket-new-option", Arguments = [list] };
        }

        var parties = await RoundText.PartyCodesAsync(context).ConfigureAwait(false);
        var result = Consolidation.Build(round.Key, revision, round.Revision, number, contributions, decisions, parties);
        var content = DraftJson.Serialize(result.Text);
        var counts = result.Provenance.Entries.GroupBy(e => e.Decision).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string Count(string decision) => counts.GetValueOrDefault(decision).ToString(CultureInfo.InvariantCulture);
        var summary = StepInput.Text(context.Payload, "summary", DraftSteps.MaxNote)
            ?? $"Consolidated from round {round.Key} on revision {round.Revision.ToString(CultureInfo.InvariantCulture)}: {Count(ProvenanceDecisions.Accepted)} proposal(s) accepted, {Count(ProvenanceDecisions.Merged)} merged, {Count(ProvenanceDecisions.Bracketed)} bracketed as alternatives, {Count(ProvenanceDecisions.NotReflected)} not reflected; {Count(ProvenanceDecisions.Applied)} support(s) and withdrawal(s) applied; {Count(ProvenanceDecisions.Settled)} bracket(s) settled on an option; {Count(ProvenanceDecisions.SecretariatDrafting)} paragraph(s) of the Secretariat's drafting.";
        var document = StepInput.Text(context.Payload, "document", 1000) ?? $"CARTIF/{round.Area}/rev{number.ToString(CultureInfo.InvariantCulture)}";
        context.Db.Set<DraftRevision>().Add(new DraftRevision
        {
            AreaCode = round.Area,
            WorkingGroupKey = round.WorkingGroupKey,
            Revision = number,
            Document = document,
            Summary = summary,
            FromRoundInstanceId = context.Instance.Id,
            At = context.Now,
            Source = RevisionSource.Consolidation,
            SourceReference = round.Key,
            MadeBy = context.Actor.Id,
            CirculatedAt = context.Now,
            CirculatedBy = context.Actor.Id,
            Content = content,
            ContentHash = DraftStore.Hash(content),
            Provenance = Serialize(result.Provenance),
        });
        context.Variables["nextRevision"] = number;
        context.Variables["nextDocument"] = document;
        context.Variables["nextText"] = null;
        context.Variables["consolidationSummary"] = summary;
    }
}

/// <summary>
/// <c>record-consolidation-decision</c>: the Secretariat decides on a contribution (latest decision counts): a proposal
/// accepted, merged with another (<c>mergedWith</c>, optionally with the merged <c>wording</c>), bracketed, or not
/// reflected (a <c>reason</c> is required); a comment noted or addressed.
/// </summary>
internal sealed class RecordConsolidationDecision : IWorkflowActivity
{
    public string Name => "record-consolidation-decision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var revision = await RoundText.RevisionTextAsync(context, round).ConfigureAwait(false)
            ?? throw new StepRejectedException("This round's revision is a document, not a structured text: record the consolidated revision directly.", "number") { Code = "round-not-structured" };
        if (StepInput.Text(context.Payload, "decision", 20) == "settled")
        {
            await BracketSettlement.RecordAsync(context, round, revision).ConfigureAwait(false);
            return;
        }

        var number = StepInput.Integer(context.Payload, "number")
            ?? throw new StepRejectedException("Name the contribution decided on (its number).", "number") { Code = "decision-number-required" };
        var latest = Consolidation.Latest(await RoundText.ContributionsAsync(context).ConfigureAwait(false));
        var n = number.ToString(CultureInfo.InvariantCulture);
        var contribution = latest.FirstOrDefault(c => c.Number == number)
            ?? throw new StepRejectedException($"The round has no contribution {n}.", "number", StepOutcome.NotFound) { Code = "contribution-number-unknown", Arguments = [n] };
        var text = StepInput.Text(context.Payload, "decision", 20);
        var decision = text switch
        {
            "accepted" => DecisionKind.Accepted,
            "merged" => DecisionKind.Merged,
            "bracketed" => DecisionKind.Bracketed,
            "not-reflected" => DecisionKind.NotReflected,
            "noted" => DecisionKind.Noted,
            "addressed" => DecisionKind.Addressed,
            _ => throw new StepRejectedException("Choose a decision: accepted, merged, bracketed or not-reflected for a proposal; noted or addressed for a comment; settled for a bracket.", "decision") { Code = "decision-required" },
        };
        var forProposal = decision is DecisionKind.Accepted or DecisionKind.Merged or DecisionKind.Bracketed or DecisionKind.NotReflected;
        if (contribution.Kind == CommentKind.Proposal != forProposal || contribution.Kind is CommentKind.Support or CommentKind.Withdrawal or CommentKind.NoComments)
        {
            throw new StepRejectedException($"Contribution {n} is a {Consolidation.KindName(contribution)}: a proposal is accepted, merged, bracketed or not reflected; a comment is noted or addressed; supports and withdrawals apply as sent.", "decision") { Code = "decision-not-for-kind", Arguments = [n, Consolidation.KindName(contribution)] };
        }

        var reason = StepInput.Text(context.Payload, "reason", 4000);
        if (decision == DecisionKind.NotReflected && reason is null)
        {
            throw new StepRejectedException($"Say why proposal {n} is not reflected: the party is told.", "reason") { Code = "decision-reason-required", Arguments = [n] };
        }

        int? mergedWith = null;
        var wording = StepInput.Text(context.Payload, "wording", 20_000);
        if (decision == DecisionKind.Merged)
        {
            var with = StepInput.Integer(context.Payload, "mergedWith")
                ?? throw new StepRejectedException($"Name the proposal that {n} is merged with.", "mergedWith") { Code = "merge-partner-required", Arguments = [n] };
            var other = latest.FirstOrDefault(c => c.Number == with && c.Number != number && c.Kind == CommentKind.Proposal);
            if (other is null || other.PartyCode == contribution.PartyCode || other.Proposal != contribution.Proposal || other.Target != contribution.Target || other.BracketId != contribution.BracketId)
            {
                var w = with.ToString(CultureInfo.InvariantCulture);
                throw new StepRejectedException($"Proposal {n} can be merged only with another party's proposal of the same kind on the same provision (or bracket); {w} is not one.", "mergedWith") { Code = "merge-partner-invalid", Arguments = [n, w] };
            }

            if (wording is not null && Consolidation.Content(revision, contribution.Target!, wording, await RoundText.PartyCodesAsync(context).ConfigureAwait(false)) is null)
            {
                throw new StepRejectedException("The merged wording cannot be read in the convention (brackets, options, attribution).", "wording") { Code = "merge-wording-faults" };
            }

            mergedWith = with;
        }
        else
        {
            wording = null;
        }

        context.Db.Set<ConsolidationDecision>().Add(new ConsolidationDecision
        {
            RoundInstanceId = context.Instance.Id,
            Number = number,
            Decision = decision,
            MergedWith = mergedWith,
            Wording = wording,
            Reason = reason,
            DecidedBy = context.Actor.Id,
            At = context.Now,
        });
    }
}

/// <summary>
/// The Secretariat settles a bracket of the round's revision on one of its options (<c>decide</c> with
/// <c>decision: settled</c>, <c>bracket</c>, <c>option</c> 1-based, an optional <c>reason</c>; without <c>option</c> it
/// takes the settlement back): allowed only when every party holding another option, after the round's supports and
/// withdrawals, has joined the chosen one or withdrawn, so that no party's option is dropped without its word.
/// </summary>
internal static class BracketSettlement
{
    public static async Task RecordAsync(IStepContext context, TextRound round, DraftText revision)
    {
        var n = round.Revision.ToString(CultureInfo.InvariantCulture);
        var bracketId = StepInput.RequiredText(context.Payload, "bracket", "Name the bracket the Secretariat settles.", code: "settle-bracket-required", 40);
        var found = DraftEdits.FindBracket(revision, bracketId)
            ?? throw new StepRejectedException($"Revision {n} has no bracket '{bracketId}'.", "bracket") { Code = "round-bracket-unknown", Arguments = [n, bracketId] };
        int? index = null;
        if (StepInput.Integer(context.Payload, "option") is { } option)
        {
            var count = found.Bracket.Options.Count.ToString(CultureInfo.InvariantCulture);
            if (option < 1 || option > found.Bracket.Options.Count)
            {
                throw new StepRejectedException($"Name the option (1 to {count}) of bracket {bracketId}.", "option") { Code = "round-option-invalid", Arguments = [count, bracketId] };
            }

            var holding = Consolidation.StillHoldingOthers(revision, bracketId, option - 1, await RoundText.ContributionsAsync(context).ConfigureAwait(false));
            if (holding.Count > 0)
            {
                var parties = string.Join(", ", holding);
                var o = option.ToString(CultureInfo.InvariantCulture);
                throw new StepRejectedException($"Bracket {bracketId} cannot be settled on option {o}: {parties} still hold another option; a party's option is dropped only when it joins the chosen one or withdraws.", "option", StepOutcome.Conflict) { Code = "settle-option-contested", Arguments = [bracketId, o, parties] };
            }

            index = option - 1;
        }

        context.Db.Set<ConsolidationDecision>().Add(new ConsolidationDecision
        {
            RoundInstanceId = context.Instance.Id,
            Decision = DecisionKind.Settled,
            Target = bracketId,
            OptionIndex = index,
            Reason = StepInput.Text(context.Payload, "reason", 4000),
            DecidedBy = context.Actor.Id,
            At = context.Now,
        });
    }
}

/// <summary>
/// <c>record-secretariat-drafting</c>: the Secretariat's own wording of a paragraph for revision N+1 (the import
/// convention), with its reasoning; marked as the Secretariat's drafting in the provenance table. An empty wording
/// takes it back.
/// </summary>
internal sealed class RecordSecretariatDrafting : IWorkflowActivity
{
    public string Name => "record-secretariat-drafting";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var revision = await RoundText.RevisionTextAsync(context, round).ConfigureAwait(false)
            ?? throw new StepRejectedException("This round's revision is a document, not a structured text: record the consolidated revision directly.", "provision") { Code = "round-not-structured" };
        var target = StepInput.RequiredText(context.Payload, "provision", "Name the paragraph the Secretariat drafts.", code: "draft-provision-required", 40);
        if (DraftProvisions.Find(revision, target)?.Paragraph is null)
        {
            throw new StepRejectedException($"Revision {round.Revision.ToString(CultureInfo.InvariantCulture)} has no paragraph '{target}'.", "provision") { Code = "draft-provision-unknown", Arguments = [target] };
        }

        var wording = StepInput.Text(context.Payload, "text", DraftSteps.MaxProvisionText);
        var reason = StepInput.Text(context.Payload, "reason", 4000);
        if (wording is not null)
        {
            if (reason is null)
            {
                throw new StepRejectedException("Give the Secretariat's reasoning for its drafting: it is shown to the parties.", "reason") { Code = "drafting-reason-required" };
            }

            var parsed = DraftMarkdown.ReplaceParagraphContent(revision, target, wording, await RoundText.PartyCodesAsync(context).ConfigureAwait(false));
            if (!parsed.Succeeded)
            {
                var faults = string.Join("; ", parsed.Faults.Select(f => f.ToString()));
                throw new StepRejectedException($"The new wording cannot be read: {faults}", "text") { Code = "draft-wording-faults", Arguments = [faults] };
            }
        }

        context.Db.Set<ConsolidationDecision>().Add(new ConsolidationDecision
        {
            RoundInstanceId = context.Instance.Id,
            Decision = DecisionKind.SecretariatDrafting,
            Target = target,
            Wording = wording,
            Reason = reason,
            DecidedBy = context.Actor.Id,
            At = context.Now,
        });
    }
}
