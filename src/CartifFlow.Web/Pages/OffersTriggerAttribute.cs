namespace CartifFlow.Web.Pages;

/// <summary>
/// Declares that a page offers a form for a workflow's trigger (or, with <see cref="Start"/>, a form that starts the
/// workflow), shown to those the workflow lets fire it. The generated test that every trigger a person may fire has a
/// page reads these from the running host's pages, against the definitions in <c>workflows/</c>.
/// </summary>
/// <param name="workflow">The workflow definition's id (e.g. <c>negotiation</c>).</param>
/// <param name="trigger">The trigger's name, or <see cref="Start"/>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OffersTriggerAttribute(string workflow, string trigger) : Attribute
{
    /// <summary>The pseudo-trigger of a form that starts the workflow (its <c>started-by</c> roles).</summary>
    public const string Start = "(start)";

    /// <summary>The workflow definition's id.</summary>
    public string Workflow { get; } = workflow;

    /// <summary>The trigger, or <see cref="Start"/>.</summary>
    public string Trigger { get; } = trigger;
}
