using System.Globalization;
using CartifFlow.Engine.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CartifFlow.Infrastructure.Email;

/// <summary>Makes the SMTP clients the SMTP delivery uses (one per batch): the seam where tests put their own client.</summary>
public interface ISmtpClientFactory
{
    /// <summary>A new, unconnected client.</summary>
    ISmtpClient Create();
}

/// <summary>MailKit's <see cref="SmtpClient"/>.</summary>
internal sealed class MailKitSmtpClientFactory : ISmtpClientFactory
{
    public ISmtpClient Create() => new SmtpClient();
}

/// <summary>
/// Sends a batch of outbox messages through one SMTP connection: connect with the configured security,
/// authenticate when a user name is configured, send each message, disconnect.
/// </summary>
/// <remarks>
/// Outcome per message: sent → delivered; a 5xx reply for that message → permanent failure (the server refuses it,
/// retrying cannot help); a 4xx reply, a protocol or I/O error → transient failure, retried by the outbox; a message
/// that cannot be rendered → permanent failure. When the connection (or the login) fails, every message of the batch
/// fails transiently with that reason; nothing is thrown but cancellation.
/// </remarks>
internal sealed class SmtpDelivery(
    MimeMessageFactory factory,
    ISmtpClientFactory clients,
    IOptions<EmailOptions> options,
    ILogger<SmtpDelivery> logger) : IOutboxDelivery
{
    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new DeliveryResult?[messages.Count];
        var ready = new List<(int Index, MimeMessage Mime)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                var mime = factory.Create(messages[i]);
                if (mime.To.Count + mime.Cc.Count + mime.Bcc.Count == 0)
                {
                    results[i] = new DeliveryResult(messages[i].Id, false, "The message has no recipients.", Permanent: true);
                    continue;
                }

                ready.Add((i, mime));
            }
            catch (MessageRenderingException ex)
            {
                results[i] = new DeliveryResult(messages[i].Id, false, ex.Message, Permanent: true);
            }
        }

        if (ready.Count > 0)
        {
            await SendAsync(messages, ready, results, cancellationToken).ConfigureAwait(false);
        }

        return results.Select((r, i) => r ?? new DeliveryResult(messages[i].Id, false, "The message was not attempted.")).ToList();
    }

    private async Task SendAsync(IReadOnlyList<OutboxMessage> messages, List<(int Index, MimeMessage Mime)> ready, DeliveryResult?[] results, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var server = $"{smtp.Host}:{smtp.Port.ToString(CultureInfo.InvariantCulture)}";
        using var client = clients.Create();
        client.Timeout = (int)smtp.Timeout.TotalMilliseconds;
        try
        {
            await client.ConnectAsync(smtp.Host ?? string.Empty, smtp.Port, Security(smtp.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
        {
            logger.LogWarning(ex, "SMTP connection to {Server} failed; {Count} messages stay in the outbox", server, ready.Count);
            foreach (var (index, _) in ready)
            {
                results[index] = new DeliveryResult(messages[index].Id, false, $"SMTP connection to {server} failed: {ex.Message}");
            }

            return;
        }

        string? connectionLost = null;
        foreach (var (index, mime) in ready)
        {
            var id = messages[index].Id;
            if (connectionLost is not null || !client.IsConnected)
            {
                connectionLost ??= "the server closed the connection";
                results[index] = new DeliveryResult(id, false, $"Not sent: the SMTP connection to {server} was lost ({connectionLost}).");
                continue;
            }

            try
            {
                await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
                results[index] = new DeliveryResult(id, true);
            }
            catch (SmtpCommandException ex)
            {
                var permanent = (int)ex.StatusCode >= 500;
                logger.LogWarning("SMTP server {Server} refused message {Id} ({Status} {ErrorCode}, permanent: {Permanent}): {Error}", server, id, (int)ex.StatusCode, ex.ErrorCode, permanent, ex.Message);
                results[index] = new DeliveryResult(id, false, $"SMTP {(int)ex.StatusCode} ({ex.ErrorCode}{Mailbox(ex)}): {ex.Message}", permanent);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
            {
                logger.LogWarning(ex, "Sending message {Id} through {Server} failed", id, server);
                results[index] = new DeliveryResult(id, false, $"SMTP error: {ex.Message}");
                if (!client.IsConnected)
                {
                    connectionLost = ex.Message;
                }
            }
        }

        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
        {
            // The messages are sent; a failed QUIT changes nothing for them.
            logger.LogDebug(ex, "Disconnecting from {Server} failed", server);
        }
    }

    private static bool IsSmtpFailure(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
            or AuthenticationException or SslHandshakeException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or TimeoutException or OperationCanceledException or NotSupportedException or InvalidOperationException or ArgumentException;

    private static string Mailbox(SmtpCommandException ex) => ex.Mailbox is null ? string.Empty : $", {ex.Mailbox.Address}";

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
