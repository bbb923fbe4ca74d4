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

/// <summary>
/// A NUL in a page's form body (<c>%00</c>) makes ASP.NET Core's form reader throw ("The path contains null
/// characters") as soon as anything reads the form (antiforgery first), which answered a bare 400 before any page code
/// ran. For the pages, the NULs are taken out of a URL-encoded form body before it is read and the fields that carried
/// one are kept with the request, so that <see cref="Pages.TextInputPageFilter"/> refuses them as any other refused character:
/// the page again, the error at the field, what was typed kept without the NUL.
/// </summary>
internal static class NulFormFields
{
    private const string Item = "CartifFlow.NulFormFields";

    public static IApplicationBuilder UseNulFormFields(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, context.RequestAborted).ConfigureAwait(false);
            var body = System.Text.Encoding.ASCII.GetString(copy.GetBuffer(), 0, (int)copy.Length);
            if (body.Contains("%00", StringComparison.Ordinal))
            {
                var fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var pairs = body.Split('&');
                for (var i = 0; i < pairs.Length; i++)
                {
                    if (!pairs[i].Contains("%00", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    pairs[i] = pairs[i].Replace("%00", "", StringComparison.Ordinal);
                    var name = pairs[i].Split('=', 2)[0];
                    fields.Add(Uri.UnescapeDataString(name.Replace('+', ' ')));
                }

                var cleaned = System.Text.Encoding.ASCII.GetBytes(string.Join('&', pairs));
                request.Body = new MemoryStream(cleaned);
                request.ContentLength = cleaned.Length;
                context.Items[Item] = fields;
            }
            else
            {
                request.Body.Position = 0;
            }
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>The form fields of the request that carried a NUL (taken out), by name.</summary>
    public static IReadOnlySet<string> Of(HttpContext context) =>
        context.Items.TryGetValue(Item, out var value) && value is HashSet<string> fields ? fields : new HashSet<string>();
}
