using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CartifFlow.Engine.Definitions;

/// <summary>States, their transitions and activities.</summary>
internal sealed partial class DefinitionReader
{
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
            CheckKeys(state, WorkflowDefinitionLoader.StateKeys, $"state '{name}'");
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

                CheckKeys(t, WorkflowDefinitionLoader.TransitionKeys, $"transition on '{trigger}'");
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
                    Error(kindNode, WorkflowDefinitionLoader.ActivityKinds.Contains(kind)
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
}
