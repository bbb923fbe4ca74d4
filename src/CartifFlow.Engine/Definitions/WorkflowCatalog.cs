using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CartifFlow.Engine.Definitions;

/// <summary>
/// The definitions the engine runs, by id and version. Built once at start-up from <c>workflows/</c>;
/// immutable afterwards, so it is safe to share between requests and nodes' threads.
/// </summary>
public sealed partial class WorkflowCatalog
{
    private readonly Dictionary<string, WorkflowDefinition> _byKey;
    private readonly Dictionary<string, WorkflowDefinition> _latest;

    /// <summary>Creates a catalog over validated definitions.</summary>
    public WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions)
    {
        All = definitions.OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Version).ToList();
        _byKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);
        _latest = All.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!, StringComparer.Ordinal);
    }

    /// <summary>Every definition, by id then version.</summary>
    public IReadOnlyList<WorkflowDefinition> All { get; }

    /// <summary>Finds a definition; without a version, the newest.</summary>
    public bool TryGet(string id, int? version, [NotNullWhen(true)] out WorkflowDefinition? definition)
    {
        definition = version is { } v ? _byKey.GetValueOrDefault($"{id}@{v}") : _latest.GetValueOrDefault(id);
        return definition is not null;
    }

    /// <summary>Finds a definition that must exist (an instance's pinned version).</summary>
    public WorkflowDefinition Get(string id, int version) =>
        _byKey.TryGetValue($"{id}@{version}", out var d)
            ? d
            : throw new InvalidOperationException($"Workflow definition {id} version {version} is not loaded; keep its file in workflows/ while instances run on it.");

    /// <summary>Loads and validates every <c>*.yaml</c> file of a folder.</summary>
    /// <exception cref="WorkflowDefinitionException">Any file is invalid.</exception>
    public static WorkflowCatalog LoadDirectory(string directory, DefinitionReferences references)
    {
        if (!Directory.Exists(directory))
        {
            throw new WorkflowDefinitionException([new DefinitionError(new SourceLocation(directory, 1, 1), "the workflows folder does not exist")]);
        }

        var files = Directory.EnumerateFiles(directory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Concat(Directory.EnumerateFiles(directory, "*.yml", SearchOption.TopDirectoryOnly))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), Path.GetFileName(f)), File.ReadAllText(f)));
        return Load(files, references);
    }

    /// <summary>Loads and validates definitions given as (file, text) pairs.</summary>
    /// <exception cref="WorkflowDefinitionException">Any definition is invalid.</exception>
    public static WorkflowCatalog Load(IEnumerable<(string File, string Text)> files, DefinitionReferences references)
    {
        var errors = new List<DefinitionError>();
        var definitions = new List<WorkflowDefinition>();
        var notLoaded = new List<string>();
        foreach (var (file, text) in files)
        {
            var (definition, fileErrors) = WorkflowDefinitionLoader.Load(file, text);
            errors.AddRange(fileErrors);
            if (definition is not null)
            {
                definitions.Add(definition);
            }
            else if (DeclaredId().Match(text) is { Success: true } id)
            {
                notLoaded.Add(id.Groups[1].Value);
            }
        }

        errors.AddRange(WorkflowDefinitionValidator.Validate(definitions, references, notLoaded));
        // The templates C# activities send, for the activities the definitions use (one no definition names never runs).
        var used = definitions.SelectMany(d => d.States.Values)
            .SelectMany(s => s.Entry.Concat(s.Exit).Concat(s.On.Values.SelectMany(ts => ts.SelectMany(t => t.Actions))))
            .OfType<CustomActivity>().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (activity, templates) in references.ActivityTemplates.Where(a => used.Contains(a.Key)))
        {
            foreach (var template in templates.Where(t => !references.Templates.Contains(t)))
            {
                errors.Add(new DefinitionError(new SourceLocation($"activity '{activity}'", 0, 0), $"sends template '{template}', which is not among the templates (workflows/templates)"));
            }
        }

        // The templates code outside activities sends (a job, a sign-in mail): it runs whatever the definitions say.
        foreach (var (sender, templates) in references.CodeTemplates)
        {
            foreach (var template in templates.Where(t => !references.Templates.Contains(t)))
            {
                errors.Add(new DefinitionError(new SourceLocation($"code '{sender}'", 0, 0), $"sends template '{template}', which is not among the templates (workflows/templates)"));
            }
        }

        if (errors.Count > 0)
        {
            // In file and line order, as an editor lists them; a file that did not load (bad YAML, unknown keys,
            // missing id or version) has only those faults, its references are checked once it loads.
            throw new WorkflowDefinitionException([.. errors
                .OrderBy(e => e.Location.File, StringComparer.Ordinal)
                .ThenBy(e => e.Location.Line)
                .ThenBy(e => e.Location.Column)]);
        }

        return new WorkflowCatalog(definitions);
    }

    /// <summary>The <c>id:</c> line of a file that did not load, read as text.</summary>
    [GeneratedRegex(@"^id:\s*([A-Za-z0-9][A-Za-z0-9-]*)\s*(?:#.*)?$", RegexOptions.Multiline)]
    private static partial Regex DeclaredId();
}
