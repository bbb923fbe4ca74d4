using System.Globalization;
using System.Text;
using System.Text.Json;
using CartifFlow.Engine.Outbox;

namespace CartifFlow.Infrastructure.Email;

/// <summary>A message ready to be put on the wire.</summary>
/// <param name="Subject">One line.</param>
/// <param name="TextBody">Plain-text body.</param>
/// <param name="HtmlBody">HTML alternative, if any.</param>
/// <param name="Language">The language the message was written in (it differs from the reader's when a translation is missing); null means the reader's.</param>
/// <param name="Attachments">Files to attach (e.g. a calendar entry); null or empty for none.</param>
public sealed record RenderedMessage(string Subject, string TextBody, string? HtmlBody, string? Language = null, IReadOnlyList<MessageAttachment>? Attachments = null);

/// <summary>A file attached to a message.</summary>
/// <param name="FileName">The name the reader sees, e.g. <c>deadline.ics</c>.</param>
/// <param name="ContentType">MIME type with parameters, e.g. <c>text/calendar; method=PUBLISH; charset=utf-8</c>.</param>
/// <param name="Content">The bytes.</param>
public sealed record MessageAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

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
