namespace CartifFlow.Engine.Definitions;

/// <summary>What the definitions may refer to: the names the domain registered with the engine.</summary>
public sealed record DefinitionReferences(
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Guards,
    IReadOnlySet<string> Activities,
    IReadOnlySet<string> Templates,
    IReadOnlySet<string> RecipientGroups)
{
    /// <summary>The templates each registered activity sends from C# (<see cref="Runtime.IWorkflowActivity.Templates"/>), by activity name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> ActivityTemplates { get; init; } = new Dictionary<string, IReadOnlyCollection<string>>();

    /// <summary>
    /// The templates code outside activities sends (a recurring job, a sign-in mail), by the sending code's name
    /// (<see cref="WorkflowFeatureBuilder.Template{TSender}"/>); checked whatever the definitions use.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> CodeTemplates { get; init; } = new Dictionary<string, IReadOnlyCollection<string>>();
}

/// <summary>
/// Checks loaded definitions against each other and against the registered names: unknown states,
/// triggers, guards, activities, roles, templates, recipient groups and workflows; unreachable states;
/// missing final states; duplicate id and version.
/// </summary>
internal static class WorkflowDefinitionValidator
{
    /// <summary>The built-in role of the engine itself (timers, child completion).</summary>
    public const string SystemRole = "system";

    /// <summary>Validates a whole set; returns every fault in file and line order.</summary>
    /// <param name="definitions">The definitions that loaded.</param>
    /// <param name="references">The names the domain registers.</param>
    /// <param name="notLoaded">Ids of files that did not load (they have faults of their own): a reference to one is not also reported as unknown.</param>
    public static IReadOnlyList<DefinitionError> Validate(IReadOnlyList<WorkflowDefinition> definitions, DefinitionReferences references, IReadOnlyCollection<string>? notLoaded = null)
    {
        var errors = new List<DefinitionError>();
        var seen = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (seen.TryGetValue(definition.Key, out var first))
            {
                errors.Add(new DefinitionError(definition.Location, $"duplicate definition: {definition.Id} version {definition.Version} is also defined in {first.Location.File}"));
            }
            else
            {
                seen[definition.Key] = definition;
            }
        }

        var ids = definitions.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var failed = (notLoaded ?? []).Where(id => !ids.Contains(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            errors.AddRange(ValidateOne(definition, references, ids, failed, definitions));
        }

        return errors.OrderBy(e => e.Location.File, StringComparer.Ordinal).ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
    }

    /// <summary>
    /// A parameter passed on to a child (<c>with: { title: $termsTitle }</c>) must fit the child's <c>max-length</c>,
    /// known at load: the parent's parameter declares one no longer, or the child's start would be refused inside a
    /// step that cannot be taken back by whoever started the parent.
    /// </summary>
    private static void CheckChildLimits(WorkflowDefinition parent, StartChildActivity start, IReadOnlyList<WorkflowDefinition> all, Action<SourceLocation, string> error)
    {
        var child = all.Where(x => x.Id == start.Workflow && (start.Version is null || x.Version == start.Version)).MaxBy(x => x.Version);
        if (child is null)
        {
            return;
        }

        foreach (var (name, expression) in start.With)
        {
            if (child.Parameters.GetValueOrDefault(name) is { MaxLength: { } max }
                && expression.StartsWith('$')
                && parent.Parameters.GetValueOrDefault(expression[1..]) is { Type: ParameterType.String } passed
                && (passed.MaxLength is null || passed.MaxLength > max))
            {
                error(passed.Location, $"'{passed.Name}' is passed to {child.Id}'s '{name}', which takes at most {max} characters: give '{passed.Name}' a max-length of at most {max}");
            }
        }
    }

