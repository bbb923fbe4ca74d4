namespace CartifFlow.Engine.Definitions;

/// <summary>
/// A loaded, validated workflow definition: one <c>workflows/*.yaml</c> file. Instances are pinned to
/// (<see cref="Id"/>, <see cref="Version"/>) for their whole life.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>Stable identifier, e.g. <c>written-procedure</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Positive version; a changed behaviour gets a new version.</summary>
    public required int Version { get; init; }

    /// <summary>Human title shown in diagrams and pages.</summary>
    public string? Title { get; init; }

    /// <summary>Where the definition came from.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>
    /// The file's text, recorded with its hash at the first start of an instance on this version: the host refuses to
    /// start when a version that running instances use was edited in place or removed
    /// (<see cref="Runtime.WorkflowEngine.CheckRunningVersionsAsync"/>).
    /// </summary>
    public required string Source { get; init; }

    /// <summary>SHA-256 of <see cref="Source"/>, hex.</summary>
    public required string SourceHash { get; init; }

    /// <summary>Roles allowed to start an instance from outside (children are started by the engine).</summary>
    public IReadOnlyList<string> StartedBy { get; init; } = [];

    /// <summary>Where <see cref="StartedBy"/> is declared (the definition's own location when it is not).</summary>
    public SourceLocation? StartedByLocation { get; init; }

    /// <summary>Declared parameters, in file order.</summary>
    public IReadOnlyDictionary<string, ParameterDefinition> Parameters { get; init; } = new Dictionary<string, ParameterDefinition>();

    /// <summary>Declared triggers.</summary>
    public IReadOnlyDictionary<string, TriggerDefinition> Triggers { get; init; } = new Dictionary<string, TriggerDefinition>();

    /// <summary>Every state, sub-states included, by name (names are unique within a definition).</summary>
    public IReadOnlyDictionary<string, StateDefinition> States { get; init; } = new Dictionary<string, StateDefinition>();

    /// <summary>The top-level state an instance starts in.</summary>
    public required string InitialState { get; init; }

    /// <summary>Location of the <c>initial</c> key.</summary>
    public SourceLocation? InitialLocation { get; init; }

    /// <summary>Key used in messages and logs: <c>id@version</c>.</summary>
    public string Key => $"{Id}@{Version}";

    /// <summary>The state and its superstates, innermost first.</summary>
    public IEnumerable<StateDefinition> Lineage(string state)
    {
        for (var current = States.GetValueOrDefault(state); current is not null; current = current.Parent is null ? null : States.GetValueOrDefault(current.Parent))
        {
            yield return current;
        }
    }

    /// <summary>The leaf state entered when <paramref name="state"/> is targeted (following <c>initial</c> of sub-states).</summary>
    public string ResolveLeaf(string state)
    {
        var current = States[state];
        while (current.InitialSubstate is not null)
        {
            current = States[current.InitialSubstate];
        }

        return current.Name;
    }
}

/// <summary>The type of a parameter or variable.</summary>
public enum ParameterType
{
    /// <summary>Free text.</summary>
    String,
    /// <summary>Whole number.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An ISO-8601 duration (P5D).</summary>
    Duration,
    /// <summary>A list of ISO-8601 durations ([P5D, P2D, P1D]).</summary>
    Durations,
    /// <summary>An instant with an offset (2026-06-03T17:00:00+08:00).</summary>
    Instant,
    /// <summary>One of a fixed list of values.</summary>
    Choice,
}

/// <summary>A declared parameter with its default.</summary>
public sealed record ParameterDefinition(
    string Name,
    ParameterType Type,
    bool Required,
    System.Text.Json.Nodes.JsonNode? Default,
    IReadOnlyList<string> Values,
    SourceLocation Location)
{
    /// <summary>
    /// The longest text a <see cref="ParameterType.String"/> parameter takes (<c>max-length</c>), checked when an
    /// instance starts; null when the definition sets none (the engine's own limit,
    /// <see cref="Runtime.WorkflowEngine.MaxInputText"/>, still applies).
    /// </summary>
    public int? MaxLength { get; init; }
}

