using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using CartifFlow.Web.Pages;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace CartifFlow.Web.Workflows;

/// <summary>
/// Characters no request text may carry, checked once where requests are bound (JSON bodies of the API:
/// <see cref="TextInputJsonConverter"/>; forms of the pages: <see cref="TextInputPageFilter"/>): control characters
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
/// Every text a page binds (its <c>[BindProperty]</c> strings and its handlers' string arguments) passes
/// <see cref="TextInput"/>; a refused one answers 400 with the form's field named, and the handler does not run.
/// </summary>
internal sealed class TextInputPageFilter(IStringLocalizer<Pages.PageTexts> pageTexts) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var texts = context.HandlerArguments.Where(a => a.Value is string).Select(a => (a.Key, a.Value as string))
            .Concat(context.HandlerInstance.GetType().GetProperties()
                .Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(BindPropertyAttribute), inherit: true) && p.CanRead)
                .Select(p => (p.Name, p.GetValue(context.HandlerInstance) as string)));
        foreach (var (field, value) in texts)
        {
            if (TextInput.FirstRefused(value) is { } c)
            {
                var lang = Pages.PageLanguage.Of(context.HttpContext);
                context.Result = new ContentResult
                {
                    StatusCode = StatusCodes.Status400BadRequest,
                    ContentType = "text/html; charset=utf-8",
                    Content = RefusalPage(lang, field, c),
                };
                return;
            }
        }

        await next();
    }

    private string RefusalPage(string lang, string field, char c)
    {
        var title = pageTexts.Text("text-refused.title");
        var message = pageTexts.Text("text-refused", field, ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        return $"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)} — CartifFlow</title><link rel=\"stylesheet\" href=\"/cartifflow.css\"></head>"
            + $"<body><main id=\"main\"><h1>{System.Net.WebUtility.HtmlEncode(title)}</h1><p class=\"error\" role=\"alert\" id=\"{System.Net.WebUtility.HtmlEncode(field)}-error\">{System.Net.WebUtility.HtmlEncode(message)}</p>"
            + "</main></body></html>";
    }
}
