using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Approvals;

/// <summary>The message model every stage-transition notice shares.</summary>
internal static class TransitionMessages
{
    public static async Task<JsonObject> ModelAsync(IStepContext context, StageTransition transition, ApprovalTally? tally = null)
    {
        tally ??= await ApprovalTally.ComputeAsync(context).ConfigureAwait(false);
        var model = new JsonObject
        {
            ["transition"] = transition.ToModel(tally.TakingPart.Count, await Phases.PhaseNames.ReadAsync(context.Db, context.CancellationToken).ConfigureAwait(false)),
            ["seatTimeZone"] = transition.SeatTimeZone,
            ["approvals"] = tally.Approvals,
            ["rejections"] = tally.Rejections,
            ["answered"] = tally.TakingPart.Count - tally.Undecided.Count,
            ["undecided"] = await NegotiationMessages.PartiesAsync(context, tally.Undecided).ConfigureAwait(false),
        };
        return model;
    }

    /// <summary>
    /// The model of a message to a party while the transition is open: the visibility rule (docs/operations.md) lets a
    /// party know how many parties have answered, not how they answered, so the tallies by kind and the list of
    /// parties yet to answer are left out.
    /// </summary>
    public static async Task<JsonObject> PartyModelAsync(IStepContext context, StageTransition transition)
    {
        var model = await ModelAsync(context, transition).ConfigureAwait(false);
        model.Remove("approvals");
        model.Remove("rejections");
        model.Remove("undecided");
        return model;
    }

    /// <summary>The rejections of the current round with their reasons, for the record and the Secretariat.</summary>
    public static async Task<JsonArray> RejectionsAsync(IStepContext context, int round)
    {
        var answers = await ApprovalTally.CurrentAnswersAsync(context, round).ConfigureAwait(false);
        var rejections = answers.Values.Where(a => a.Kind == TransitionAnswerKind.Reject).OrderBy(a => a.PartyCode, StringComparer.Ordinal).ToList();
        var parties = await NegotiationMessages.PartiesAsync(context, rejections.Select(r => r.PartyCode)).ConfigureAwait(false);
        for (var i = 0; i < rejections.Count; i++)
        {
            parties[i]!["reason"] = rejections[i].Reason;
            parties[i]!["by"] = rejections[i].PersonId;
        }

        return parties;
    }
}

/// <summary>
/// Who may answer for a party: its Chief Negotiator, or the lead negotiator the Chief Negotiator named for the
/// period (a current delegation). Anyone else is refused as Forbidden.
/// </summary>
internal static class ApprovalAuthority
{
    public static async Task<ApprovalDelegation?> CheckAsync(IStepContext context, string party)
    {
        var actor = context.Actor;
        if (actor.Roles.Contains(NegotiationRoles.ChiefNegotiator) && actor.Party == party)
        {
            return null;
        }

        var delegations = await context.Db.Set<ApprovalDelegation>().AsNoTracking()
            .Where(d => d.DelegateId == actor.Id && d.PartyCode == party).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var current = delegations.Where(d => d.IsActiveAt(context.Now)).OrderByDescending(d => d.ValidFrom).FirstOrDefault();
        if (current is null || !actor.Roles.Contains(NegotiationRoles.LeadNegotiator))
        {
            throw new StepRejectedException(
                $"{actor.Id} is not the Chief Negotiator of {party}, nor a lead negotiator to whom that Chief Negotiator has delegated approvals for this date.",
                "party",
                StepOutcome.Forbidden) { Code = "not-approver", Arguments = [actor.Id, party] };
        }

        var chief = await ParticipantDirectory.PersonAsync(context.Db, current.ChiefNegotiatorId, context.CancellationToken).ConfigureAwait(false);
        if (chief is null || chief.PartyCode != party || !chief.Holds(NegotiationRoles.ChiefNegotiator))
        {
            throw new StepRejectedException($"The delegation {current.Key} was given by {current.ChiefNegotiatorId}, who is no longer the Chief Negotiator of {party}.", "party", StepOutcome.Forbidden) { Code = "delegation-giver-not-chief", Arguments = [current.Key, current.ChiefNegotiatorId, party] };
        }

        return current;
    }
}

