using System.Text.Json;
using CartifFlow.Engine.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Workflows;

/// <summary>
/// A request the framework cannot bind (malformed JSON, a wrong type, a body too large) becomes a 400
/// ProblemDetails naming the field, never a 500. Other exceptions fall through to the generic handler,
/// which answers 500 ProblemDetails without a stack trace.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is TextTooLongException tooLong && httpContext.Request.Path.StartsWithSegments("/api"))
        {
            // A save outside the engine (which answers this itself) with a text longer than its column: nothing was written.
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [tooLong.Field] = [tooLong.Message] }) { Status = 400, Title = "Invalid request" },
                Exception = exception,
            });
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var json = bad.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]>
        {
            // Generic words: the framework's own messages name .NET types and parameters, which say nothing to a client.
            [field] = [bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large."
                : json is RefusedTextException refused ? refused.Message
                : json is null ? "The request could not be read: send a JSON body of the documented shape, with Content-Type: application/json."
                : field == "body" ? "The request body is not valid JSON for this request."
                : $"The value of '{field}' is not valid here: see the documented type of this field."],
        })
        {
            Status = bad.StatusCode,
            Title = "Invalid request",
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
