using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CartifFlow.Engine.Definitions;

/// <summary>
/// What a YAML text says, apart from how it is written: a hash over its parse events (mappings, sequences, scalars
/// with their tags, anchors and aliases, and whether a scalar that could read as a number, a boolean or null is plain), in order. Comments, indentation, line breaks,
/// flow or block layout and the quoting of a string do not change it; any key, value or order does.
/// </summary>
internal static partial class YamlMeaning
{
    /// <summary>The hash of <paramref name="text"/>'s meaning, or null when it is not valid YAML.</summary>
    public static string? Hash(string text)
    {
        var canonical = new StringBuilder(text.Length);
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case Scalar s:
                        // A plain scalar that reads as a number, a boolean or null is typed by its text; quoted, it is a
                        // string. Any other plain scalar is a string either way.
                        Append(canonical, s.Style == ScalarStyle.Plain && Typed().IsMatch(s.Value) ? "T" : "S", s.Anchor.ToString(), s.Tag.ToString(), s.Value);
                        break;
                    case MappingStart m:
                        Append(canonical, "M", m.Anchor.ToString(), m.Tag.ToString());
                        break;
                    case SequenceStart q:
                        Append(canonical, "S", q.Anchor.ToString(), q.Tag.ToString());
                        break;
                    case AnchorAlias a:
                        Append(canonical, "A", a.Value.ToString());
                        break;
                    case MappingEnd:
                        canonical.Append("m;");
                        break;
                    case SequenceEnd:
                        canonical.Append("s;");
                        break;
                    case DocumentStart:
                        canonical.Append("D;");
                        break;
                }
            }
        }
        catch (YamlException)
        {
            return null;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>
    /// The hash of <paramref name="text"/>'s meaning without its parameters' <c>max-length</c>, or null when it is not
    /// valid YAML. A parameter's limit is checked only when an instance starts, so an instance already running is the
    /// same whatever it says.
    /// </summary>
    public static string? HashWithoutParameterLimits(string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return null;
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlDotNet.RepresentationModel.YamlMappingNode root
                && root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("parameters"), out var parameters)
                && parameters is YamlDotNet.RepresentationModel.YamlMappingNode declared)
            {
                foreach (var parameter in declared.Children.Values.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>())
                {
                    parameter.Children.Remove(new YamlDotNet.RepresentationModel.YamlScalarNode("max-length"));
                }
            }
        }

        using var written = new StringWriter();
        stream.Save(written, assignAnchors: false);
        return Hash(written.ToString());
    }

    /// <summary>Plain scalars YAML (1.2's core schema, and 1.1's yes/no/on/off) may read as other than a string.</summary>
    [GeneratedRegex(@"^(|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Typed();

    private static void Append(StringBuilder canonical, string kind, params string[] parts)
    {
        canonical.Append(kind);
        foreach (var part in parts)
        {
            // Length-prefixed, so that no value can pass for a boundary.
            canonical.Append(':').Append(part.Length).Append(':').Append(part);
        }

        canonical.Append(';');
    }
}
