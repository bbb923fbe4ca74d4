using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>
/// <c>child-adopted</c>, <c>child-approved</c>, …: on a parent's <c>on-complete</c> trigger, the child ended in
/// that state (a written procedure Adopted, a stage transition Approved, a meeting Concluded, …).
/// </summary>
internal sealed class ChildEndedIn(string name, string state) : IWorkflowGuard
{
    public string Name => name;

    public ValueTask<bool> EvaluateAsync(IStepContext context) =>
        ValueTask.FromResult(string.Equals(StepInput.ChildState(context), state, StringComparison.Ordinal));

    public static IEnumerable<ChildEndedIn> All =>
    [
        new("child-adopted", "Adopted"),
        new("child-approved", "Approved"),
        new("child-concluded", "Concluded"),
        new("child-mandate-confirmed", "MandateConfirmed"),
    ];
}
