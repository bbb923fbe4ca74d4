using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Runtime;

/// <summary>Reads instances, their children and history, checks their audit chains, and answers which triggers an actor may fire now.</summary>
internal sealed class InstanceQueries(IWorkflowDbContextFactory dbFactory, TransitionRunner runner, TimeProvider time)
{
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly TransitionRunner _runner = runner;
    private readonly TimeProvider _time = time;

    /// <summary>The triggers <paramref name="actor"/> may fire on the instance now (role, state and guards).</summary>
    public async Task<IReadOnlyList<string>> GetPermittedTriggersAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Status != InstanceStatus.Running)
        {
            return [];
        }

        var definition = _runner.Catalog.Get(instance.DefinitionId, instance.DefinitionVersion);
        var result = new List<string>();
        var triggers = definition.Lineage(instance.State).SelectMany(s => s.On.Keys).Distinct(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            if (TriggerAuthorization.Authorize(definition, trigger, actor, []) is not null)
            {
                continue;
            }

            var step = new Step(_runner, db, instance, definition, trigger, [], actor, EngineClock.Now(_time), new StepSignals(), cancellationToken);
            if (await _runner.SelectAsync(step).ConfigureAwait(false) is not null)
            {
                result.Add(trigger);
            }
        }

        return result;
    }

    /// <summary>Reads an instance's state and variables.</summary>
    public async Task<InstanceView?> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : InstanceView.From(instance);
    }

    /// <summary>Finds an instance by its definition and correlation key.</summary>
    public async Task<InstanceView?> FindAsync(string definitionId, string correlationKey, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking()
            .FirstOrDefaultAsync(i => i.DefinitionId == definitionId && i.CorrelationKey == correlationKey, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : InstanceView.From(instance);
    }

    /// <summary>Every instance of a workflow, newest first.</summary>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var rows = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(InstanceView.From).ToList();
    }

    /// <summary>The running instances of a workflow, newest first: filtered in the database, so a list of what is open does not read what is closed.</summary>
    public async Task<IReadOnlyList<InstanceView>> ListRunningAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var rows = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId && i.Status == InstanceStatus.Running).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(InstanceView.From).ToList();
    }

    /// <summary>The instance's children.</summary>
    public async Task<IReadOnlyList<InstanceView>> GetChildrenAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == instanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return children.OrderBy(c => c.CreatedAt).Select(InstanceView.From).ToList();
    }

    /// <summary>The instance's audit events, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return events.Select(e => new HistoryEntry(e.Sequence, e.At, e.ActorId, e.ActorParty, e.Trigger, e.FromState, e.ToState, JsonNode.Parse(e.PayloadJson)!.AsObject(), e.Hash)).ToList();
    }

    /// <summary>Recomputes the instance's hash chain: a changed, removed or inserted event breaks it.</summary>
    public async Task<AuditVerification> VerifyAuditChainAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        var broken = AuditChain.FirstBreak(events, instance?.AuditHead ?? AuditChain.Genesis);
        return new AuditVerification(events.Count, broken is null, broken);
    }
}