/// <summary>
/// <c>open-transition-proposal</c>: checks the rule and the deadline when the proposal opens; round 1. The deadline is
/// reviewed with the taking-part parties' calendars (<see cref="Calendars.DeadlineReviews"/>); the urgency the
/// Secretariat gave with the proposal is handed over by the negotiation's step that starts this one.
/// </summary>
internal sealed class OpenTransitionProposal(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "open-transition-proposal";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        if (string.IsNullOrWhiteSpace(transition.Justification))
        {
            throw new StepRejectedException("A transition needs a justification.", "justification") { Code = "justification-required" };
        }

        if (transition.Deadline <= context.Now)
        {
            throw new StepRejectedException("The deadline for the Chief Negotiators' answers must be in the future.", "deadline") { Code = "deadline-not-in-future" };
        }

        var parties = await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        var takingPart = parties.Count;
        if (transition.Rule == ApprovalRule.Quorum)
        {
            if (transition.Quorum is null)
            {
                throw new StepRejectedException("A quorum rule needs the quorum: the number of approving parties required.", "quorum") { Code = "quorum-required" };
            }

            if (transition.Quorum < 1 || transition.Quorum > takingPart)
            {
                throw new StepRejectedException($"The quorum must be between 1 and the {takingPart} taking-part parties.", "quorum") { Code = "quorum-out-of-range", Arguments = [takingPart.ToString(CultureInfo.InvariantCulture)] };
            }
        }

        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Transition, parties.Select(p => p.Code), transition.Deadline, await Calendars.DeadlineReviews.HandedOverAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
        context.Variables["round"] = 1;
    }
}

/// <summary><c>ask-chief-negotiators</c>: each taking-part party's Chief Negotiator (and current delegate) is asked to approve or reject.</summary>
internal sealed class AskChiefNegotiators : IWorkflowActivity
{
    public string Name => "ask-chief-negotiators";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-proposed"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var model = await TransitionMessages.ModelAsync(context, transition).ConfigureAwait(false);
        model["calendar"] = transition.Calendar(await Phases.PhaseNames.ReadAsync(context.Db, context.CancellationToken).ConfigureAwait(false));
        model["extended"] = context.Trigger == "extend";
        model["revised"] = transition.Round > 1 && context.Trigger == "revise";
        model["reason"] = context.Payload["reason"]?.DeepClone();
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        await effects.NotifyAsync("transition-proposed", [R.ChiefNegotiators], [R.ActiveDelegates], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>record-transition-answer</c>: a Chief Negotiator's (or their delegate's) approval or rejection for their
/// party, until the deadline. A rejection needs a reason. The latest answer of a party in the round counts.
/// </summary>
internal sealed class RecordTransitionAnswer : IWorkflowActivity
{
    public string Name => "record-transition-answer";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-answer-recorded"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var party = context.Payload["party"]!.GetValue<string>();
        var delegation = await ApprovalAuthority.CheckAsync(context, party).ConfigureAwait(false);
        if (context.Now >= transition.Deadline)
        {
            throw new StepRejectedException($"The deadline of {transition.Key} passed at {transition.Deadline:yyyy-MM-dd HH:mm} UTC; answers are no longer accepted.", "deadline", StepOutcome.Closed) { Code = "answers-deadline-passed", Arguments = [transition.Key, transition.Deadline.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)] };
        }

        var takingPart = await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        if (takingPart.All(p => p.Code != party))
        {
            throw new StepRejectedException($"{party} does not take part in the negotiation and does not decide its stage transitions.", "party", StepOutcome.Forbidden) { Code = "party-not-negotiating", Arguments = [party] };
        }

        // An answer given to the proposal as it was read: one revised meanwhile (a new round) is not what was answered.
        if (StepInput.Integer(context.Payload, "round") is { } readRound && readRound != transition.Round)
        {
            throw new StepRejectedException($"The proposal {transition.Key} was revised after you read it (round {readRound}, now {transition.Round}); read it again and answer again.", "round", StepOutcome.Conflict)
            {
                Code = "proposal-revised",
                Arguments = [transition.Key, readRound.ToString(CultureInfo.InvariantCulture), transition.Round.ToString(CultureInfo.InvariantCulture)],
            };
        }

        var kind = context.Trigger == "approve" ? TransitionAnswerKind.Approve : TransitionAnswerKind.Reject;
        var reason = Reasons.Optional(context.Payload);
        if (kind == TransitionAnswerKind.Reject && reason is null)
        {
            throw new StepRejectedException("A rejection needs a reason.", "reason") { Code = "rejection-reason-required" };
        }

