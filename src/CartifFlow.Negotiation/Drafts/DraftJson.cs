using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// The canonical JSON of a revision's text (how it is stored, and how tests compare two models:
/// <c>DraftJson.Serialize(a) == DraftJson.Serialize(b)</c>). camelCase, compact, segments tagged
/// <c>"kind": "text" | "bracket"</c>, null footnotes and parts omitted.
/// </summary>
public static class DraftJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The text as canonical JSON.</summary>
    public static string Serialize(DraftText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return JsonSerializer.Serialize(text, Options);
    }

    /// <summary>Reads JSON written by <see cref="Serialize"/>; throws <see cref="JsonException"/> on anything else.</summary>
    public static DraftText Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var text = JsonSerializer.Deserialize<DraftText>(json, Options) ?? throw new JsonException("The draft text is null.");
        if (text.Articles is null)
            throw new JsonException("The draft text has no articles list.");
        return text;
    }
}
