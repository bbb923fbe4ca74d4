using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages;

/// <summary>
/// A page of the negotiation's process with one or more forms, each firing one workflow trigger through the engine as
/// the API does. A form's fields are named <c>{form}-{field}</c> (ids and errors, so several forms live on one page);
/// a form is shown only when the engine permits its trigger to the reader now (<see cref="May"/>).
/// </summary>
public abstract class ProcessPageModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time) : CartifFormPageModel
{
    protected WorkflowEngine Engine => engine;

    protected ICartifFlowDbContextFactory Factory => factory;

    protected IOptions<NegotiationOptions> Options => options;

    protected TimeProvider Time => time;

    /// <summary>The seat's time zone: times the Secretariat gives are local time there.</summary>
    public string Seat => options.Value.SeatTimeZone;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The step that was just done (shown once, after the redirect).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>The notice of the step just done, from its page text <c>{prefix}{Done}</c>; null when there is none (an unknown value in the link shows nothing).</summary>
    public string? DoneNotice(string prefix) => Done is { } done && HasText(prefix + done) ? T(prefix + done) : null;

    /// <summary>The triggers the reader may fire now, by instance.</summary>
    private readonly Dictionary<Guid, IReadOnlyList<string>> _permitted = [];

    /// <summary>The API's per-request bundle, so a page reads exactly as the API does.</summary>
    private protected ApiRequest Api(CancellationToken cancellationToken) => ApiRequest.For(this, engine, factory, options, time, cancellationToken);

    /// <summary>Reads (once per request) what the reader may fire on an instance.</summary>
    protected async Task PermittedAsync(InstanceView? instance, CancellationToken cancellationToken)
    {
        if (instance is not null && !_permitted.ContainsKey(instance.Id))
        {
            _permitted[instance.Id] = await engine.GetPermittedTriggersAsync(instance.Id, User.ToActor(), cancellationToken);
        }
    }

    /// <summary>True when the reader may fire <paramref name="trigger"/> on the instance now (read by <see cref="PermittedAsync"/>).</summary>
    public bool May(InstanceView? instance, string trigger) =>
        instance is not null && _permitted.TryGetValue(instance.Id, out var triggers) && triggers.Contains(trigger, StringComparer.Ordinal);

    /// <summary>An instant typed in a form (local time in <paramref name="zone"/>), or null with the error at <c>{form}-{field}</c>.</summary>
    protected string? Instant(string? text, string zone, string form, string field, bool required = true)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var instant = WorkflowCommands.Instant(text, zone, field, errors, required);
        AddErrors(errors, $"{form}-");

        return instant;
    }

    /// <summary>
    /// The meeting's length from its start and end instants (ISO 8601 duration), or null: none when either is missing,
    /// and an error at <c>{form}-end</c> when the end is not after the start.
    /// </summary>
    protected string? Duration(string? start, string? end, string form)
    {
        if (start is null || end is null)
        {
            return null;
        }

        var length = DateTimeOffset.Parse(end, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
        if (length <= TimeSpan.Zero)
        {
            Errors[$"{form}-end"] = T("schedule.end-after-start");
            return null;
        }

        return XmlConvert.ToString(length);
    }

    /// <summary>A required text: null with the error at <c>{form}-{field}</c> when blank.</summary>
    protected string? Required(string? text, string form, string field, string messageKey)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors[$"{form}-{field}"] = T(messageKey);
            return null;
        }

        return text.Trim();
    }

    /// <summary>Refuses a text longer than <paramref name="max"/> at <c>{form}-{field}</c>, as the API does.</summary>
    protected void Limit(string form, string field, string? text, int max)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        FieldError.Limit(errors, field, text, max);
        AddErrors(errors, $"{form}-");
    }

    /// <summary>
    /// Fires the trigger on the current version (as the API without If-Match). Null when it was done (or the same step
    /// was done already by the same person); otherwise the page with the refusal at its field (<c>{form}-{field}</c>
    /// when the form has the field, else <c>{form}</c>), or 403.
    /// </summary>
    protected async Task<IActionResult?> FireAsync(InstanceView instance, string trigger, JsonObject payload, string form, string[] fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance.Id, trigger, User.ToActor(), WorkflowCommands.Clean(payload), cancellationToken);
        if (result.Applied || RepeatedSteps.IsRepeat(result))
        {
            return null;
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        Refuse(result, form, fields);
        return null;
    }

    /// <summary>Puts an engine refusal at its field of the form, else above the form.</summary>
    protected void Refuse(StepResult result, string form, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(result);
        Errors[result.Field is { } field && fields.Contains(field, StringComparer.Ordinal) ? $"{form}-{field}" : form] = Refusal(result);
    }

    /// <summary>The page again with its errors (400).</summary>
    protected IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>After a form: the page again with the errors, or a redirect to <paramref name="target"/> saying what was done.</summary>
    protected IActionResult After(IActionResult? refusal, string target, string done)
    {
        if (refusal is not null)
        {
            return refusal;
        }

        if (Errors.Count > 0)
        {
            return Refused();
        }

        var separator = target.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Redirect($"{target}{separator}done={Uri.EscapeDataString(done)}");
    }

    /// <summary>A text field, or null when blank.</summary>
    protected static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Codes typed as a list (commas, spaces or lines), upper-cased; null when none.</summary>
    protected static List<string>? CodeList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : [.. text.Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant())];

    /// <summary>An instant for the reader: in their time zone.</summary>
    public string Yours(DateTimeOffset instant) => Display.Instant(instant, Zone);

    /// <summary>An instant at the seat.</summary>
    public string AtSeat(DateTimeOffset instant) => Display.Instant(instant, Seat);
}
