using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CartifFlow.Engine.Definitions;

/// <summary>
/// Reads one parsed YAML definition, collecting every structural fault with its <c>file:line:col</c>: the definition's
/// own keys, parameters and triggers here, its states, transitions and activities in DefinitionReader.States.cs.
/// </summary>
internal sealed partial class DefinitionReader(string file)
{
    private readonly Dictionary<string, StateDefinition> _states = new(StringComparer.Ordinal);

    public List<DefinitionError> Errors { get; } = [];

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    public void Error(Mark mark, string message) => Errors.Add(new DefinitionError(At(mark), message));

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    public WorkflowDefinition? ReadDefinition(YamlMappingNode root, string text)
    {
        CheckKeys(root, WorkflowDefinitionLoader.TopLevelKeys, "definition");
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

            CheckKeys(p, new HashSet<string>(StringComparer.Ordinal) { "type", "default", "values", "required", "description", "max-length" }, $"parameter '{name}'");
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

            var maxLength = ReadMaxLength(p, name, type);
            if (maxLength is { } max && defaultValue is JsonValue d && d.TryGetValue<string>(out var text) && text.Length > max)
            {
                Error(defaultNode!, $"the default of '{name}' is {text.Length} characters long, longer than its max-length ({max})");
            }

            result[name] = new ParameterDefinition(name, type, required, defaultValue, values, At(keyNode)) { MaxLength = maxLength };
        }

        return result;
    }

    /// <summary>A parameter's <c>max-length</c>: a whole number from 1 to the engine's own limit, for a string parameter only.</summary>
    private int? ReadMaxLength(YamlMappingNode parameter, string name, ParameterType type)
    {
        var node = Child(parameter, "max-length");
        if (node is null)
        {
            return null;
        }

        if (type != ParameterType.String)
        {
            Error(node, $"'max-length' applies to string parameters only; '{name}' is not one");
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text }
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || max < 1 || max > Runtime.WorkflowEngine.MaxInputText)
        {
            Error(node, $"'max-length' of '{name}' must be a whole number from 1 to {Runtime.WorkflowEngine.MaxInputText} (the engine's own limit)");
            return null;
        }

        return max;
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
