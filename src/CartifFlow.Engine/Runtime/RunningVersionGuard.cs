using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Engine.Runtime;

/// <summary>A running instance stays on the definition version it started with: that version may be neither edited in place nor removed.</summary>
internal sealed class RunningVersionGuard(WorkflowCatalog catalog, IWorkflowDbContextFactory dbFactory, ILogger logger)
{
    private readonly WorkflowCatalog _catalog = catalog;
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly ILogger _logger = logger;

    /// <summary>
    /// Checks the definitions against the versions running instances started on (recorded at their first start): a
    /// version edited in place, or no longer in the workflows folder, would leave those instances in states or with
    /// triggers it no longer has. Returns one error per such version, at its file when it has one.
    /// </summary>
    public async Task<IReadOnlyList<DefinitionError>> CheckRunningVersionsAsync(string workflowsPath, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var running = (await db.Instances.AsNoTracking().Where(i => i.Status == InstanceStatus.Running)
            .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion }).Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.DefinitionId, StringComparer.Ordinal).ThenBy(r => r.DefinitionVersion).ToList();
        var recorded = (await db.Definitions.AsNoTracking().Select(d => new { d.Id, d.Version, d.SourceHash, d.Source }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(d => (d.Id, d.Version), d => (d.SourceHash, d.Source));
        var errors = new List<DefinitionError>();
        foreach (var r in running)
        {
            if (!_catalog.TryGet(r.DefinitionId, r.DefinitionVersion, out var definition))
            {
                errors.Add(new DefinitionError(new SourceLocation(workflowsPath, 1, 1),
                    $"{r.DefinitionId} version {r.DefinitionVersion} is no longer in the workflows folder, but {r.Count} running instances use it: keep that version's file next to the new one"));
            }
            else if (recorded.TryGetValue((r.DefinitionId, r.DefinitionVersion), out var first) && !string.Equals(first.SourceHash, definition.SourceHash, StringComparison.OrdinalIgnoreCase))
            {
                // An edit of comments or layout only (the same keys, values and order) leaves the instances as they were.
                if (YamlMeaning.Hash(first.Source) is { } before && before == YamlMeaning.Hash(definition.Source))
                {
                    _logger.LogInformation("{Workflow} version {Version} was edited in place since it was first loaded, in comments or layout only", r.DefinitionId, r.DefinitionVersion);
                    continue;
                }

                // A parameter's max-length is checked when an instance starts, never again: running instances are as they were.
                if (YamlMeaning.HashWithoutParameterLimits(first.Source) is { } unlimited && unlimited == YamlMeaning.HashWithoutParameterLimits(definition.Source))
                {
                    _logger.LogInformation("{Workflow} version {Version} was edited in place since it was first loaded, in its parameters' max-length only", r.DefinitionId, r.DefinitionVersion);
                    continue;
                }

                errors.Add(new DefinitionError(definition.Location,
                    $"{r.DefinitionId} version {r.DefinitionVersion} was changed after {r.Count} running instances started on it: restore it, and put the change in a new file with version: {r.DefinitionVersion + 1}"));
            }
        }

        return errors;
    }
}