/// <summary>A trigger and who may fire it.</summary>
/// <param name="Name">Trigger name.</param>
/// <param name="Roles">Roles allowed to fire it; the built-in role <c>system</c> stands for timers and child completion.</param>
/// <param name="ForParty">When true the actor acts for their own party: an actor without a party, or a payload naming another party, is refused.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record TriggerDefinition(string Name, IReadOnlyList<string> Roles, bool ForParty, SourceLocation Location);

/// <summary>A state, possibly nested, possibly final.</summary>
public sealed class StateDefinition
{
    /// <summary>State name, unique in the definition.</summary>
    public required string Name { get; init; }

    /// <summary>Enclosing state, if a sub-state.</summary>
    public string? Parent { get; init; }

    /// <summary>Sub-state entered when this state is targeted.</summary>
    public string? InitialSubstate { get; init; }

    /// <summary>Location of <c>initial</c> in this state, if any.</summary>
    public SourceLocation? InitialLocation { get; init; }

    /// <summary>A final state ends the instance.</summary>
    public bool Final { get; init; }

    /// <summary>Human description.</summary>
    public string? Description { get; init; }

    /// <summary>Activities run on entering.</summary>
    public IReadOnlyList<ActivityDefinition> Entry { get; init; } = [];

    /// <summary>Activities run on leaving (timers started in the state are cancelled after them).</summary>
    public IReadOnlyList<ActivityDefinition> Exit { get; init; } = [];

    /// <summary>Transitions by trigger, in file order: the first whose guard holds is taken.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TransitionDefinition>> On { get; init; } = new Dictionary<string, IReadOnlyList<TransitionDefinition>>();

    /// <summary>Names of direct sub-states.</summary>
    public IReadOnlyList<string> Substates { get; init; } = [];

    /// <summary>Where the state is declared.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>A guarded transition; with no target it is internal (the state is not left).</summary>
public sealed record TransitionDefinition(
    string Trigger,
    string? To,
    string? When,
    IReadOnlyList<ActivityDefinition> Actions,
    SourceLocation Location,
    SourceLocation? ToLocation,
    SourceLocation? WhenLocation)
{
    /// <summary>True when the state is kept (no exit or entry activities run).</summary>
    public bool Internal => To is null;
}

/// <summary>An activity: one of the built-ins or a registered domain activity.</summary>
public abstract record ActivityDefinition(SourceLocation Location);

/// <summary>Writes one outbox message per envelope the recipient resolver produces.</summary>
public sealed record NotifyActivity(
    string Template,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Info,
    IReadOnlyDictionary<string, string> With,
    SourceLocation Location,
    SourceLocation TemplateLocation) : ActivityDefinition(Location);

/// <summary>How a timer's due time is computed.</summary>
public enum TimerKind
{
    /// <summary>At an instant (<c>at: $deadline</c>).</summary>
    At,
    /// <summary>A duration after entering the state (<c>after: P3D</c>).</summary>
    After,
    /// <summary>A series at offsets before an instant (<c>before: $deadline, offsets: $reminders</c>); offsets already past are skipped.</summary>
    Before,
}

/// <summary>Starts a durable timer owned by the declaring state.</summary>
public sealed record TimerActivity(
    string Name,
    TimerKind Kind,
    string Expression,
    string? Offsets,
    string Fires,
    SourceLocation Location,
    SourceLocation FiresLocation) : ActivityDefinition(Location);

/// <summary>Cancels the pending timers of a name.</summary>
public sealed record CancelTimerActivity(string Name, SourceLocation Location) : ActivityDefinition(Location);

/// <summary>Sets a variable to a literal or to an expression (<c>$var</c>, <c>$payload.field</c>, <c>$now</c>).</summary>
public sealed record SetActivity(string Variable, string Value, SourceLocation Location) : ActivityDefinition(Location);

/// <summary>Starts a child instance; its completion fires <see cref="OnComplete"/> on the parent.</summary>
public sealed record StartChildActivity(
    string Workflow,
    int? Version,
    string? Key,
    IReadOnlyDictionary<string, string> With,
    string? OnComplete,
    SourceLocation Location,
    SourceLocation? OnCompleteLocation) : ActivityDefinition(Location);

/// <summary>Runs a domain activity registered by name.</summary>
public sealed record CustomActivity(string Name, SourceLocation Location) : ActivityDefinition(Location);
