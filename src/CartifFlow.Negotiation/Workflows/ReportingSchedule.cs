using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>
/// A recurring schedule kept in a variable (<c>nextReport</c>) that a timer's <c>at</c> reads. Each occurrence is
/// one period after the previous one's due time, not after the moment it was handled, so the schedule does not
/// drift when a timer fires late (after downtime); occurrences missed entirely are skipped, not fired in a burst.
/// </summary>
internal static class ReportingSchedule
{
    public const string Variable = "nextReport";

    /// <summary>Sets the first occurrence, one period from now, unless one is set already.</summary>
    public static void Start(IStepContext context, string periodVariable)
    {
        if (StepInput.InstantVariable(context, Variable) is null)
        {
            context.Variables[Variable] = StepInput.Iso(context.Now + Period(context, periodVariable));
        }
    }

    /// <summary>Moves to the next occurrence after now and plans the timer for it again.</summary>
    public static async Task AdvanceAsync(IStepContext context, IStepEffects effects, string periodVariable, string timerName)
    {
        var period = Period(context, periodVariable);
        var next = StepInput.InstantVariable(context, Variable) ?? context.Now;
        do
        {
            next += period;
        }
        while (next <= context.Now);

        context.Variables[Variable] = StepInput.Iso(next);
        await effects.ReplanTimersAsync(timerName).ConfigureAwait(false);
    }

    private static TimeSpan Period(IStepContext context, string periodVariable)
    {
        var text = StepInput.Variable(context, periodVariable) ?? throw new InvalidOperationException($"'{periodVariable}' is not set.");
        var period = IsoDuration.Parse(text);
        return period > TimeSpan.Zero ? period : throw new StepRejectedException($"'{periodVariable}' must be a positive duration.", periodVariable) { Code = "period-not-positive", Arguments = [periodVariable] };
    }
}
