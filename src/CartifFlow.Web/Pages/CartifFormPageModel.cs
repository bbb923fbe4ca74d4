using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages;

/// <summary>A page with a form: errors by field, shown at the field (<c>id="{field}-error"</c>).</summary>
public abstract class CartifFormPageModel : CartifPageModel, IFieldErrors
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IHtmlContent ErrorFor(string field) => Errors.TryGetValue(field, out var message)
        ? new HtmlContentBuilder().AppendHtml($"<p id=\"{field}-error\" class=\"error\" role=\"alert\">").Append(message).AppendHtml("</p>")
        : HtmlString.Empty;

    /// <summary>
    /// The form's submission id: a hidden field made when the form is shown and sent back with it. A form that starts
    /// something gives it to the engine as the start's idempotency key, so that the same form sent twice (a double
    /// click, a resend after a lost answer) starts one thing and shows it.
    /// </summary>
    [BindProperty]
    public string? Submission { get; set; }

    /// <summary>The submission id to put in the form: the one it was sent with, or a new one.</summary>
    public string SubmissionId => Submission ??= Guid.NewGuid().ToString("N");

    /// <summary>An engine refusal, shown at its field when the form has it, else above the form (<c>request</c>).</summary>
    protected void AddRefusal(StepResult result, params string[] fields) =>
        Errors[result.Field is { } field && fields.Contains(field, StringComparer.Ordinal) ? field : "request"] = Refusal(result);

    /// <summary>
    /// The faults of a check shared with the API (<see cref="FieldError"/>), in the reader's language, each at
    /// <c>{prefix}{field}</c> (a form's fields are <c>{form}-{field}</c> on a page with several forms).
    /// </summary>
    private protected void AddErrors(IEnumerable<KeyValuePair<string, FieldError>> errors, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, error) in errors)
        {
            Errors[prefix + field] = Field(error);
        }
    }

    /// <summary>The errors of an API-style validation (first message per field).</summary>
    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            Errors[field] = messages.Length > 0 ? messages[0] : field;
        }
    }
}
