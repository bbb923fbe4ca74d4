using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CartifFlow.Engine.Definitions;

/// <summary>
/// Reads one YAML definition into a <see cref="WorkflowDefinition"/>, collecting every structural fault
/// with its <c>file:line:col</c>. Cross-references to the outside world (guards, activities, roles,
/// templates, other workflows) are checked afterwards by <see cref="WorkflowDefinitionValidator"/>.
/// </summary>
public static class WorkflowDefinitionLoader
{
    /// <summary>Keys allowed at the top of a definition; the JSON Schema in <c>workflows/</c> lists the same.</summary>
    public static readonly IReadOnlySet<string> TopLevelKeys = new HashSet<string>(StringComparer.Ordinal)
        { "id", "version", "title", "description", "started-by", "parameters", "triggers", "initial", "states" };

    /// <summary>Keys allowed in a state.</summary>
    public static readonly IReadOnlySet<string> StateKeys = new HashSet<string>(StringComparer.Ordinal)
        { "description", "final", "initial", "entry", "exit", "on", "states" };

    /// <summary>Keys allowed in a transition.</summary>
    public static readonly IReadOnlySet<string> TransitionKeys = new HashSet<string>(StringComparer.Ordinal)
        { "to", "when", "action", "actions" };

    /// <summary>Built-in activity kinds; anything else under <c>action:</c> must be registered.</summary>
    public static readonly IReadOnlySet<string> ActivityKinds = new HashSet<string>(StringComparer.Ordinal)
        { "notify", "timer", "cancel-timer", "set", "start", "action" };

    /// <summary>Parses <paramref name="text"/> read from <paramref name="file"/>.</summary>
    /// <returns>The definition when the file is structurally sound, and every fault found.</returns>
    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Load(string file, string text)
    {
        var reader = new Reader(file);
        var stream = new YamlStream();
        try
        {
            using var input = new StringReader(text);
            stream.Load(input);
        }
        catch (YamlException ex)
        {
            reader.Error(ex.Start, "YAML syntax: " + Clean(ex.Message));
            return (null, reader.Errors);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, when the text ends inside a flow { } or [ ].
            var lines = text.TrimEnd().Split('\n');
            reader.Errors.Add(new DefinitionError(new SourceLocation(file, lines.Length, lines[^1].Length + 1), "YAML syntax: the file ends inside a { } or [ ] that is not closed"));
            return (null, reader.Errors);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reader.Error(new Mark(), "a definition is one YAML mapping with id, version, initial and states");
            return (null, reader.Errors);
        }

        // YAML allows a list or a mapping as a key ([a, b]: x, or ? {a: 1}); a definition's keys are plain names.
        CheckKeysArePlain(root, reader);
        if (reader.Errors.Count > 0)
        {
            return (null, reader.Errors);
        }

        var definition = reader.ReadDefinition(root, text);
        return (reader.Errors.Count == 0 ? definition : null, reader.Errors);
    }

