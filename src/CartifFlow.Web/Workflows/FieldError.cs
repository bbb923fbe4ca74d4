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

    /// <summary>Longest texts the requests take, by kind: a title or a name, a note, a long text.</summary>
    public const int Short = 500, Note = 20_000, Long = 100_000;

    /// <summary>
    /// Refuses a text longer than <paramref name="max"/> (the same code and arguments as the engine's <c>too-long</c>):
    /// free texts are copied into every message a step writes, so none is left without a limit.
    /// </summary>
    public static void Limit(IDictionary<string, FieldError> errors, string field, string? value, int max)
    {
        if (value is { Length: var length } && length > max)
        {
            errors[field] = new($"'{field}' is {length:N0} characters long; at most {max:N0} are kept.", "too-long", field, length.ToString(System.Globalization.CultureInfo.InvariantCulture), max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>As <see cref="Limit(IDictionary{string, FieldError}, string, string?, int)"/>, for a request that keeps only the English messages.</summary>
    public static void Limit(IDictionary<string, string[]> errors, string field, string? value, int max)
    {
        var coded = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        Limit(coded, field, value, max);
        foreach (var (name, error) in coded)
        {
            errors[name] = [error.Message];
        }
    }

    /// <summary>The English messages by field, as ProblemDetails carries them.</summary>
    public static Dictionary<string, string[]> Messages(IReadOnlyDictionary<string, FieldError> errors) =>
        errors.ToDictionary(e => e.Key, e => new[] { e.Value.Message }, StringComparer.Ordinal);
}