        var instanceId = context.Instance.Id;
        var latest = await context.Db.Set<TransitionAnswer>().AsNoTracking()
            .Where(a => a.InstanceId == instanceId && a.Round == transition.Round && a.PartyCode == party)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        if (latest is not null && latest.PersonId == context.Actor.Id && latest.Kind == kind && latest.Reason == reason)
        {
            throw RepeatedSteps.Refusal(RepeatedSteps.AnswerUnchanged, "answer", party, latest.At, "reason");
        }

        context.Db.Set<TransitionAnswer>().Add(new TransitionAnswer
        {
            InstanceId = context.Instance.Id,
            Round = transition.Round,
            PartyCode = party,
            PersonId = context.Actor.Id,
            OnBehalfOf = delegation?.ChiefNegotiatorId,
            DelegationId = delegation?.Id,
            Kind = kind,
            Reason = reason,
            At = context.Now,
        });
        var answers = context.Variables["answers"] as JsonObject ?? [];
        answers[party] = kind == TransitionAnswerKind.Approve ? "approve" : "reject";
        context.Variables["answers"] = answers;

        var model = await TransitionMessages.PartyModelAsync(context, transition).ConfigureAwait(false);
        model["answer"] = new JsonObject
        {
            ["party"] = party,
            ["kind"] = kind == TransitionAnswerKind.Approve ? "approve" : "reject",
            ["reason"] = reason,
            ["onBehalfOf"] = delegation?.ChiefNegotiatorId,
        };
        await effects.NotifyAsync("transition-answer-recorded", [R.Actor], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>remind-undecided-chief-negotiators</c>: a reminder to the Chief Negotiators (and delegates) of parties that have not answered.</summary>
internal sealed class RemindUndecidedChiefNegotiators : IWorkflowActivity
{
    public string Name => "remind-undecided-chief-negotiators";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-reminder"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var model = await TransitionMessages.PartyModelAsync(context, transition).ConfigureAwait(false);
        model["calendar"] = transition.Calendar(await Phases.PhaseNames.ReadAsync(context.Db, context.CancellationToken).ConfigureAwait(false));
        model["offset"] = context.Payload["offset"]?.DeepClone();
        await effects.NotifyAsync("transition-reminder", [R.UndecidedChiefNegotiators], [R.UndecidedDelegates], [], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>report-transition-rejection</c>: the transition is blocked; the Secretariat gets the reasons and the counts and
/// may revise it. The transition is still open (a revision starts a new round), so by the visibility rule
/// (<see cref="AnswerVisibility"/>) the Chief Negotiators' and their delegates' copy says that it is blocked and how many
/// parties answered, not the others' answers, reasons or the counts by kind.
/// </summary>
internal sealed class ReportTransitionRejection : IWorkflowActivity
{
    public string Name => "report-transition-rejection";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-rejected"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var model = await TransitionMessages.ModelAsync(context, transition).ConfigureAwait(false);
        var rejections = await TransitionMessages.RejectionsAsync(context, transition.Round).ConfigureAwait(false);
        model["rejectionsByParty"] = rejections;
        var history = context.Variables["rejected"] as JsonArray ?? [];
        history.Add(new JsonObject { ["round"] = transition.Round, ["at"] = StepInput.Iso(context.Now), ["parties"] = rejections.DeepClone() });
        context.Variables["rejected"] = history;
        await effects.NotifyAsync("transition-rejected", [R.Secretariat], [], [], model).ConfigureAwait(false);
        await effects.NotifyAsync("transition-rejected", [], [], [R.ChiefNegotiators, R.ActiveDelegates], await TransitionMessages.PartyModelAsync(context, transition).ConfigureAwait(false)).ConfigureAwait(false);
    }
}

/// <summary><c>revise-transition-proposal</c>: after a rejection, the Secretariat proposes again: a new justification and deadline, a new round.</summary>
internal sealed class ReviseTransitionProposal(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "revise-transition-proposal";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var justification = StepInput.RequiredText(context.Payload, "justification", "A revised proposal needs its (revised) justification.", code: "justification-required");
        var deadline = StepInput.FutureInstant(context.Payload, "deadline", context.Now, "A revised proposal needs a new deadline.", code: "deadline-required");
        var parties = await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Transition, parties.Select(p => p.Code), deadline, Calendars.DeadlineUrgency.From(context.Payload)).ConfigureAwait(false);
        context.Variables["justification"] = justification;
        context.Variables["deadline"] = StepInput.Iso(deadline);
        context.Variables["round"] = transition.Round + 1;
        context.Variables["answers"] = new JsonObject();
    }
}

/// <summary><c>escalate-transition</c>: the deadline passed without a decision; the Secretariat lead is told who has not answered.</summary>
internal sealed class EscalateTransition : IWorkflowActivity
{
    public string Name => "escalate-transition";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-escalated"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var model = await TransitionMessages.ModelAsync(context, transition).ConfigureAwait(false);
        context.Variables["escalatedAt"] = StepInput.Iso(context.Now);
        await effects.NotifyAsync("transition-escalated", [R.SecretariatLead], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>extend-transition-deadline</c>: after an escalation, a later deadline with a reason; answers given so far stand.</summary>
internal sealed class ExtendTransitionDeadline(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "extend-transition-deadline";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        Reasons.Required(context.Payload, "An extension needs a reason.");
        var deadline = StepInput.FutureInstant(context.Payload, "deadline", context.Now, "A new deadline is required.", code: "deadline-required");
        if (deadline <= transition.Deadline)
        {
            throw new StepRejectedException("The new deadline must be later than the current one.", "deadline") { Code = "deadline-not-later" };
        }

        var parties = await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Transition, parties.Select(p => p.Code), deadline, Calendars.DeadlineUrgency.From(context.Payload)).ConfigureAwait(false);
        context.Variables["deadline"] = StepInput.Iso(deadline);
    }
}

/// <summary><c>record-transition-withdrawal</c>: the Secretariat withdraws the proposal, with a reason.</summary>
internal sealed class RecordTransitionWithdrawal : IWorkflowActivity
{
    public string Name => "record-transition-withdrawal";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["withdrawalReason"] = Reasons.Required(context.Payload, "A withdrawal needs a reason.");
        return Task.CompletedTask;
    }
}

