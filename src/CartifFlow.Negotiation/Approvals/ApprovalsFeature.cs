using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Approvals;

/// <summary>Stage transitions and delegations of approvals, as the engine knows them.</summary>
internal static class ApprovalsFeature
{
    public static IServiceCollection AddApprovals(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<OpenTransitionProposal>()
        .Activity<AskChiefNegotiators>()
        .Activity<RecordTransitionAnswer>()
        .Activity<RemindUndecidedChiefNegotiators>()
        .Activity<ReportTransitionRejection>()
        .Activity<ReviseTransitionProposal>()
        .Activity<EscalateTransition>()
        .Activity<ExtendTransitionDeadline>()
        .Activity<RecordTransitionWithdrawal>()
        .Activity<AnnounceTransition>()
        .Guard<ApprovalRuleMet>()
        .Guard<ApprovalBlocked>()
        .Activity<GrantDelegation>()
        .Activity<RevokeDelegation>()
        .Activity<EndDelegation>()
        .Recipients(R.UndecidedChiefNegotiators, async s => s.Holding(NegotiationRoles.ChiefNegotiator, s.Except(await AnsweredPartiesAsync(s).ConfigureAwait(false))))
        .Recipients(R.UndecidedDelegates, async s => await DelegatesAsync(s, s.Except(await AnsweredPartiesAsync(s).ConfigureAwait(false))).ConfigureAwait(false))
        .Recipients(R.ActiveDelegates, s => DelegatesAsync(s, s.Negotiating))
        .Recipients(R.Delegate, async s => await DelegationPartyAsync(s, d => d?.DelegateId).ConfigureAwait(false))
        .Recipients(R.Delegator, async s => await DelegationPartyAsync(s, d => d?.ChiefNegotiatorId).ConfigureAwait(false))
        // Chief negotiators answer a stage transition from its messages.
        .OneClickLinks(NegotiationWorkflows.StageTransition, p => p.Holds(NegotiationRoles.ChiefNegotiator)));

    private static async Task<IEnumerable<Person>> DelegationPartyAsync(RecipientScope scope, Func<ApprovalDelegation?, string?> who)
    {
        var context = scope.Context;
        var delegation = await context.Db.Set<ApprovalDelegation>().FindAsync([context.Instance.Id], context.CancellationToken).ConfigureAwait(false);
        var id = who(delegation);
        return scope.People.Where(p => p.Id == id);
    }

    private static async Task<IEnumerable<Person>> DelegatesAsync(RecipientScope scope, HashSet<string> partyCodes)
    {
        var context = scope.Context;
        var delegations = await context.Db.Set<ApprovalDelegation>().AsNoTracking().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var ids = delegations.Where(d => d.IsActiveAt(context.Now) && partyCodes.Contains(d.PartyCode)).Select(d => d.DelegateId).ToHashSet(StringComparer.Ordinal);
        return scope.People.Where(p => ids.Contains(p.Id));
    }

    private static async Task<HashSet<string>> AnsweredPartiesAsync(RecipientScope scope)
    {
        var context = scope.Context;
        var id = context.Instance.Id;
        var round = StepInput.IntegerVariable(context, "round", 1);
        var stored = await context.Db.Set<TransitionAnswer>().AsNoTracking().Where(a => a.InstanceId == id && a.Round == round)
            .Select(a => a.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<TransitionAnswer>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id && e.Entity.Round == round).Select(e => e.Entity.PartyCode);
        return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
    }
}
