using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>Written procedures, as the engine knows them.</summary>
internal static class WrittenProceduresFeature
{
    public static IServiceCollection AddWrittenProcedures(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<CirculateProcedure>()
        .Activity<RecordResponse>()
        .Activity<RemindNonResponders>()
        .Activity<ExtendDeadline>()
        .Activity<RecordWithdrawal>()
        .Activity<RecordClosure>()
        .Activity<EscalateMissingParties>()
        .Activity<EscalateToSecretariatLead>()
        .Activity<CloseProcedure>()
        .Guard<ObjectionReceived>()
        .Guard<ProcedureAdopted>()
        .Recipients(R.NonResponders, async s => s.Holding(NegotiationRoles.FocalPoint, s.Except(await RespondedPartiesAsync(s).ConfigureAwait(false))))
        .Recipients(R.MissingChiefNegotiators, async s => s.Holding(NegotiationRoles.ChiefNegotiator, s.Except(await RespondedPartiesAsync(s).ConfigureAwait(false))))
        // Focal points and chief negotiators answer a procedure from its messages.
        .OneClickLinks(NegotiationWorkflows.WrittenProcedure, p => p.Holds(NegotiationRoles.FocalPoint) || p.Holds(NegotiationRoles.ChiefNegotiator)));

    private static async Task<HashSet<string>> RespondedPartiesAsync(RecipientScope scope)
    {
        var context = scope.Context;
        var id = context.Instance.Id;
        var stored = await context.Db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == id)
            .Select(r => r.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<ProcedureResponse>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id).Select(e => e.Entity.PartyCode);
        return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
    }
}
