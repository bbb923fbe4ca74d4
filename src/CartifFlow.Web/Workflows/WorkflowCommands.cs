using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CartifFlow.Web.Workflows;

/// <summary>
/// What every feature's endpoints share: firing a trigger through the engine (which checks role and party) with
/// If-Match, turning refusals into ProblemDetails, parsing instants, and numbering keys.
/// </summary>
internal static class WorkflowCommands
{
    /// <summary>Fires a trigger; returns null when the step committed, otherwise the ProblemDetails to answer.</summary>
    public static async Task<IResult?> FireAsync(WorkflowEngine engine, InstanceView instance, string trigger, JsonObject payload, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryIfMatch(http, out var expected, out var bad))
        {
            return bad;
        }

        var result = await FireAsync(engine, instance.Id, trigger, user.ToActor(), Clean(payload), expected, cancellationToken);
        // The same answer again by the same person answers as the first did.
        return result.Applied || RepeatedSteps.IsRepeat(result) ? null : StepProblems.From(result);
    }

    /// <summary>Fires at the version the caller read, or, when it named none, on the current one (see <see cref="FireOnCurrentVersionAsync"/>).</summary>
    public static Task<StepResult> FireAsync(WorkflowEngine engine, Guid instanceId, string trigger, Actor actor, JsonObject payload, int? expected, CancellationToken cancellationToken) =>
        expected is null
            ? FireOnCurrentVersionAsync(engine, instanceId, trigger, actor, payload, cancellationToken)
            : engine.FireAsync(instanceId, trigger, actor, payload, expected, cancellationToken);

    /// <summary>How often a step that named no version is tried again after another step on the instance saved first.</summary>
    public const int CurrentVersionAttempts = 10;

    /// <summary>
    /// Fires on whatever the instance's version is when the step runs: a caller that named no version (no If-Match, a
    /// form that carries none, a one-click link) is not told that another step saved first (two parties answering
    /// at the same moment, a form sent twice at once); the step runs again on the instance as it now is, which
    /// decides afresh (a deadline that passed meanwhile refuses it, an answer recorded meanwhile is found). A refused
    /// save wrote nothing, so trying again is safe; each failed attempt means another step was saved meanwhile, so
    /// ten attempts see every party of a procedure answer at the same moment through. A caller that named a version
    /// gets the conflict at once.
    /// </summary>
    public static async Task<StepResult> FireOnCurrentVersionAsync(WorkflowEngine engine, Guid instanceId, string trigger, Actor actor, JsonObject payload, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Each attempt gets its own copy: the engine may keep the payload it was given.
            var result = await engine.FireAsync(instanceId, trigger, actor, (JsonObject)payload.DeepClone(), null, cancellationToken);
            if (result.Code != ChangedSinceRead || attempt == CurrentVersionAttempts)
            {
                return result;
            }
        }
    }

    /// <summary>The engine's code for a step refused because another step on the instance saved first.</summary>
    public const string ChangedSinceRead = "changed-since-read";

    /// <summary>Reads If-Match (the version, i.e. the ETag, the caller read); absent means "whatever the current version".</summary>
    public static bool TryIfMatch(HttpContext http, out int? expected, out IResult? problem)
    {
        expected = null;
        problem = null;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(ifMatch.Trim('"', 'W', '/'), CultureInfo.InvariantCulture, out var version))
        {
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = ["If-Match holds the version (ETag) you read, e.g. \"3\"."] });
            return false;
        }

        expected = version;
        return true;
    }

    /// <summary>Sets the ETag to the instance's version.</summary>
    public static void ETag(HttpContext http, int version) => http.Response.Headers.ETag = $"\"{version}\"";

    /// <summary>Drops absent fields, so the domain sees only what the caller gave.</summary>
    public static JsonObject Clean(JsonObject payload)
    {
        foreach (var name in payload.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            payload.Remove(name);
        }

        return payload;
    }

    /// <summary>
    /// Codes as the workflows take them: comma-separated, or null when none. A null in the list is passed on as the
    /// code <c>NULL</c>, which no party or area has, so that the step refuses it by name rather than dropping it.
    /// </summary>
    public static string? Codes(IReadOnlyList<string?>? codes) =>
        codes is null || codes.Count == 0 ? null : string.Join(',', codes.Select(c => (c ?? "null").Trim().ToUpperInvariant()));

    /// <summary>
    /// An instant given as local time in <paramref name="zone"/> (<c>2026-06-03T10:00</c>) or with an offset;
    /// returns it as ISO text, or adds the error for <paramref name="field"/>.
    /// </summary>
    public static string? Instant(string? text, string zone, string field, Dictionary<string, string[]> errors, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var coded = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var instant = Instant(text, zone, field, coded, required);
        foreach (var (name, error) in coded)
        {
            errors[name] = [error.Message];
        }

        return instant;
    }

    /// <summary>As <see cref="Instant(string?, string, string, Dictionary{string, string[]}, bool)"/>, the error with its code (for the pages).</summary>
    public static string? Instant(string? text, string zone, string field, Dictionary<string, FieldError> errors, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = new($"'{field}' is required: local time ({zone}) as 2026-06-03T10:00, or an instant with an offset.", "time-required", field, zone);
            }

            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors["timeZone"] = new($"'{zone}' is not a time zone (use an IANA name such as Asia/Ulaanbaatar).", "time-zone-unknown", zone);
            return null;
        }

        if (!Deadlines.TryParse(text, zone, out var instant, out _))
        {
            errors[field] = new($"'{text}' is not a time between the years {Deadlines.FirstYear} and {Deadlines.LastYear}: give local time ({zone}) as 2026-06-03T10:00, or an instant with an offset.", "time-unparsable", text, zone);
            return null;
        }

        return instant.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>A key given by the caller must be usable in a URL and a header as it is: 1 to 50 ASCII letters, digits and dashes.</summary>
    public static bool IsValidKey(string key) => key.Length is >= 1 and <= 50 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The refusal of a key that is not <see cref="IsValidKey"/>, or null when the key is absent or fine.</summary>
    public static IResult? InvalidKey(string? key) =>
        key is null || IsValidKey(key)
            ? null
            : Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["key"] = ["A key is 1 to 50 letters (A-Z, a-z), digits and dashes."] });

    /// <summary>The year at the seat now: keys are numbered per year as the Secretariat counts them (<c>WP-2027-001</c> from 1 January at the seat, not at UTC).</summary>
    public static int SeatYear(TimeProvider time, string seatZone)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return TimeZoneInfo.TryFindSystemTimeZoneById(seatZone, out var zone) ? TimeZoneInfo.ConvertTime(now, zone).Year : now.Year;
    }

    /// <summary>The next free key <c>PREFIX-01</c>, <c>PREFIX-02</c>, … of a workflow.</summary>
    public static async Task<string> NextKeyAsync(WorkflowEngine engine, string workflow, string prefix, CancellationToken cancellationToken)
    {
        var existing = (await engine.ListAsync(workflow, cancellationToken)).Select(i => i.CorrelationKey).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var key = $"{prefix}-{n:00}";
            if (!existing.Contains(key))
            {
                return key;
            }
        }
    }

    /// <summary>404 ProblemDetails.</summary>
    public static ProblemHttpResult NotFound(string what, string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}", detail: $"There is no {what} '{key}'.");

    /// <summary>403 ProblemDetails.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>400 ProblemDetails naming the fields.</summary>
    public static IResult Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors, title: "Invalid request");

    /// <summary>A text variable of an instance.</summary>
    public static string? Text(this InstanceView instance, string name) =>
        instance.Variables[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>An instant variable of an instance.</summary>
    public static DateTimeOffset? InstantOf(this InstanceView instance, string name) =>
        instance.Text(name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).ToUniversalTime() : null;

    /// <summary>A whole-number variable of an instance.</summary>
    public static int? IntegerOf(this InstanceView instance, string name) => instance.Variables[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) => (int)l,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var j) => j,
        _ => null,
    };

    /// <summary>True when the instance has ended.</summary>
    public static bool Closed(this InstanceView instance) => instance.Status != Engine.Persistence.InstanceStatus.Running;
}
