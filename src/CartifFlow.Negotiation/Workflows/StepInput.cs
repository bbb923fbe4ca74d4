using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>
/// Reads a step's payload and variables. Bad input refuses the step with the field at fault, so the API can
/// answer 400 naming it; nothing is written.
/// </summary>
internal static class StepInput
{
    public const int MaxText = 20_000;

    /// <summary>Optional text: trimmed, null when absent or blank.</summary>
    public static string? Text(JsonObject payload, string field, int max = MaxText)
    {
        var node = payload[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new StepRejectedException($"'{field}' must be text.", field) { Code = "not-text", Arguments = [field] };
        }

        var text = node.GetValue<string>().Trim();
        return text.Length > max
            ? throw new StepRejectedException($"'{field}' is longer than {max} characters.", field) { Code = "text-too-long", Arguments = [field, max.ToString(CultureInfo.InvariantCulture)] }
            : text.Length == 0 ? null : text;
    }

    /// <summary>Required text; <paramref name="code"/> is the stable code of <paramref name="whenMissing"/> (the pages' <c>step.{code}</c>).</summary>
    public static string RequiredText(JsonObject payload, string field, string whenMissing, string code, int max = MaxText) =>
        Text(payload, field, max) ?? throw new StepRejectedException(whenMissing, field) { Code = code };

    /// <summary>Optional instant (ISO 8601 with an offset).</summary>
    public static DateTimeOffset? Instant(JsonObject payload, string field)
    {
        var text = Text(payload, field, 100);
        if (text is null)
        {
            return null;
        }

        // The offset is required: a time without one would be read in the server's own time zone.
        var hasOffset = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) && parsed.Kind != DateTimeKind.Unspecified;
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value.ToUniversalTime()
            : throw new StepRejectedException($"'{field}' must be an instant with an offset (for example 2026-06-03T10:00:00+08:00).", field) { Code = "not-an-instant", Arguments = [field] };
    }

    /// <summary>A required instant later than <paramref name="now"/>; <paramref name="code"/> is the stable code of <paramref name="whenMissing"/>.</summary>
    public static DateTimeOffset FutureInstant(JsonObject payload, string field, DateTimeOffset now, string whenMissing, string code)
    {
        var value = Instant(payload, field) ?? throw new StepRejectedException(whenMissing, field) { Code = code };
        return value <= now ? throw new StepRejectedException($"'{field}' must be in the future.", field) { Code = "not-in-future", Arguments = [field] } : value;
    }

    /// <summary>Optional boolean.</summary>
    public static bool? Boolean(JsonObject payload, string field) => payload[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new StepRejectedException($"'{field}' must be true or false.", field) { Code = "not-a-boolean", Arguments = [field] },
    };

    /// <summary>Optional whole number.</summary>
    public static int? Integer(JsonObject payload, string field) => payload[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var j) => j,
        _ => throw new StepRejectedException($"'{field}' must be a whole number.", field) { Code = "not-a-whole-number", Arguments = [field] },
    };

    /// <summary>Party or area codes given as a JSON list or as comma-separated text; upper case, distinct, in order.</summary>
    public static IReadOnlyList<string> Codes(JsonNode? node, string field)
    {
        IEnumerable<string?> items = node switch
        {
            null => [],
            JsonArray array => array.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new StepRejectedException($"'{field}' must list codes as text.", field) { Code = "not-a-code-list", Arguments = [field] }),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split(','),
            _ => throw new StepRejectedException($"'{field}' must be a list of codes.", field) { Code = "not-a-code-list", Arguments = [field] },
        };
        return items.Select(i => i!.Trim().ToUpperInvariant()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The seat's time zone as the workflow recorded it at its start (Asia/Manila when it did not).</summary>
    public static string SeatTimeZone(IStepContext context) => Variable(context, "seatTimeZone") ?? NegotiationOptions.DefaultSeatTimeZone;

    /// <summary>The calendar day of <paramref name="instant"/> at the seat (<c>2026-06-03</c>), as the Secretariat counts days.</summary>
    public static string SeatDay(IStepContext context, DateTimeOffset instant) =>
        (TimeZoneInfo.TryFindSystemTimeZoneById(SeatTimeZone(context), out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant.ToUniversalTime())
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A text variable, or null.</summary>
    public static string? Variable(IStepContext context, string name) =>
        context.Variables[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s ? s : null;

    /// <summary>An instant variable, or null.</summary>
    public static DateTimeOffset? InstantVariable(IStepContext context, string name) =>
        Variable(context, name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).ToUniversalTime() : null;

    /// <summary>A whole-number variable (stored as a number or as text), or <paramref name="fallback"/>.</summary>
    public static int IntegerVariable(IStepContext context, string name, int fallback = 0) => context.Variables[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<int>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, out var i) => i,
        _ => fallback,
    };

    /// <summary>An instant as variables and messages keep it: ISO 8601 in UTC.</summary>
    public static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The state a completed child reported to its parent (<c>$child.state</c>).</summary>
    public static string? ChildState(IStepContext context) => context.Payload["child"]?["state"]?.GetValue<string>();

    /// <summary>A text variable of the completed child.</summary>
    public static string? ChildVariable(IStepContext context, string name) =>
        context.Payload["child"]?["variables"]?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
