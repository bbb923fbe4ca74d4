using System.Text.Json;
using System.Text.Json.Serialization;

namespace CartifFlow.Web.Workflows;

/// <summary>
/// Characters no request text may carry, checked once where requests are bound (JSON bodies of the API:
/// <see cref="TextInputJsonConverter"/>; forms of the pages: <see cref="Pages.TextInputPageFilter"/>): control characters
/// other than newline, carriage return and tab (NUL among them, which PostgreSQL cannot store), and the bidirectional
/// embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069), which make a title read differently
/// from what it says.
/// </summary>
internal static class TextInput
{
    public static bool IsRefused(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    /// <summary>The first refused character of a text, or null.</summary>
    public static char? FirstRefused(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (IsRefused(c))
            {
                return c;
            }
        }

        return null;
    }

    public static string Message(char c) =>
        $"The text contains a character that is not accepted (U+{(int)c:X4}: a control or text-direction character); remove it and send again.";
}

/// <summary>Every string of an API request body passes <see cref="TextInput"/>; a refused one is a 400 at its field.</summary>
internal sealed class TextInputJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (TextInput.FirstRefused(text) is { } c)
        {
            throw new RefusedTextException(TextInput.Message(c));
        }

        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A refused character in a request body; its message is meant for the client.</summary>
internal sealed class RefusedTextException(string message) : JsonException(message);
