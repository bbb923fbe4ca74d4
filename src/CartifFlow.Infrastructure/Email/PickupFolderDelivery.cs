using CartifFlow.Engine.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CartifFlow.Infrastructure.Email;

/// <summary>
/// Builds MIME messages whose Message-Id is the outbox id, so a redelivery is recognisable; Content-Language is
/// the language the message was written in; attachments of the rendered message are attached.
/// </summary>
public sealed class MimeMessageFactory(IMessageRenderer renderer, IOptions<EmailOptions> options, TimeProvider time)
{
    /// <summary>Renders and wraps one outbox message.</summary>
    public MimeMessage Create(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var rendered = renderer.Render(message);
        var mime = new MimeMessage
        {
            MessageId = $"{message.Id:N}@{settings.MessageIdDomain}",
            Subject = rendered.Subject,
            Date = time.GetUtcNow(),
        };
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.AddRange(message.To.Select(a => Mailbox(a.Name, a.Address)));
        mime.Cc.AddRange(message.Cc.Select(a => Mailbox(a.Name, a.Address)));
        mime.Headers.Add("X-CartifFlow-Instance", message.InstanceId.ToString("D"));
        mime.Headers.Add("X-CartifFlow-Attempt", message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        mime.Headers.Add(HeaderId.ContentLanguage, rendered.Language ?? message.Language);
        mime.Body = Body(rendered);

        // Ready for any relay: a part with lines over SMTP's 998 octets (a long paragraph of procedure text) gets a
        // transfer encoding that wraps it; UTF-8 text otherwise stays 8-bit, as MailKit would send it.
        mime.Prepare(EncodingConstraint.EightBit, 998);
        return mime;
    }

    /// <summary>
    /// <c>multipart/alternative</c> of the plain text and the HTML; an invitation or its cancellation (iMIP, RFC 6047)
    /// also as a <c>text/calendar; method=REQUEST</c> (or CANCEL) alternative, which is where calendars look for it;
    /// with attachments, all of it inside <c>multipart/mixed</c>.
    /// </summary>
    internal static MimeEntity Body(RenderedMessage rendered)
    {
        var text = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = rendered.TextBody };
        MimeEntity content = text;
        var scheduling = rendered.Attachments?.FirstOrDefault(DeadlineCalendar.IsScheduling);
        if (rendered.HtmlBody is not null || scheduling is not null)
        {
            var alternative = new MultipartAlternative { text };
            if (rendered.HtmlBody is not null)
            {
                alternative.Add(new TextPart(MimeKit.Text.TextFormat.Html) { Text = rendered.HtmlBody });
            }

            if (scheduling is not null)
            {
                var type = ContentType.Parse(scheduling.ContentType);
                var part = new TextPart("calendar") { Text = System.Text.Encoding.UTF8.GetString(scheduling.Content.Span) };
                part.ContentType.Parameters.Add("method", type.Parameters["method"] ?? DeadlineCalendar.Request);
                part.ContentType.Charset = "utf-8";
                alternative.Add(part);
            }

            content = alternative;
        }

        if (rendered.Attachments is not { Count: > 0 } attachments)
        {
            return content;
        }

        var mixed = new Multipart("mixed") { content };
        foreach (var attachment in attachments)
        {
            mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content.ToArray())),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            });
        }

        return mixed;
    }

    /// <summary>A recipient; an address MIME cannot carry fails this message alone, for good (never its batch).</summary>
    private static MailboxAddress Mailbox(string? name, string address)
    {
        try
        {
            return new MailboxAddress(name ?? string.Empty, address);
        }
        catch (ParseException)
        {
            throw new MessageRenderingException($"'{address}' is not an e-mail address this message can be sent to.");
        }
    }
}

/// <summary>Writes each message as <c>&lt;outbox-id&gt;.eml</c> into the pickup folder (atomically: temp file, then rename).</summary>
internal sealed class PickupFolderDelivery(MimeMessageFactory factory, IOptions<EmailOptions> options, IHostEnvironment environment) : IOutboxDelivery
{
    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupFolder));
        Directory.CreateDirectory(folder);
        var results = new List<DeliveryResult>(messages.Count);
        foreach (var message in messages)
        {
            MimeMessage mime;
            try
            {
                mime = factory.Create(message);
            }
            catch (MessageRenderingException ex)
            {
                results.Add(new DeliveryResult(message.Id, false, ex.Message, Permanent: true));
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else that stops one message (a template file that cannot be read just now) is that
                // message's: it is tried again later, and the rest of the batch is delivered.
                results.Add(new DeliveryResult(message.Id, false, $"The message could not be built: {ex.Message}"));
                continue;
            }

            // Each write has its own temporary file: two nodes delivering the same message (a lease that ran out)
            // must not trip over each other's temporary file; the rename leaves one whole message either way.
            var target = Path.Combine(folder, $"{message.Id:N}.eml");
            var temp = Path.Combine(folder, $"{message.Id:N}.{Guid.NewGuid():N}.tmp");
            try
            {
                await mime.WriteToAsync(temp, cancellationToken).ConfigureAwait(false);
                File.Move(temp, target, overwrite: true);
                results.Add(new DeliveryResult(message.Id, true));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // One message's failure is that message's: the others of the batch are still delivered.
                TryDelete(temp);
                results.Add(new DeliveryResult(message.Id, false, ex.Message));
            }
        }

        return results;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the operator: a stray .tmp file is never read as a message.
        }
    }
}