/// <summary><c>announce-transition</c>: on entering Approved or Withdrawn, everyone concerned is told.</summary>
internal sealed class AnnounceTransition : IWorkflowActivity
{
    public string Name => "announce-transition";

    public IReadOnlyCollection<string> Templates { get; } = ["transition-approved", "transition-withdrawn"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var transition = StageTransition.From(context);
        var tally = await ApprovalTally.ComputeAsync(context).ConfigureAwait(false);
        var model = await TransitionMessages.ModelAsync(context, transition, tally).ConfigureAwait(false);
        var answers = await ApprovalTally.CurrentAnswersAsync(context, transition.Round).ConfigureAwait(false);
        model["approvedBy"] = await NegotiationMessages.PartiesAsync(context, answers.Values.Where(a => a.Kind == TransitionAnswerKind.Approve).Select(a => a.PartyCode).Order(StringComparer.Ordinal)).ConfigureAwait(false);
        if (context.Instance.State == "Approved")
        {
            context.Variables["decidedAt"] = StepInput.Iso(context.Now);
            await effects.NotifyAsync("transition-approved", [R.Delegations], [], [R.ActiveDelegates, R.Secretariat], model).ConfigureAwait(false);
            // Observers learn the outcome, not which party approved (AnswerVisibility).
            var outcomeOnly = (JsonObject)model.DeepClone();
            outcomeOnly.Remove("approvedBy");
            await effects.NotifyAsync("transition-approved", [], [], [R.Observers], outcomeOnly).ConfigureAwait(false);
        }
        else
        {
            model["reason"] = context.Variables["withdrawalReason"]?.DeepClone();
            await effects.NotifyAsync("transition-withdrawn", [R.ChiefNegotiators], [R.ActiveDelegates], [R.Secretariat], model).ConfigureAwait(false);
        }
    }
}

/// <summary><c>approval-rule-met</c>: with the answer being given, the approvals the rule needs are there.</summary>
internal sealed class ApprovalRuleMet : IWorkflowGuard
{
    public string Name => "approval-rule-met";

    public async ValueTask<bool> EvaluateAsync(IStepContext context) => (await ApprovalTally.ComputeAsync(context).ConfigureAwait(false)).Met;
}

/// <summary><c>approval-blocked</c>: with the answer being given, the rule can no longer be met (consensus: a rejection).</summary>
internal sealed class ApprovalBlocked : IWorkflowGuard
{
    public string Name => "approval-blocked";

    public async ValueTask<bool> EvaluateAsync(IStepContext context) => (await ApprovalTally.ComputeAsync(context).ConfigureAwait(false)).Blocked;
}
