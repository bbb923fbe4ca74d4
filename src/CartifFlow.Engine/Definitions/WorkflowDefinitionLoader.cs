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
internal static class WorkflowDefinitionLoader
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
        var reader = new DefinitionReader(file);
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

    private static void CheckKeysArePlain(YamlNode node, DefinitionReader reader)
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
}
