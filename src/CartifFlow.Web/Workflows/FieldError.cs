namespace CartifFlow.Web.Workflows;

/// <summary>
/// A request field's fault, from a check the API and the pages share: the English <paramref name="Message"/> (the
/// API's ProblemDetails <c>errors</c>) and a stable <paramref name="Code"/> with its <paramref name="Arguments"/>, so
/// that a page can say it in the reader's language (the pages' text <c>step.{code}</c>, as for the engine's refusals).
/// </summary>
internal sealed record FieldError(string Message, string Code, IReadOnlyList<string> Arguments)
{
    public FieldError(string message, string code, params string[] arguments)
        : this(message, code, (IReadOnlyList<string>)arguments)
    {
    }

    /// <summary>The English messages by field, as ProblemDetails carries them.</summary>
    public static Dictionary<string, string[]> Messages(IReadOnlyDictionary<string, FieldError> errors) =>
        errors.ToDictionary(e => e.Key, e => new[] { e.Value.Message }, StringComparer.Ordinal);
}