    private static void CheckKeysArePlain(YamlNode node, Reader reader)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode)
                    {
                        reader.Error(key.Start, "a key must be a plain name, not a list or a mapping");
                    }

                    CheckKeysArePlain(value, reader);
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    CheckKeysArePlain(item, reader);
                }

                break;
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is already ours.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private sealed class Reader(string file)
    {
        private readonly Dictionary<string, StateDefinition> _states = new(StringComparer.Ordinal);

        public List<DefinitionError> Errors { get; } = [];

        public SourceLocation At(YamlNode node) => At(node.Start);

        public SourceLocation At(Mark mark) => new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

        public void Error(Mark mark, string message) => Errors.Add(new DefinitionError(At(mark), message));

        public void Error(YamlNode node, string message) => Error(node.Start, message);

        public WorkflowDefinition? ReadDefinition(YamlMappingNode root, string text)
        {
            CheckKeys(root, TopLevelKeys, "definition");
            var id = Scalar(root, "id", required: true);
            var versionNode = Child(root, "version");
            var version = 0;
            if (versionNode is null)
            {
                Error(root, "'version' is required (a positive whole number)");
            }
            else if (versionNode is not YamlScalarNode { Value: { } v } || !int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
            {
                Error(versionNode, "'version' must be a positive whole number");
            }

            if (id is not null && !IsName(id))
            {
                Error(Child(root, "id")!, $"'{id}' is not a valid id (lower-case letters, digits and dashes)");
            }

            var parameters = ReadParameters(Child(root, "parameters"));
            var triggers = ReadTriggers(Child(root, "triggers"));
            var startedBy = StringList(Child(root, "started-by"), "started-by");
            var statesNode = Child(root, "states");
            if (statesNode is not YamlMappingNode statesMap || statesMap.Children.Count == 0)
            {
                Error(statesNode ?? root, "'states' must map state names to states");
            }
            else
            {
                ReadStates(statesMap, parent: null);
            }

            var initialNode = Child(root, "initial");
            var initial = Scalar(root, "initial", required: true);
            if (initial is not null && _states.Count > 0)
            {
                if (!_states.TryGetValue(initial, out var initialState))
                {
                    Error(initialNode!, $"unknown state '{initial}'");
                }
                else if (initialState.Parent is not null)
                {
                    Error(initialNode!, $"the initial state '{initial}' must be a top-level state");
                }
            }

            if (id is null || version == 0 || initial is null)
            {
                return null;
            }

            return new WorkflowDefinition
            {
                Id = id,
                Version = version,
                Title = Scalar(root, "title", required: false),
                Location = At(root),
                Source = text,
                SourceHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
                StartedBy = startedBy,
                StartedByLocation = Child(root, "started-by") is { } startedByNode ? At(startedByNode) : null,
                Parameters = parameters,
                Triggers = triggers,
                States = _states,
                InitialState = initial,
                InitialLocation = initialNode is null ? null : At(initialNode),
            };
        }

        private Dictionary<string, ParameterDefinition> ReadParameters(YamlNode? node)
        {
            var result = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
            if (node is null)
            {
                return result;
            }

            if (node is not YamlMappingNode map)
            {
                Error(node, "'parameters' must map names to { type, default }");
                return result;
            }

            foreach (var (keyNode, valueNode) in map.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (valueNode is not YamlMappingNode p)
                {
                    Error(valueNode, $"parameter '{name}' must be a mapping with a type");
                    continue;
                }

                CheckKeys(p, new HashSet<string>(StringComparer.Ordinal) { "type", "default", "values", "required", "description" }, $"parameter '{name}'");
                var typeText = Scalar(p, "type", required: true);
                if (typeText is null)
                {
                    continue;
                }

                if (!TryParameterType(typeText, out var type))
                {
                    Error(Child(p, "type")!, $"unknown parameter type '{typeText}' (string, integer, boolean, duration, durations, instant, choice)");
                    continue;
                }

                var values = StringList(Child(p, "values"), "values");
                if (type == ParameterType.Choice && values.Count == 0)
                {
                    Error(p, $"choice parameter '{name}' needs 'values'");
                }

                var required = Scalar(p, "required", required: false) is "true";
                var defaultNode = Child(p, "default");
                JsonNode? defaultValue = null;
                if (defaultNode is not null)
                {
                    defaultValue = ReadValue(defaultNode, type, values, $"default of '{name}'");
                }

                result[name] = new ParameterDefinition(name, type, required, defaultValue, values, At(keyNode));
            }

            return result;
        }

        public JsonNode? ReadValue(YamlNode node, ParameterType type, IReadOnlyList<string> values, string what)
        {
            if (type == ParameterType.Durations)
            {
                if (node is not YamlSequenceNode seq)
                {
                    Error(node, $"{what} must be a list of durations");
                    return null;
                }

                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    string? err = "a duration is expected";
                    if (item is YamlScalarNode { Value: { } s } && IsoDuration.TryParse(s, out _, out err))
                    {
                        array.Add(s);
                    }
                    else
                    {
                        Error(item, "bad duration: " + err);
                    }
                }

                return array;
            }

            if (node is not YamlScalarNode { Value: { } text })
            {
                Error(node, $"{what} must be a single value");
                return null;
            }

            var (value, error) = ParameterValues.Parse(type, text, values);
            if (error is not null)
            {
                Error(node, (type == ParameterType.Duration ? "bad duration: " : string.Empty) + error);
            }

            return value;
        }

        private Dictionary<string, TriggerDefinition> ReadTriggers(YamlNode? node)
        {
            var result = new Dictionary<string, TriggerDefinition>(StringComparer.Ordinal);
            if (node is not YamlMappingNode map)
            {
                Error(node ?? new YamlScalarNode(), "'triggers' must map trigger names to { roles }");
                return result;
            }

            foreach (var (keyNode, valueNode) in map.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (valueNode is not YamlMappingNode t)
                {
                    Error(valueNode, $"trigger '{name}' must be a mapping with roles");
                    continue;
                }

                CheckKeys(t, new HashSet<string>(StringComparer.Ordinal) { "roles", "for-party", "description" }, $"trigger '{name}'");
                var roles = StringList(Child(t, "roles"), "roles");
                if (roles.Count == 0)
                {
                    Error(t, $"trigger '{name}' must name the roles that may fire it");
                }

                result[name] = new TriggerDefinition(name, roles, Scalar(t, "for-party", required: false) is "true", At(keyNode));
            }

            return result;
        }

        private void ReadStates(YamlMappingNode map, string? parent)
        {
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (_states.ContainsKey(name))
                {
                    Error(keyNode, $"state '{name}' is declared twice");
                    continue;
                }

                var state = valueNode as YamlMappingNode;
                if (state is null && !(valueNode is YamlScalarNode { Value: null or "" or "~" }))
                {
                    Error(valueNode, $"state '{name}' must be a mapping");
                    continue;
                }

                state ??= new YamlMappingNode();
                CheckKeys(state, StateKeys, $"state '{name}'");
                var substates = new List<string>();
                if (Child(state, "states") is { } subNode)
                {
                    if (subNode is YamlMappingNode subMap)
                    {
                        substates.AddRange(subMap.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? string.Empty));
                    }
                    else
                    {
                        Error(subNode, "'states' must map state names to states");
                    }
                }

                var initialNode = Child(state, "initial");
                var initial = Scalar(state, "initial", required: false);
                if (initial is not null && !substates.Contains(initial))
                {
                    Error(initialNode!, $"unknown state '{initial}': 'initial' must name one of the sub-states of '{name}'");
                }
                else if (initial is null && substates.Count > 0)
                {
                    Error(keyNode, $"state '{name}' has sub-states and so needs 'initial'");
                }

                var final = Scalar(state, "final", required: false) is "true";
                var on = ReadTransitions(Child(state, "on"));
                if (final && on.Count > 0)
                {
                    Error(Child(state, "on")!, $"final state '{name}' cannot have transitions");
                }

                _states[name] = new StateDefinition
                {
                    Name = name,
                    Parent = parent,
                    InitialSubstate = initial is not null && substates.Contains(initial) ? initial : null,
                    InitialLocation = initialNode is null ? null : At(initialNode),
                    Final = final,
                    Description = Scalar(state, "description", required: false),
                    Entry = ReadActivities(Child(state, "entry")),
                    Exit = ReadActivities(Child(state, "exit")),
                    On = on,
                    Substates = substates,
                    Location = At(keyNode),
                };

                if (Child(state, "states") is YamlMappingNode nested)
                {
                    ReadStates(nested, name);
                }
            }
        }

        private Dictionary<string, IReadOnlyList<TransitionDefinition>> ReadTransitions(YamlNode? node)
        {
            var result = new Dictionary<string, IReadOnlyList<TransitionDefinition>>(StringComparer.Ordinal);
            if (node is null)
            {
                return result;
            }

            if (node is not YamlMappingNode map)
            {
                Error(node, "'on' must map triggers to transitions");
                return result;
            }

            foreach (var (keyNode, valueNode) in map.Children)
            {
                var trigger = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                var items = valueNode switch
                {
                    YamlSequenceNode seq => seq.Children.ToList(),
                    _ => [valueNode],
                };
                var list = new List<TransitionDefinition>();
                foreach (var item in items)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } target })
                    {
                        // Shorthand: "trigger: Target".
                        // In a list, the item is the transition's place (an error about it points at its own line).
                        list.Add(new TransitionDefinition(trigger, target, null, [], At(valueNode is YamlSequenceNode ? item : keyNode), At(item), null));
                        continue;
                    }

                    if (item is not YamlMappingNode t)
                    {
                        Error(item, $"transition on '{trigger}' must be a state name or a mapping with to, when, action");
                        continue;
                    }

                    CheckKeys(t, TransitionKeys, $"transition on '{trigger}'");
                    var actions = new List<ActivityDefinition>();
                    if (Child(t, "action") is YamlScalarNode { Value: { } actionName } actionNode)
                    {
                        actions.Add(new CustomActivity(actionName, At(actionNode)));
                    }

                    actions.AddRange(ReadActivities(Child(t, "actions")));
                    list.Add(new TransitionDefinition(
                        trigger,
                        Scalar(t, "to", required: false),
                        Scalar(t, "when", required: false),
                        actions,
                        At(item),
                        Child(t, "to") is { } to ? At(to) : null,
                        Child(t, "when") is { } when ? At(when) : null));
                }

                for (var i = 0; i < list.Count - 1; i++)
                {
                    if (list[i].When is null)
                    {
                        Errors.Add(new DefinitionError(list[i + 1].Location, $"this transition on '{trigger}' can never be taken: an earlier one has no 'when'"));
                    }
                }

                result[trigger] = list;
            }

            return result;
        }

        private List<ActivityDefinition> ReadActivities(YamlNode? node)
        {
            var result = new List<ActivityDefinition>();
            if (node is null)
            {
                return result;
            }

            if (node is not YamlSequenceNode seq)
            {
                Error(node, "activities are a list, one '- kind: { ... }' per item");
                return result;
            }

            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode { Children.Count: 1 } m)
                {
                    Error(item, "each activity is a mapping with one key: notify, timer, cancel-timer, set, start or action");
                    continue;
                }

                var (kindNode, body) = m.Children.First();
                var kind = ((YamlScalarNode)kindNode).Value ?? string.Empty;
                var at = At(item);
                switch (kind)
                {
                    case "notify" when body is YamlMappingNode n:
                        CheckKeys(n, new HashSet<string>(StringComparer.Ordinal) { "template", "to", "cc", "info", "with" }, "notify");
                        var template = Scalar(n, "template", required: true) ?? string.Empty;
                        var to = StringList(Child(n, "to"), "to");
                        if (to.Count == 0)
                        {
                            Error(n, "notify needs 'to'");
                        }

                        result.Add(new NotifyActivity(template, to, StringList(Child(n, "cc"), "cc"), StringList(Child(n, "info"), "info"), StringMap(Child(n, "with")), at, Child(n, "template") is { } tn ? At(tn) : at));
                        break;
                    case "timer" when body is YamlMappingNode t:
                        ReadTimer(t, at, result);
                        break;
                    case "cancel-timer" when body is YamlScalarNode { Value: { Length: > 0 } timerName }:
                        result.Add(new CancelTimerActivity(timerName, at));
                        break;
                    case "set" when body is YamlMappingNode s:
                        foreach (var (k, v) in s.Children)
                        {
                            if (v is YamlScalarNode { Value: { } value })
                            {
                                result.Add(new SetActivity(((YamlScalarNode)k).Value ?? string.Empty, value, At(k)));
                            }
                            else
                            {
                                Error(v, "set takes 'variable: value' pairs with single values");
                            }
                        }

                        break;
                    case "start" when body is YamlMappingNode c:
                        CheckKeys(c, new HashSet<string>(StringComparer.Ordinal) { "workflow", "version", "key", "with", "on-complete" }, "start");
                        int? version = null;
                        if (Scalar(c, "version", required: false) is { } vText)
                        {
                            if (int.TryParse(vText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
                            {
                                version = v;
                            }
                            else
                            {
                                Error(Child(c, "version")!, "'version' must be a positive whole number");
                            }
                        }

                        result.Add(new StartChildActivity(
                            Scalar(c, "workflow", required: true) ?? string.Empty,
                            version,
                            Scalar(c, "key", required: false),
                            StringMap(Child(c, "with")),
                            Scalar(c, "on-complete", required: false),
                            at,
                            Child(c, "on-complete") is { } oc ? At(oc) : null));
                        break;
                    case "action" when body is YamlScalarNode { Value: { Length: > 0 } actionName }:
                        result.Add(new CustomActivity(actionName, At(body)));
                        break;
                    default:
                        Error(kindNode, ActivityKinds.Contains(kind)
                            ? $"activity '{kind}' has the wrong shape"
                            : $"unknown activity '{kind}' (notify, timer, cancel-timer, set, start or action: <registered name>)");
                        break;
                }
            }

            return result;
        }

        private void ReadTimer(YamlMappingNode t, SourceLocation at, List<ActivityDefinition> result)
        {
            CheckKeys(t, new HashSet<string>(StringComparer.Ordinal) { "name", "at", "after", "before", "offsets", "fires" }, "timer");
            var name = Scalar(t, "name", required: true);
            var fires = Scalar(t, "fires", required: true);
            var kinds = new[] { ("at", TimerKind.At), ("after", TimerKind.After), ("before", TimerKind.Before) }
                .Where(k => Child(t, k.Item1) is not null).ToList();
            if (kinds.Count != 1)
            {
                Error(t, "a timer needs exactly one of 'at', 'after' or 'before'");
                return;
            }

            var (key, kind) = kinds[0];
            var expression = Scalar(t, key, required: true) ?? string.Empty;
            if (kind == TimerKind.After && !expression.StartsWith('$') && !IsoDuration.TryParse(expression, out _, out var err))
            {
                Error(Child(t, key)!, "bad duration: " + err);
            }

            string? offsets = null;
            var offsetsNode = Child(t, "offsets");
            if (kind == TimerKind.Before)
            {
                if (offsetsNode is YamlScalarNode { Value: { } o } && o.StartsWith('$'))
                {
                    offsets = o;
                }
                else if (offsetsNode is YamlSequenceNode seq)
                {
                    var parsed = ReadValue(seq, ParameterType.Durations, [], "offsets");
                    offsets = parsed?.ToJsonString();
                }
                else
                {
                    Error(offsetsNode ?? t, "a 'before' timer needs 'offsets': a list of durations or a $parameter");
                }
            }
            else if (offsetsNode is not null)
            {
                Error(offsetsNode, "'offsets' goes only with 'before'");
            }

            if (name is not null && fires is not null)
            {
                result.Add(new TimerActivity(name, kind, expression, offsets, fires, at, At(Child(t, "fires")!)));
            }
        }

        private void CheckKeys(YamlMappingNode map, IReadOnlySet<string> allowed, string what)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k))
                {
                    Error(key, $"unknown key '{(key as YamlScalarNode)?.Value}' in {what} (allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))})");
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? Scalar(YamlMappingNode map, string key, bool required)
        {
            var node = Child(map, key);
            if (node is null)
            {
                if (required)
                {
                    Error(map, $"'{key}' is required");
                }

                return null;
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }

            Error(node, $"'{key}' must be a single value");
            return null;
        }

        private List<string> StringList(YamlNode? node, string key)
        {
            switch (node)
            {
                case null:
                    return [];
                case YamlScalarNode { Value: { Length: > 0 } one }:
                    return [one];
                case YamlSequenceNode seq:
                    var list = new List<string>();
                    foreach (var item in seq.Children)
                    {
                        if (item is YamlScalarNode { Value: { Length: > 0 } s })
                        {
                            list.Add(s);
                        }
                        else
                        {
                            Error(item, $"'{key}' items must be single values");
                        }
                    }

                    return list;
                default:
                    Error(node, $"'{key}' must be a value or a list of values");
                    return [];
            }
        }

        private Dictionary<string, string> StringMap(YamlNode? node)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node is null)
            {
                return result;
            }

            if (node is not YamlMappingNode map)
            {
                Error(node, "'with' must map names to values");
                return result;
            }

            foreach (var (k, v) in map.Children)
            {
                if (v is YamlScalarNode { Value: { } value })
                {
                    result[((YamlScalarNode)k).Value ?? string.Empty] = value;
                }
                else
                {
                    Error(v, "'with' values must be single values or $references");
                }
            }

            return result;
        }

        private static bool IsName(string text) =>
            text.Length > 0 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && char.IsAsciiLetterLower(text[0]);

        private static bool TryParameterType(string text, out ParameterType type)
        {
            type = text switch
            {
                "string" => ParameterType.String,
                "integer" => ParameterType.Integer,
                "boolean" => ParameterType.Boolean,
                "duration" => ParameterType.Duration,
                "durations" => ParameterType.Durations,
                "instant" => ParameterType.Instant,
                "choice" => ParameterType.Choice,
                _ => (ParameterType)(-1),
            };
            return type >= 0;
        }
    }
}
