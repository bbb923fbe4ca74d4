using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>
/// One rule for the reason a person gives (an objection, a rejection, an extension, a withdrawal, a closure, a
/// cancellation, a rescheduling, a delegation, an admission, a declined consultation): trimmed text of at most
/// <see cref="MaxLength"/> characters. A reason is copied into the instance's variables, its audit event and every
/// message the step sends, so it is kept short; the API and the pages check it with the same constant before the step,
/// the steps check it again (refusal <c>reason-too-long</c> at the field <c>reason</c>).
/// </summary>
public static class Reasons
{
    /// <summary>The longest reason kept (2,000 characters; every column that holds a reason is at least this long).</summary>
    public const int MaxLength = 2_000;

    /// <summary>The field steps and requests name it.</summary>
    public const string Field = "reason";

    /// <summary>Whether a reason given is too long (null or blank never is).</summary>
    public static bool TooLong(string? reason) => reason is not null && reason.Trim().Length > MaxLength;

    /// <summary>The message for a reason that is too long (English; the pages use their own resources for <c>step.reason-too-long</c>).</summary>
    public static string TooLongMessage => $"A reason has at most {MaxLength:N0} characters.";

    /// <summary>An optional reason of a step's payload or variables (<paramref name="field"/>, <c>reason</c> by default): trimmed, null when absent or blank.</summary>
    internal static string? Optional(JsonObject source, string field = Field)
    {
        var node = source[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new StepRejectedException($"'{field}' must be text.", field) { Code = "not-text", Arguments = [field] };
        }

        var text = node.GetValue<string>().Trim();
        return text.Length > MaxLength
            ? throw new StepRejectedException(TooLongMessage, field) { Code = "reason-too-long", Arguments = [MaxLength.ToString(CultureInfo.InvariantCulture)] }
            : text.Length == 0 ? null : text;
    }

    /// <summary>A required reason; <paramref name="code"/> is the stable code of <paramref name="whenMissing"/> (the pages' <c>step.{code}</c>).</summary>
    internal static string Required(JsonObject source, string whenMissing, string code = "reason-required") =>
        Optional(source) ?? throw new StepRejectedException(whenMissing, Field) { Code = code };

    /// <summary>The required reason of the step's payload.</summary>
    internal static string Required(IStepContext context, string whenMissing) => Required(context.Payload, whenMissing);
}
