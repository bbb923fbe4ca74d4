using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>Finds working groups through the caller's unit of work.</summary>
public static class WorkingGroupDirectory
{
    /// <summary>The working group of an area, with its participants, or null.</summary>
    public static async Task<WorkingGroup?> ForAreaAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<WorkingGroup>().Local.FirstOrDefault(g => g.AreaCode == area)
            ?? await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).FirstOrDefaultAsync(g => g.AreaCode == area, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The working group by key, with its participants, or null.</summary>
    public static async Task<WorkingGroup?> ByKeyAsync(DbContext db, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<WorkingGroup>().Local.FirstOrDefault(g => g.Key == key)
            ?? await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).FirstOrDefaultAsync(g => g.Key == key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The working group a step concerns: the working group itself, the group a text round belongs to
    /// (<c>workingGroup</c> variable), or the group of a meeting's area.
    /// </summary>
    internal static async Task<WorkingGroup?> FindForStepAsync(IStepContext context)
    {
        var db = context.Db;
        if (context.Definition.Id == WorkingGroupSteps.WorkflowId)
        {
            var id = context.Instance.Id;
            return db.Set<WorkingGroup>().Local.FirstOrDefault(g => g.InstanceId == id)
                ?? await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).FirstOrDefaultAsync(g => g.InstanceId == id, context.CancellationToken).ConfigureAwait(false);
        }

        if (StepInput.Variable(context, "workingGroup") is { } key)
        {
            return await ByKeyAsync(db, key, context.CancellationToken).ConfigureAwait(false);
        }

        return StepInput.Variable(context, "area") is { } area ? await ForAreaAsync(db, area, context.CancellationToken).ConfigureAwait(false) : null;
    }
}
