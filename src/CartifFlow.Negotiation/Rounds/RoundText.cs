using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>
/// A round on a structured revision: reading and checking a contribution that targets provisions, and taking the
/// proposals carried over into the round (<see cref="CarriedProposal"/>).
/// </summary>
internal static class RoundText
{
    /// <summary>The structured text the round circulates, or null when its revision is a document and prose.</summary>
    public static async Task<DraftText?> RevisionTextAsync(IStepContext context, TextRound round)
    {
        var row = await DraftStore.RowAsync(context.Db, round.Area, round.Revision, context.CancellationToken).ConfigureAwait(false);
        return row?.Content is null ? null : DraftJson.Deserialize(row.Content);
    }

    /// <summary>Every contribution of the round, rows added by the step included.</summary>
    public static Task<List<RoundComment>> ContributionsAsync(IStepContext context) => TextRound.CommentsAsync(context);

    /// <summary>Every decision of the round, rows added by the step included.</summary>
    public static async Task<List<ConsolidationDecision>> DecisionsAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var stored = await context.Db.Set<ConsolidationDecision>().AsNoTracking().Where(d => d.RoundInstanceId == id).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<ConsolidationDecision>().Where(e => e.State == EntityState.Added && e.Entity.RoundInstanceId == id).Select(e => e.Entity);
        return [.. stored.Concat(pending).OrderBy(d => d.At).ThenBy(d => d.Id)];
    }

    public static async Task<IReadOnlySet<string>> PartyCodesAsync(IStepContext context) =>
        (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Reads a contribution on the structured revision <paramref name="text"/> from the payload: <c>kind</c>,
    /// <c>target</c> (a provision's stable id, or <c>general</c>), <c>targetEnd</c>, <c>proposal</c>
    /// (new-option, replacement, insertion, deletion), <c>bracket</c>, <c>option</c> (1-based), <c>text</c> (the
    /// wording or the comment), <c>basedOn</c> (the revision it was written on), <c>replaces</c> (the number of the
    /// party's contribution it changes). Refuses with the field at fault.
    /// </summary>
    public static async Task<RoundComment> ReadAsync(IStepContext context, TextRound round, DraftText text, string party, bool observer)
    {
        var payload = context.Payload;
        var kind = StepInput.Text(payload, "kind", 20) switch
        {
            "comments" => CommentKind.Comments,
            "proposal" => CommentKind.Proposal,
            "support" => CommentKind.Support,
            "withdrawal" => CommentKind.Withdrawal,
            "no-comments" => CommentKind.NoComments,
            null => throw new StepRejectedException("Say what you send: comments, proposal, support, withdrawal or no-comments.", "kind") { Code = "contribution-kind-required" },
            var other => throw new StepRejectedException($"'{other}' is not a kind of contribution: use comments, proposal, support, withdrawal or no-comments.", "kind") { Code = "contribution-kind-unknown", Arguments = [other] },
        };
        if (observer && kind != CommentKind.Comments)
        {
            throw new StepRejectedException($"{party} observes the working group: its terms of reference let observers comment, not propose, support or withdraw.", "kind", StepOutcome.Forbidden) { Code = "observer-comments-only", Arguments = [party] };
        }

        var revision = round.Revision.ToString(CultureInfo.InvariantCulture);
        if (StepInput.Integer(payload, "basedOn") is { } basedOn && basedOn != round.Revision)
        {
            throw new StepRejectedException($"The contribution was written on revision {basedOn.ToString(CultureInfo.InvariantCulture)}; this round comments on revision {revision}.", "basedOn", StepOutcome.Conflict) { Code = "contribution-other-revision", Arguments = [basedOn.ToString(CultureInfo.InvariantCulture), revision] };
        }

        var wording = StepInput.Text(payload, "text", 20_000);
        var target = StepInput.Text(payload, "target", 40);
        if (target == "general")
        {
            target = null;
        }

        var bracketId = StepInput.Text(payload, "bracket", 40);
        (DraftArticle Article, DraftParagraph Paragraph, Bracket Bracket)? bracket = null;
        if (bracketId is not null)
        {
            bracket = DraftEdits.FindBracket(text, bracketId) ?? throw new StepRejectedException($"Revision {revision} has no bracket '{bracketId}'.", "bracket") { Code = "round-bracket-unknown", Arguments = [revision, bracketId] };
            target ??= bracket.Value.Paragraph.Id;
        }

        DraftProvision? provision = null;
        if (target is not null)
        {
            provision = DraftProvisions.Find(text, target) ?? throw new StepRejectedException($"Revision {revision} has no provision '{target}'.", "target") { Code = "round-provision-unknown", Arguments = [revision, target] };
        }

        if (bracket is { } b && provision is not null && provision.Id != b.Paragraph.Id)
        {
            throw new StepRejectedException($"Bracket {b.Bracket.Id} is not in {provision.Label}.", "bracket") { Code = "round-bracket-elsewhere", Arguments = [b.Bracket.Id, provision.Label] };
        }

        var targetEnd = StepInput.Text(payload, "targetEnd", 40);
        if (targetEnd is not null)
        {
            var all = DraftProvisions.All(text).Select(p => p.Id).ToList();
            if (provision is null || all.IndexOf(targetEnd) <= all.IndexOf(provision.Id))
            {
                throw new StepRejectedException($"A range ends at a provision of revision {revision} after the one it starts at.", "targetEnd") { Code = "round-range-invalid", Arguments = [revision] };
            }
        }

        ProposalKind? proposal = null;
        int? option = null;
        switch (kind)
        {
            case CommentKind.Comments when wording is null:
                throw new StepRejectedException("Comments need their text.", "text") { Code = "comments-text-required" };
            case CommentKind.NoComments:
                target = null;
                targetEnd = null;
                provision = null;
                break;
            case CommentKind.Proposal:
                proposal = StepInput.Text(payload, "proposal", 20) switch
                {
                    "new-option" => ProposalKind.NewOption,
                    "replacement" => ProposalKind.Replacement,
                    "insertion" => ProposalKind.Insertion,
                    "deletion" => ProposalKind.Deletion,
                    _ => throw new StepRejectedException("Say what the proposal does: new-option, replacement, insertion or deletion.", "proposal") { Code = "proposal-kind-required" },
                };
                if (proposal == ProposalKind.NewOption && bracket is null)
                {
                    throw new StepRejectedException("A new option is for an existing bracket: name it.", "bracket") { Code = "round-bracket-required" };
                }

                if (provision?.Paragraph is null)
                {
                    throw new StepRejectedException("A proposal is on a paragraph of the revision: name it.", "target") { Code = "round-paragraph-required" };
                }

                if (proposal != ProposalKind.Deletion)
                {
                    if (wording is null)
                    {
                        throw new StepRejectedException("A proposal needs its wording.", "text") { Code = "proposal-wording-required" };
                    }

                    var parsed = Consolidation.ParseWording(text, provision.Id, wording, await PartyCodesAsync(context).ConfigureAwait(false));
                    if (!parsed.Succeeded && wording != "delete")
                    {
                        var faults = string.Join("; ", parsed.Faults.Select(f => f.Message));
                        throw new StepRejectedException($"The wording cannot be read: {faults}", "text") { Code = "proposal-wording-faults", Arguments = [faults] };
                    }
                }

                targetEnd = null;
                break;
            case CommentKind.Support:
            case CommentKind.Withdrawal:
                if (bracket is not { } held)
                {
                    throw new StepRejectedException("Name the bracket whose option you support or withdraw.", "bracket") { Code = "round-bracket-required" };
                }

                var index = StepInput.Integer(payload, "option");
                if (index is null || index < 1 || index > held.Bracket.Options.Count)
                {
                    throw new StepRejectedException($"Name the option (1 to {held.Bracket.Options.Count.ToString(CultureInfo.InvariantCulture)}) of bracket {held.Bracket.Id}.", "option") { Code = "round-option-invalid", Arguments = [held.Bracket.Options.Count.ToString(CultureInfo.InvariantCulture), held.Bracket.Id] };
                }

                option = index - 1;
                var chosen = held.Bracket.Options[option.Value];
                var holds = chosen.ProposedBy.Contains(party) || chosen.SupportedBy.Contains(party);
                if (kind == CommentKind.Support && holds)
                {
                    throw new StepRejectedException($"{party} already holds option {index} of bracket {held.Bracket.Id}.", "option", StepOutcome.Conflict) { Code = "round-option-held", Arguments = [party, index.Value.ToString(CultureInfo.InvariantCulture), held.Bracket.Id] };
                }

                if (kind == CommentKind.Withdrawal && !holds)
                {
                    throw new StepRejectedException($"{party} withdraws its own options only; option {index} of bracket {held.Bracket.Id} is not one.", "option", StepOutcome.Forbidden) { Code = "round-option-not-own", Arguments = [party, index.Value.ToString(CultureInfo.InvariantCulture), held.Bracket.Id] };
                }

                targetEnd = null;
                break;
        }

        var contributions = await ContributionsAsync(context).ConfigureAwait(false);
        var latest = Consolidation.Latest(contributions);
        int number;
        var version = 1;
        if (StepInput.Integer(payload, "replaces") is { } replaces)
        {
            var replaced = latest.FirstOrDefault(c => c.Number == replaces && c.PartyCode == party)
                ?? throw new StepRejectedException($"{party} has no contribution {replaces.ToString(CultureInfo.InvariantCulture)} in this round to change.", "replaces", StepOutcome.NotFound) { Code = "contribution-unknown", Arguments = [party, replaces.ToString(CultureInfo.InvariantCulture)] };
            number = replaced.Number;
            version = replaced.Version + 1;
            if (replaced.Kind == kind && replaced.Proposal == proposal && replaced.Target == provision?.Id && replaced.TargetEnd == targetEnd && replaced.BracketId == bracket?.Bracket.Id && replaced.OptionIndex == option && replaced.Text == wording)
            {
                throw RepeatedSteps.Refusal(RepeatedSteps.CommentUnchanged, "contribution", party, replaced.At, "text");
            }
        }
        else
        {
            // The very same contribution again from the same person (a double click, a retry after a lost reply) is kept once.
            if (latest.FirstOrDefault(c => c.PartyCode == party && c.PersonId == context.Actor.Id && c.Kind == kind && c.Proposal == proposal && c.Target == provision?.Id && c.TargetEnd == targetEnd && c.BracketId == bracket?.Bracket.Id && c.OptionIndex == option && c.Text == wording) is { } same)
            {
                throw RepeatedSteps.Refusal(RepeatedSteps.CommentUnchanged, "contribution", party, same.At, "text");
            }

            number = contributions.Count == 0 ? 1 : contributions.Max(c => c.Number) + 1;
        }

        return new RoundComment
        {
            RoundInstanceId = context.Instance.Id,
            PartyCode = party,
            PersonId = context.Actor.Id,
            Kind = kind,
            Proposal = proposal,
            Provision = provision?.Label,
            Target = provision?.Id,
            TargetEnd = targetEnd,
            BracketId = bracket?.Bracket.Id,
            OptionIndex = option,
            Text = wording,
            BasedOnRevision = round.Revision,
            Number = number,
            Version = version,
            At = context.Now,
        };
    }

    /// <summary>
    /// The round's intake: every proposal carried over into the area (<see cref="CarriedProposal"/>) not yet taken
    /// becomes a proposal of this round on the party's behalf, labelled with its source, when its provision is still
    /// in the revision; it is marked taken by this round either way (one not found is reported to the Secretariat).
    /// </summary>
    public static async Task<(List<RoundComment> Taken, List<CarriedProposal> Lost)> TakeCarriedAsync(IStepContext context, TextRound round, DraftText text)
    {
        var area = round.Area;
        var carried = await context.Db.Set<CarriedProposal>().Where(c => c.AreaCode == area && c.TakenByRoundInstanceId == null).OrderBy(c => c.Id).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var taken = new List<RoundComment>();
        var lost = new List<CarriedProposal>();
        var next = 1;
        foreach (var c in carried)
        {
            c.TakenByRoundInstanceId = context.Instance.Id;
            var provision = DraftProvisions.Find(text, c.Target);
            var bracket = c.BracketId is null ? null : DraftEdits.FindBracket(text, c.BracketId);
            if (provision?.Paragraph is null || (c.Proposal == ProposalKind.NewOption && bracket is null))
            {
                lost.Add(c);
                continue;
            }

            var comment = new RoundComment
            {
                RoundInstanceId = context.Instance.Id,
                PartyCode = c.PartyCode,
                PersonId = "system",
                Kind = CommentKind.Proposal,
                Proposal = c.Proposal,
                Provision = provision.Label,
                Target = provision.Id,
                BracketId = bracket?.Bracket.Id,
                Text = c.Wording,
                BasedOnRevision = round.Revision,
                Source = c.Source,
                Number = next++,
                At = context.Now,
            };
            context.Db.Set<RoundComment>().Add(comment);
            taken.Add(comment);
        }

        // Provisions a written procedure referred to the working group: an objecting party's wording becomes its
        // proposal to replace the provision, a reason without wording its comment on it; both marked carried into this
        // round. A referral without a party (closed without consent) or whose provision is gone stays on the agenda.
        var carriedReferrals = new List<long>();
        foreach (var referral in await ProvisionProcedures.PendingReferralsAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false))
        {
            if (referral.PartyCode is null || DraftProvisions.Find(text, referral.ProvisionId) is not { Paragraph: not null } provision)
            {
                continue;
            }

            var wording = string.IsNullOrWhiteSpace(referral.ProposedWording) ? null : referral.ProposedWording;
            var comment = new RoundComment
            {
                RoundInstanceId = context.Instance.Id,
                PartyCode = referral.PartyCode,
                PersonId = "system",
                Kind = wording is null ? CommentKind.Comments : CommentKind.Proposal,
                Proposal = wording is null ? null : ProposalKind.Replacement,
                Provision = provision.Label,
                Target = provision.Id,
                Text = wording ?? referral.Reason,
                BasedOnRevision = round.Revision,
                Source = $"objection in written procedure {referral.ProcedureKey}",
                Number = next++,
                At = context.Now,
            };
            context.Db.Set<RoundComment>().Add(comment);
            taken.Add(comment);
            carriedReferrals.Add(referral.Id);
        }

        await ProvisionProcedures.MarkCarriedAsync(context.Db, area, carriedReferrals, context.Instance.CorrelationKey, context.Now, context.CancellationToken).ConfigureAwait(false);
        return (taken, lost);
    }

    private static string DecisionText(string decision, bool ru) => (decision, ru) switch
    {
        (ProvenanceDecisions.Accepted, false) => "accepted",
        (ProvenanceDecisions.Accepted, true) => "принято",
        (ProvenanceDecisions.Merged, false) => "merged",
        (ProvenanceDecisions.Merged, true) => "объединено",
        (ProvenanceDecisions.Bracketed, false) => "bracketed as an alternative",
        (ProvenanceDecisions.Bracketed, true) => "заключено в скобки как альтернатива",
        (ProvenanceDecisions.NotReflected, false) => "not reflected",
        (ProvenanceDecisions.NotReflected, true) => "не отражено",
        (ProvenanceDecisions.Noted, false) => "noted",
        (ProvenanceDecisions.Noted, true) => "принято к сведению",
        (ProvenanceDecisions.Addressed, false) => "addressed",
        (ProvenanceDecisions.Addressed, true) => "учтено",
        (ProvenanceDecisions.Applied, false) => "applied",
        (ProvenanceDecisions.Applied, true) => "применено",
        (ProvenanceDecisions.Settled, false) => "bracket settled on this option",
        (ProvenanceDecisions.Settled, true) => "скобки сняты в пользу этого варианта",
        (_, false) => "the Secretariat's drafting",
        (_, true) => "редакция Секретариата",
    };

    /// <summary>The provenance table as the e-mails' model reads it: per provision and per party.</summary>
    public static JsonObject Model(ProvenanceTable table)
    {
        static JsonObject Line(ProvenanceEntry e) => new()
        {
            ["number"] = e.Number,
            ["party"] = e.Party.Length == 0 ? "Secretariat" : e.Party,
            ["kind"] = e.Kind,
            ["decision"] = e.Decision,
            ["decisionEn"] = DecisionText(e.Decision, ru: false),
            ["decisionRu"] = DecisionText(e.Decision, ru: true),
            ["provision"] = e.Provision,
            ["wording"] = e.Wording,
            ["reasoning"] = e.Reasoning,
            ["with"] = string.Join(", ", e.With),
            ["source"] = e.Source,
        };

        return new JsonObject
        {
            ["from"] = table.FromRevision,
            ["to"] = table.ToRevision,
            ["provisions"] = new JsonArray([.. table.ByProvision.Select(g => (JsonNode)new JsonObject { ["provision"] = g.Key, ["entries"] = new JsonArray([.. g.Select(e => (JsonNode)Line(e))]) })]),
            ["parties"] = new JsonArray([.. table.ByParty.Select(g => (JsonNode)new JsonObject { ["party"] = g.Key, ["entries"] = new JsonArray([.. g.Select(e => (JsonNode)Line(e))]) })]),
        };
    }
}
