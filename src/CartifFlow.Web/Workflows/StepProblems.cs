using System.Globalization;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Web.Workflows;

/// <summary>The engine's refusals as ProblemDetails.</summary>
internal static class StepProblems
{
    public static IResult From(StepResult result)
    {
        // The refusal's stable code, when it has one, lets a client say it in its reader's language.
        var code = result.Code is null ? null : new Dictionary<string, object?> { ["code"] = result.Code, ["arguments"] = result.Arguments };
        return result.Outcome switch
        {
            StepOutcome.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [result.Field ?? "request"] = [result.Message ?? "Invalid request."] }, title: "Invalid request", extensions: code),
            StepOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: result.Message, extensions: code),
            StepOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message, extensions: code),
            StepOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Message, extensions: code),
            StepOutcome.Closed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Closed", detail: result.Message, extensions: code),
            StepOutcome.NotPermitted => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: result.Message, extensions: code),
            StepOutcome.Unknown => OutcomeUnknown(result),
            _ => throw new InvalidOperationException($"Outcome {result.Outcome} is not a refusal."),
        };
    }

    /// <summary>Seconds a client waits before reading whether a step whose outcome is unknown was applied.</summary>
    public const int OutcomeUnknownRetryAfterSeconds = 5;

    /// <summary>
    /// 503 with <c>Retry-After</c>: the database did not answer whether the step committed, and it is not applied again.
    /// The body names the instance and the version it is at when the step was applied (read it with GET; a start is
    /// asked again with the same idempotency key, which answers with the instance when it was started).
    /// </summary>
    private static WithRetryAfter OutcomeUnknown(StepResult result)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = result.Code,
            ["arguments"] = result.Arguments,
            ["instanceId"] = result.Instance?.Id,
            ["appliedAtVersion"] = result.Instance?.Version,
        };
        return new WithRetryAfter(
            TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Outcome unknown", detail: result.Message, extensions: extensions),
            OutcomeUnknownRetryAfterSeconds);
    }

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
