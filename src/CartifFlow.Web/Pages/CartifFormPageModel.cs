using Microsoft.AspNetCore.Html;

namespace CartifFlow.Web.Pages;

/// <summary>A page with a form: errors by field, shown at the field (<c>id="{field}-error"</c>).</summary>
public abstract class CartifFormPageModel : CartifPageModel
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IHtmlContent ErrorFor(string field) => Errors.TryGetValue(field, out var message)
        ? new HtmlContentBuilder().AppendHtml($"<p id=\"{field}-error\" class=\"error\" role=\"alert\">").Append(message).AppendHtml("</p>")
        : HtmlString.Empty;

    /// <summary>The errors of an API-style validation (first message per field).</summary>
    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            Errors[field] = messages.Length > 0 ? messages[0] : field;
        }
    }
}
