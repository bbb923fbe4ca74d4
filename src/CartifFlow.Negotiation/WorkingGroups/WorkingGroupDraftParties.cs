using CartifFlow.Negotiation.Drafts;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>The working groups' members and observers, by area, for the drafts' rule of who reads what.</summary>
internal sealed class WorkingGroupDraftParties : IDraftAreaParties
{
    public async Task<IReadOnlyDictionary<string, DraftAreaParties>> ByAreaAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var groups = await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).ToListAsync(cancellationToken).ConfigureAwait(false);
        var byArea = new Dictionary<string, DraftAreaParties>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            byArea[group.AreaCode] = new DraftAreaParties(
                group.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode).ToHashSet(StringComparer.Ordinal),
                group.Participants.Where(p => p.Role == WorkingGroupRole.Observer).Select(p => p.PartyCode).ToHashSet(StringComparer.Ordinal));
        }

        return byArea;
    }
}
