using System.Globalization;
using System.Text;
using System.Text.Json;
using CartifFlow.Engine.Outbox;

namespace CartifFlow.Infrastructure.Email;

/// <summary>A message ready to be put on the wire.</summary>
public sealed record RenderedMessage(string Subject, string TextBody, string? HtmlBody);

/// <summary>Turns an outbox message into subject and body.</summary>
public interface IMessageRenderer
{
    /// <summary>Renders; throws <see cref="MessageRenderingException"/> when the message cannot be rendered at all.</summary>
    RenderedMessage Render(OutboxMessage message);
}

/// <summary>The message cannot be rendered (e.g. its template is missing); retrying will not help.</summary>
public sealed class MessageRenderingException(string message) : Exception(message);

/// <summary>
/// Renders the facts of a message without a template: which workflow, which step, the variables.
/// The engine's own fallback; the negotiation's templated renderer replaces it.
/// </summary>
internal sealed class FactsMessageRenderer : IMessageRenderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public RenderedMessage Render(OutboxMessage message)
    {
        var model = message.Model;
        var subject = $"[CartifFlow] {message.Template}: {model["workflow"]} {model["correlationKey"]}";
        var text = new StringBuilder()
            .AppendLine(subject)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"State: {model["state"]}, after '{model["trigger"]}' by {model["actor"]} at {model["at"]}.")
            .AppendLine()
            .AppendLine(JsonSerializer.Serialize(model["variables"], Indented))
            .ToString();
        return new RenderedMessage(subject, text, null);
    }
}
