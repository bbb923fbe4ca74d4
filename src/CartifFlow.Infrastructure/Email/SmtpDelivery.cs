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

/// <summary>MailKit's <see cref="SmtpClient"/>, sending to the recipients a server accepts (<see cref="RecipientTolerantSmtpClient"/>).</summary>
internal sealed class MailKitSmtpClientFactory : ISmtpClientFactory
{
    public ISmtpClient Create() => new RecipientTolerantSmtpClient();
}

/// <summary>
/// MailKit's client, except that a recipient the server refuses does not stop the message for the others on it (a
/// Chief Negotiator's mailbox refusing a message does not keep it from the focal point on the same message): the
/// refusals are kept for the delivery to record. A message no recipient is accepted for still fails (MailKit's default).
/// </summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    private readonly List<string> _refused = [];

    /// <summary>The recipients refused for the last message sent, with the server's reply; cleared when read.</summary>
    public IReadOnlyList<string> TakeRefused()
    {
        var refused = _refused.ToList();
        _refused.Clear();
        return refused;
    }

    protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        _refused.Clear();
        base.OnSenderAccepted(message, mailbox, response);
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(response);
        _refused.Add($"{mailbox.Address} ({(int)response.StatusCode} {response.Response})");
    }
}

/// <summary>
/// Sends outbox messages through SMTP: connect with the configured security, authenticate when a user name is
/// configured, send each message. <see cref="DeliverAsync"/> uses one connection for its messages;
/// a session (<see cref="OpenSession"/>) keeps one connection for every chunk of the outbox's claimed batch,
/// reconnecting for the next chunk when it was lost, and closes it (QUIT) when the batch is done.
/// </summary>
/// <remarks>
/// Outcome per message: sent → delivered; a 5xx reply for that message → permanent failure (the server refuses it,
/// retrying cannot help); a 4xx reply, a protocol or I/O error → transient failure, retried by the outbox; a message
/// that cannot be rendered → permanent failure. When the connection (or the login) fails, every message of the chunk
/// fails transiently with that reason; nothing is thrown but cancellation.
/// </remarks>
internal sealed class SmtpDelivery(
    MimeMessageFactory factory,
    ISmtpClientFactory clients,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<SmtpDelivery> logger) : IOutboxDelivery
{
    /// <summary>A connection used more recently than this is reused without a NOOP first.</summary>
    private static readonly TimeSpan FreshConnection = TimeSpan.FromSeconds(5);

    private TimeProvider Time { get; } = time;

    private MimeMessageFactory Factory { get; } = factory;

    private ISmtpClientFactory Clients { get; } = clients;

    private SmtpOptions Smtp => options.Value.Smtp;

    private ILogger<SmtpDelivery> Logger { get; } = logger;

    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var session = new Session(this);
        await using (session.ConfigureAwait(false))
        {
            return await session.DeliverAsync(messages, cancellationToken).ConfigureAwait(false);
        }
    }

    public IOutboxDeliverySession OpenSession() => new Session(this);

    /// <summary>One SMTP connection, opened for the first chunk that has something to send and kept until disposed.</summary>
    private sealed class Session(SmtpDelivery owner) : IOutboxDeliverySession
    {
        private readonly SmtpOptions _smtp = owner.Smtp;
        private ISmtpClient? _client;
        private long _lastUsed;

        private string Server => $"{_smtp.Host}:{_smtp.Port.ToString(CultureInfo.InvariantCulture)}";

        public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(messages);
            var results = new DeliveryResult?[messages.Count];

            // Rendering (Liquid, MIME) runs one message ahead of the connection: message i + 1 is built on another
            // thread while message i is on the wire, so the SMTP round trips hide most of the rendering.
            var next = messages.Count > 0 ? RenderAsync(messages, 0, results) : null;
            string? connectionFailed = null;
            string? connectionLost = null;
            ISmtpClient? client = null;
            for (var i = 0; i < messages.Count; i++)
            {
                var mime = await next!.ConfigureAwait(false);
                next = i + 1 < messages.Count ? RenderAsync(messages, i + 1, results) : null;
                if (mime is null)
                {
                    continue; // not sendable: its result is recorded
                }

                var id = messages[i].Id;
                if (client is null && connectionFailed is null)
                {
                    try
                    {
                        client = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
                    {
                        owner.Logger.LogWarning(ex, "SMTP connection to {Server} failed; the chunk's messages stay in the outbox", Server);
                        connectionFailed = $"SMTP connection to {Server} failed: {ex.Message}";
                    }
                }

                if (connectionFailed is not null)
                {
                    results[i] = new DeliveryResult(id, false, connectionFailed, Attempted: false);
                    continue;
                }

                connectionLost = await SendAsync(client!, id, mime, connectionLost, results, i, cancellationToken).ConfigureAwait(false);
            }

            return results.Select((r, i) => r ?? new DeliveryResult(messages[i].Id, false, "The message was not attempted.", Attempted: false)).ToList();
        }

        /// <summary>Builds message <paramref name="index"/> on the thread pool; null (and its result recorded) when it cannot be sent.</summary>
        private Task<MimeMessage?> RenderAsync(IReadOnlyList<OutboxMessage> messages, int index, DeliveryResult?[] results) => Task.Run(() =>
        {
            try
            {
                var mime = owner.Factory.Create(messages[index]);
                if (mime.To.Count + mime.Cc.Count + mime.Bcc.Count == 0)
                {
                    results[index] = new DeliveryResult(messages[index].Id, false, "The message has no recipients.", Permanent: true);
                    return null;
                }

                return mime;
            }
            catch (MessageRenderingException ex)
            {
                results[index] = new DeliveryResult(messages[index].Id, false, ex.Message, Permanent: true);
                return (MimeMessage?)null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One message that cannot be built just now is that message's failure (tried again later); the
                // others of the chunk are still sent, and none already sent is recorded as failed.
                owner.Logger.LogWarning(ex, "Message {Id} could not be built", messages[index].Id);
                results[index] = new DeliveryResult(messages[index].Id, false, $"The message could not be built: {ex.Message}");
                return (MimeMessage?)null;
            }
        });

        public async ValueTask DisposeAsync()
        {
            if (_client is not { } client)
            {
                return;
            }

            _client = null;
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsSmtpFailure(ex))
            {
                // The messages are sent and recorded; a failed QUIT changes nothing for them.
                owner.Logger.LogDebug(ex, "Disconnecting from {Server} failed", Server);
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>The session's client, connected (and authenticated): the open one, or a new one when it was lost.</summary>
        private async Task<ISmtpClient> ConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client is { IsConnected: true } open)
            {
                if (owner.Time.GetElapsedTime(_lastUsed) < FreshConnection)
                {
                    return open;
                }

                // The server may have closed a connection left idle for a while (a slow record, a long render): a NOOP
                // finds out before a message is handed over, and a lost connection is replaced.
                try
                {
                    await open.NoOpAsync(cancellationToken).ConfigureAwait(false);
                    return open;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
                {
                    owner.Logger.LogDebug(ex, "The SMTP connection to {Server} was lost between chunks; reconnecting", Server);
                }
            }

            _client?.Dispose();
            _client = null;
            var client = owner.Clients.Create();
            client.Timeout = (int)_smtp.Timeout.TotalMilliseconds;
            try
            {
                await client.ConnectAsync(_smtp.Host ?? string.Empty, _smtp.Port, Security(_smtp.Security), cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(_smtp.UserName))
                {
                    await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                client.Dispose();
                throw;
            }

            _client = client;
            _lastUsed = owner.Time.GetTimestamp();
            return client;
        }

        /// <summary>Sends one message; returns why the connection was lost, when it was (then nothing more is sent on it).</summary>
        private async Task<string?> SendAsync(ISmtpClient client, Guid id, MimeMessage mime, string? connectionLost, DeliveryResult?[] results, int index, CancellationToken cancellationToken)
        {
            var server = Server;
            if (connectionLost is not null || !client.IsConnected)
            {
                connectionLost ??= "the server closed the connection";
                results[index] = new DeliveryResult(id, false, $"Not sent: the SMTP connection to {server} was lost ({connectionLost}).", Attempted: false);
                return connectionLost;
            }

            try
            {
                await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
                _lastUsed = owner.Time.GetTimestamp();
                if (client is RecipientTolerantSmtpClient { } tolerant && tolerant.TakeRefused() is { Count: > 0 } refused)
                {
                    // Sent to everyone else on it; the refused recipients are recorded with the message.
                    owner.Logger.LogWarning("SMTP server {Server} refused recipients of message {Id}: {Refused}", server, id, string.Join(", ", refused));
                    results[index] = new DeliveryResult(id, true, $"Sent; refused by the server: {string.Join(", ", refused)}");
                }
                else
                {
                    results[index] = new DeliveryResult(id, true);
                }
            }
            catch (SmtpCommandException ex)
            {
                var permanent = (int)ex.StatusCode >= 500;
                owner.Logger.LogWarning("SMTP server {Server} refused message {Id} ({Status} {ErrorCode}, permanent: {Permanent}): {Error}", server, id, (int)ex.StatusCode, ex.ErrorCode, permanent, ex.Message);
                results[index] = new DeliveryResult(id, false, $"SMTP {(int)ex.StatusCode} ({ex.ErrorCode}{Mailbox(ex)}): {ex.Message}", permanent);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
            {
                owner.Logger.LogWarning(ex, "Sending message {Id} through {Server} failed", id, server);
                results[index] = new DeliveryResult(id, false, $"SMTP error: {ex.Message}");
                if (!client.IsConnected)
                {
                    return ex.Message;
                }
            }

            return null;
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
