using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>
/// The same answer sent again by the same person (a double click, a retry after a lost reply): the step is refused
/// with one of these codes, so that nothing is recorded or receipted twice, and the callers answer as for the first.
/// </summary>
public static class RepeatedSteps
{
    /// <summary>A written procedure's response equal to the party's latest, by the same person.</summary>
    public const string ResponseUnchanged = "response-unchanged";

    /// <summary>A stage transition's answer equal to the party's latest in the round, by the same person.</summary>
    public const string AnswerUnchanged = "answer-unchanged";

    /// <summary>A text-based round's contribution equal to one the same person sent in the round.</summary>
    public const string CommentUnchanged = "comment-unchanged";

    /// <summary>The refusal of a step that repeats <paramref name="what"/> (e.g. "response") of the party recorded at <paramref name="at"/>.</summary>
    public static StepRejectedException Refusal(string code, string what, string party, DateTimeOffset at, string field) =>
        new($"This {what} of {party} was recorded already, at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC; nothing changed.", field, StepOutcome.Conflict)
        {
            Code = code,
            Arguments = [party, StepInput.Iso(at)],
        };

    /// <summary>True when the step was refused only because it repeats what is recorded: the caller's intent stands.</summary>
    public static bool IsRepeat(StepResult result) =>
        result is { Applied: false, Code: ResponseUnchanged or AnswerUnchanged or CommentUnchanged };
}
