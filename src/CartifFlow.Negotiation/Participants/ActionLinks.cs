using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// One-click links in e-mails (written procedures: view, agree; stage transitions: approve, reject), made by the host
/// that serves them. The recipient resolver asks for a person's links while a written procedure or a stage transition
/// is open; without an implementation, messages carry no links.
/// </summary>
public interface IActionLinks
{
    /// <summary>The person's links for the procedure of the step in progress, by action name; null for none.</summary>
    JsonObject? For(Person person, IStepContext context);
}

/// <summary>A one-click link that has been used; a used link never works again.</summary>
public sealed class OneClickUse
{
    /// <summary>The link's id (inside its signed token).</summary>
    public Guid LinkId { get; set; }

    /// <summary>Whose link.</summary>
    public required string PersonId { get; set; }

    /// <summary>When used.</summary>
    public DateTimeOffset UsedAt { get; set; }
}
