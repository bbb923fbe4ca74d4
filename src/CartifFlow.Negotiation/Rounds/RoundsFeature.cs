using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>The text rounds of working groups, as the engine knows them.</summary>
internal static class RoundsFeature
{
    public static IServiceCollection AddRounds(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<CirculateRevision>()
        .Activity<RecordRoundComment>()
        .Activity<RemindRoundMembers>()
        .Activity<CloseComments>()
        .Activity<RecordConsolidatedRevision>()
        .Activity<CirculateConsolidatedRevision>()
        .Recipients(R.RoundNonCommenters, async s =>
        {
            var group = await WorkingGroupDirectory.FindForStepAsync(s.Context).ConfigureAwait(false);
            var commented = await CommentedPartiesAsync(s).ConfigureAwait(false);
            return s.Holding(NegotiationRoles.FocalPoint, WorkingGroupsFeature.Members(s, group).Where(p => !commented.Contains(p)).ToHashSet(StringComparer.Ordinal));
        }));

    private static async Task<HashSet<string>> CommentedPartiesAsync(RecipientScope scope)
    {
        var context = scope.Context;
        var id = context.Instance.Id;
        var stored = await context.Db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == id)
            .Select(c => c.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<RoundComment>().Where(e => e.State == EntityState.Added && e.Entity.RoundInstanceId == id).Select(e => e.Entity.PartyCode);
        return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
    }
}
