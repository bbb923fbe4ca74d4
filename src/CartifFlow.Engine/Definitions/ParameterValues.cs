using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CartifFlow.Engine.Definitions;

/// <summary>Parses and checks parameter values, from YAML text or from a JSON start request.</summary>
internal static class ParameterValues
{
    /// <summary>Parses text as a value of <paramref name="type"/>; returns the JSON form or an error.</summary>
    public static (JsonNode? Value, string? Error) Parse(ParameterType type, string text, IReadOnlyList<string> values)
    {
        switch (type)
        {
            case ParameterType.String:
                return (JsonValue.Create(text), null);
            case ParameterType.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
                    ? (JsonValue.Create(i), null)
                    : (null, $"'{text}' is not a whole number");
            case ParameterType.Boolean:
                return text is "true" or "false" ? (JsonValue.Create(text == "true"), null) : (null, $"'{text}' is not true or false");
            case ParameterType.Duration:
                return IsoDuration.TryParse(text, out _, out var error) ? (JsonValue.Create(text), null) : (null, error);
            case ParameterType.Instant:
                return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                    && (text.EndsWith('Z') || text.Length > 6 && (text[^6] is '+' or '-'))
                    ? (JsonValue.Create(instant.ToUniversalTime()), null)
                    : (null, $"'{text}' is not an instant with an offset (for example 2026-06-03T17:00:00+08:00)");
            case ParameterType.Choice:
                return values.Contains(text, StringComparer.Ordinal)
                    ? (JsonValue.Create(text), null)
                    : (null, $"'{text}' is not one of {string.Join(", ", values)}");
            case ParameterType.Durations:
                var array = new JsonArray();
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!IsoDuration.TryParse(part, out _, out var err))
                    {
                        return (null, err);
                    }

                    array.Add(part);
                }

                return (array, null);
            default:
                return (null, $"unsupported type {type}");
        }
    }

    /// <summary>Checks and normalises a value supplied as JSON (e.g. from the API).</summary>
    public static (JsonNode? Value, string? Error) FromJson(ParameterDefinition parameter, JsonNode? node)
    {
        if (node is null)
        {
            return (null, "a value is required");
        }

        if (parameter.Type == ParameterType.Durations)
        {
            if (node is not JsonArray array)
            {
                return (null, "must be a list of ISO-8601 durations");
            }

            var result = new JsonArray();
            foreach (var item in array)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var s) || !IsoDuration.TryParse(s, out _, out var err))
                {
                    return (null, "must be a list of ISO-8601 durations");
                }

                result.Add(s);
            }

            return (result, null);
        }

        if (node is not JsonValue value)
        {
            return (null, $"must be a single {Describe(parameter.Type)}");
        }

        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null || (parameter.Type is ParameterType.Instant or ParameterType.Duration or ParameterType.Choice or ParameterType.String && value.GetValueKind() != JsonValueKind.String))
        {
            return (null, $"must be a {Describe(parameter.Type)}");
        }

        return Parse(parameter.Type, text, parameter.Values);
    }

    /// <summary>Reads an instant variable.</summary>
    public static DateTimeOffset ToInstant(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String
            ? DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
            : throw new FormatException("not an instant");

    private static string Describe(ParameterType type) => type switch
    {
        ParameterType.Instant => "string holding an instant with an offset",
        ParameterType.Duration => "string holding an ISO-8601 duration",
        ParameterType.Integer => "whole number",
        ParameterType.Boolean => "boolean",
        _ => "string",
    };
}