    private static List<DefinitionError> ValidateOne(WorkflowDefinition d, DefinitionReferences refs, HashSet<string> workflowIds, HashSet<string> notLoaded, IReadOnlyList<WorkflowDefinition> all)
    {
        var errors = new List<DefinitionError>();
        void Error(SourceLocation at, string message) => errors.Add(new DefinitionError(at, message));

        bool KnownRole(string role) => role == SystemRole || refs.Roles.Contains(role);
        foreach (var role in d.StartedBy.Where(r => !KnownRole(r)))
        {
            Error(d.StartedByLocation ?? d.Location, $"unknown role '{role}' in started-by (known: {Known(refs.Roles)})");
        }

        foreach (var trigger in d.Triggers.Values)
        {
            foreach (var role in trigger.Roles.Where(r => !KnownRole(r)))
            {
                Error(trigger.Location, $"unknown role '{role}' in trigger '{trigger.Name}' (known: {Known(refs.Roles)}, system)");
            }
        }

        var variables = new HashSet<string>(d.Parameters.Keys, StringComparer.Ordinal);
        foreach (var set in d.States.Values.SelectMany(AllActivities).OfType<SetActivity>())
        {
            variables.Add(set.Variable);
        }

        void CheckExpression(string expression, SourceLocation at)
        {
            if (!expression.StartsWith('$'))
            {
                return;
            }

            var name = expression[1..];
            if (name is "now" or "instance.key" or "instance.id" || name.StartsWith("payload.", StringComparison.Ordinal) || name.StartsWith("child.", StringComparison.Ordinal))
            {
                return;
            }

            if (!variables.Contains(name))
            {
                Error(at, $"unknown parameter or variable '{expression}'");
            }
        }

        void CheckTrigger(string trigger, SourceLocation at)
        {
            if (!d.Triggers.ContainsKey(trigger))
            {
                Error(at, $"unknown trigger '{trigger}' (declare it under 'triggers')");
            }
        }

        void CheckActivities(IEnumerable<ActivityDefinition> activities)
        {
            foreach (var activity in activities)
            {
                switch (activity)
                {
                    case NotifyActivity n:
                        if (!refs.Templates.Contains(n.Template))
                        {
                            Error(n.TemplateLocation, $"unknown template '{n.Template}' (none in workflows/templates)");
                        }

                        foreach (var group in n.To.Concat(n.Cc).Concat(n.Info).Where(g => !refs.RecipientGroups.Contains(g)))
                        {
                            Error(n.Location, $"unknown recipient group '{group}' (known: {Known(refs.RecipientGroups)})");
                        }

                        foreach (var value in n.With.Values)
                        {
                            CheckExpression(value, n.Location);
                        }

                        break;
                    case TimerActivity t:
                        CheckTrigger(t.Fires, t.FiresLocation);
                        CheckExpression(t.Expression, t.Location);
                        if (t.Offsets is not null)
                        {
                            CheckExpression(t.Offsets, t.Location);
                        }

                        if (t.Kind is TimerKind.At or TimerKind.Before && t.Expression.StartsWith('$') && d.Parameters.TryGetValue(t.Expression[1..], out var p) && p.Type != ParameterType.Instant)
                        {
                            Error(t.Location, $"'{t.Expression}' is a {p.Type.ToString().ToLowerInvariant()}, a timer's 'at' or 'before' needs an instant");
                        }

                        if (t.Kind is TimerKind.After && t.Expression.StartsWith('$') && d.Parameters.TryGetValue(t.Expression[1..], out var after) && after.Type != ParameterType.Duration)
                        {
                            Error(t.Location, $"'{t.Expression}' is of type {after.Type.ToString().ToLowerInvariant()}; a timer's 'after' needs a duration");
                        }

                        if (t.Offsets is { } offsets && offsets.StartsWith('$') && d.Parameters.TryGetValue(offsets[1..], out var o) && o.Type != ParameterType.Durations)
                        {
                            Error(t.Location, $"'{offsets}' is of type {o.Type.ToString().ToLowerInvariant()}; a timer's 'offsets' needs a list of durations (type durations)");
                        }

                        if (t.Kind is TimerKind.At or TimerKind.Before && !t.Expression.StartsWith('$'))
                        {
                            var (_, err) = ParameterValues.Parse(ParameterType.Instant, t.Expression, []);
                            if (err is not null)
                            {
                                Error(t.Location, err);
                            }
                        }

                        break;
                    case SetActivity s:
                        CheckExpression(s.Value, s.Location);
                        break;
                    case StartChildActivity c:
                        if (notLoaded.Contains(c.Workflow))
                        {
                            // Its own file's faults are reported; its versions are checked once it loads.
                        }
                        else if (!workflowIds.Contains(c.Workflow))
                        {
                            Error(c.Location, $"unknown workflow '{c.Workflow}'");
                        }
                        else if (c.Version is { } v && !all.Any(x => x.Id == c.Workflow && x.Version == v))
                        {
                            Error(c.Location, $"workflow '{c.Workflow}' has no version {v}");
                        }

                        if (c.OnComplete is not null)
                        {
                            CheckTrigger(c.OnComplete, c.OnCompleteLocation ?? c.Location);
                        }

                        foreach (var value in c.With.Values)
                        {
                            CheckExpression(value, c.Location);
                        }

                        CheckChildLimits(d, c, all, Error);
                        break;
                    case CustomActivity a when !refs.Activities.Contains(a.Name):
                        Error(a.Location, $"unknown activity '{a.Name}' (registered: {Known(refs.Activities)})");
                        break;
                }
            }
        }

        // A timer belongs to the state whose activities start it and is cancelled when that state is left: one started
        // on the way out (exit, a transition that leaves the state) or in a final state would never fire.
        void NoTimers(IEnumerable<ActivityDefinition> activities, string where)
        {
            foreach (var timer in activities.OfType<TimerActivity>())
            {
                Error(timer.Location, $"a timer in {where} would be cancelled at once and never fire; start it in the entry of the state that waits for it");
            }
        }

        foreach (var state in d.States.Values)
        {
            CheckActivities(state.Entry);
            CheckActivities(state.Exit);
            NoTimers(state.Exit, $"the exit of '{state.Name}'");
            if (state.Final)
            {
                NoTimers(state.Entry, $"the entry of the final state '{state.Name}'");
            }

            foreach (var (trigger, transitions) in state.On)
            {
                foreach (var t in transitions)
                {
                    CheckTrigger(trigger, t.Location);
                    if (t.To is not null && !d.States.ContainsKey(t.To))
                    {
                        Error(t.ToLocation ?? t.Location, $"unknown state '{t.To}'");
                    }

                    if (t.When is not null && !refs.Guards.Contains(t.When))
                    {
                        Error(t.WhenLocation ?? t.Location, $"unknown guard '{t.When}' (registered: {Known(refs.Guards)})");
                    }

                    CheckActivities(t.Actions);
                    if (t.To is not null && d.States.ContainsKey(t.To) && !d.Lineage(t.To).Skip(1).Any(s => s.Name == state.Name))
                    {
                        NoTimers(t.Actions, $"the actions of a transition that leaves '{state.Name}'");
                    }
                }
            }
        }

        if (!d.States.Values.Any(s => s.Final))
        {
            Error(d.Location, "no final state: every workflow must be able to end (mark one state 'final: true')");
        }

        foreach (var state in Unreachable(d))
        {
            Error(state.Location, $"state '{state.Name}' is unreachable from '{d.InitialState}'");
        }

        return errors;
    }

    private static IEnumerable<StateDefinition> Unreachable(WorkflowDefinition d)
    {
        if (!d.States.ContainsKey(d.InitialState))
        {
            return [];
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        void Reach(string name)
        {
            if (!d.States.TryGetValue(name, out var s) || !reached.Add(name))
            {
                return;
            }

            queue.Enqueue(name);
            if (s.Parent is not null)
            {
                Reach(s.Parent);
            }

            if (s.InitialSubstate is not null)
            {
                Reach(s.InitialSubstate);
            }
        }

        Reach(d.InitialState);
        while (queue.Count > 0)
        {
            var state = d.States[queue.Dequeue()];
            foreach (var t in state.On.Values.SelectMany(x => x).Where(t => t.To is not null))
            {
                Reach(t.To!);
            }
        }

        return d.States.Values.Where(s => !reached.Contains(s.Name));
    }

    private static IEnumerable<ActivityDefinition> AllActivities(StateDefinition s) =>
        s.Entry.Concat(s.Exit).Concat(s.On.Values.SelectMany(x => x).SelectMany(t => t.Actions));

    private static string Known(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
