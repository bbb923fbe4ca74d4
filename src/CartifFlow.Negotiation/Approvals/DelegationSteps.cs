using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Approvals;

/// <summary>The message model of a delegation notice.</summary>
internal static class DelegationMessages
{
    public static async Task<JsonObject> ModelAsync(IStepContext context, ApprovalDelegation delegation, string @event)
    {
        var people = await ParticipantDirectory.PeopleAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        string NameOf(string id) => people.FirstOrDefault(p => p.Id == id)?.Name ?? id;
        return new JsonObject
        {
            ["event"] = @event,
            ["delegation"] = new JsonObject
            {
                ["key"] = delegation.Key,
                ["party"] = (await NegotiationMessages.PartiesAsync(context, [delegation.PartyCode]).ConfigureAwait(false))[0]!.DeepClone(),
                ["chiefNegotiator"] = NameOf(delegation.ChiefNegotiatorId),
                ["delegate"] = NameOf(delegation.DelegateId),
                ["from"] = StepInput.Iso(delegation.ValidFrom),
                ["until"] = StepInput.Iso(delegation.ValidUntil),
                ["reason"] = delegation.Reason,
            },
            ["seatTimeZone"] = StepInput.SeatTimeZone(context),
        };
    }

    public static async Task<ApprovalDelegation> RowAsync(IStepContext context) =>
        await context.Db.Set<ApprovalDelegation>().FindAsync([context.Instance.Id], context.CancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Delegation {context.Instance.CorrelationKey} has no row.");
}

/// <summary>
/// <c>grant-delegation</c>: a Chief Negotiator names a lead negotiator of their own party to approve or reject
/// stage transitions for a period. One delegation at a time per party.
/// </summary>
internal sealed class GrantDelegation : IWorkflowActivity
{
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(366);

    public string Name => "grant-delegation";

    public IReadOnlyCollection<string> Templates { get; } = ["delegation"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var actor = context.Actor;
        if (!actor.Roles.Contains(NegotiationRoles.ChiefNegotiator) || actor.Party is not { } party)
        {
            throw new StepRejectedException("Only a party's Chief Negotiator may delegate approvals.", null, StepOutcome.Forbidden) { Code = "delegation-chief-only" };
        }

        var delegateId = StepInput.Variable(context, "delegate") ?? throw new StepRejectedException("Name the lead negotiator who approves instead.", "delegate") { Code = "delegate-required" };
        var person = await ParticipantDirectory.PersonAsync(context.Db, delegateId, context.CancellationToken).ConfigureAwait(false);
        if (person is null || person.PartyCode != party || !person.Holds(NegotiationRoles.LeadNegotiator))
        {
            throw new StepRejectedException($"'{delegateId}' is not a lead negotiator of {party}; approvals may be delegated only to one.", "delegate") { Code = "delegate-not-lead-negotiator", Arguments = [delegateId, party] };
        }

        var from = StepInput.InstantVariable(context, "from") ?? context.Now;
        var until = StepInput.InstantVariable(context, "until") ?? throw new StepRejectedException("Give the end of the period.", "until") { Code = "period-end-required" };
        if (until <= from || until <= context.Now)
        {
            throw new StepRejectedException("The period must end after it starts, and in the future.", "until") { Code = "period-end-invalid" };
        }

        if (until - from > LongestPeriod)
        {
            throw new StepRejectedException("A delegation lasts at most a year; delegate again afterwards.", "until") { Code = "period-too-long" };
        }

        var others = await context.Db.Set<ApprovalDelegation>().AsNoTracking().Where(d => d.PartyCode == party).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        if (others.FirstOrDefault(d => d.EndedAt is null && d.ValidFrom < until && from < d.ValidUntil) is { } overlapping)
        {
            throw new StepRejectedException($"{party} has delegated approvals already for that period ({overlapping.Key}, to {overlapping.DelegateId}); revoke it first.", "from", StepOutcome.Conflict) { Code = "delegation-overlaps", Arguments = [party, overlapping.Key, overlapping.DelegateId] };
        }

        var delegation = new ApprovalDelegation
        {
            Id = context.Instance.Id,
            Key = context.Instance.CorrelationKey,
            PartyCode = party,
            ChiefNegotiatorId = actor.Id,
            DelegateId = delegateId,
            ValidFrom = from,
            ValidUntil = until,
            Reason = Reasons.Optional(context.Variables),
            CreatedAt = context.Now,
        };
        context.Db.Set<ApprovalDelegation>().Add(delegation);
        context.Variables["from"] = StepInput.Iso(from);
        context.Variables["party"] = party;
        context.Variables["chiefNegotiator"] = actor.Id;
        await effects.NotifyAsync("delegation", [R.Delegate], [R.Delegator], [R.Secretariat], await DelegationMessages.ModelAsync(context, delegation, "granted").ConfigureAwait(false)).ConfigureAwait(false);
    }
}

/// <summary><c>revoke-delegation</c>: the party's Chief Negotiator ends the delegation early.</summary>
internal sealed class RevokeDelegation : IWorkflowActivity
{
    public string Name => "revoke-delegation";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var delegation = await DelegationMessages.RowAsync(context).ConfigureAwait(false);
        if (context.Actor.Party != delegation.PartyCode)
        {
            throw new StepRejectedException($"Only the Chief Negotiator of {delegation.PartyCode} may revoke this delegation.", "party", StepOutcome.Forbidden) { Code = "revoke-chief-only", Arguments = [delegation.PartyCode] };
        }

        delegation.EndedAt = context.Now;
        delegation.EndReason = "revoked";
    }
}

/// <summary><c>end-delegation</c>: on entering Revoked or Expired, the delegate and the Chief Negotiator are told.</summary>
internal sealed class EndDelegation : IWorkflowActivity
{
    public string Name => "end-delegation";

    public IReadOnlyCollection<string> Templates { get; } = ["delegation"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var delegation = await DelegationMessages.RowAsync(context).ConfigureAwait(false);
        if (delegation.EndedAt is null)
        {
            delegation.EndedAt = context.Now;
            delegation.EndReason = "expired";
        }

        var @event = delegation.EndReason ?? "expired";
        await effects.NotifyAsync("delegation", [R.Delegate], [R.Delegator], [R.Secretariat], await DelegationMessages.ModelAsync(context, delegation, @event).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
