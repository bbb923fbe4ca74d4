namespace CartifFlow.Web.Workflows;

/// <summary>
/// The <c>Idempotency-Key</c> request header of the endpoints that start something (a procedure, a meeting, a
/// capacity-building activity, a delegation): a retried request with the same key, by the same person and with the
/// same content, answers with what the first one started instead of starting it again (the engine's
/// <see cref="Engine.Runtime.StartRequest.IdempotencyKey"/>), and says so in <c>Idempotent-Replayed: true</c>.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The response header a replayed answer carries.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The request's key, or null when it sent none.</summary>
    public static string? From(HttpContext http) =>
        http.Request.Headers.TryGetValue(Header, out var values) && values.Count > 0 ? values.ToString() : null;

    /// <summary>Marks the response as a replay of an earlier answer.</summary>
    public static void MarkReplayed(HttpContext http, bool replayed)
    {
        if (replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }
    }
}
