namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// The canonical JSON of a revision's text (how it is stored, and how tests compare two models:
/// <c>DraftJson.Serialize(a) == DraftJson.Serialize(b)</c>). camelCase, compact, segments tagged
/// <c>"kind": "text" | "bracket"</c>, null footnotes omitted.
/// </summary>
public static class DraftJson
{
    /// <summary>The text as canonical JSON.</summary>
    public static string Serialize(DraftText text) => throw new NotImplementedException();

    /// <summary>Reads JSON written by <see cref="Serialize"/>; throws <see cref="System.Text.Json.JsonException"/> on anything else.</summary>
    public static DraftText Deserialize(string json) => throw new NotImplementedException();
}
