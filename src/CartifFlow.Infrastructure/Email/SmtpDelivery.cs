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
    ILogger<SmtpDelivery> logger) : IOutboxDelivery
{
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

        private string Server => $"{_smtp.Host}:{_smtp.Port.ToString(CultureInfo.InvariantCulture)}";

        public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(messages);
            var results = new DeliveryResult?[messages.Count];
            var ready = new List<(int Index, MimeMessage Mime)>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                try
                {
                    var mime = owner.Factory.Create(messages[i]);
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
                // The server may have closed an idle connection while the last chunk was recorded: a NOOP finds out
                // before a message is handed over, and a lost connection is replaced.
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
            return client;
        }

        private async Task SendAsync(IReadOnlyList<OutboxMessage> messages, List<(int Index, MimeMessage Mime)> ready, DeliveryResult?[] results, CancellationToken cancellationToken)
        {
            var server = Server;
            ISmtpClient client;
            try
            {
                client = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
            {
                owner.Logger.LogWarning(ex, "SMTP connection to {Server} failed; {Count} messages stay in the outbox", server, ready.Count);
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
                    owner.Logger.LogWarning("SMTP server {Server} refused message {Id} ({Status} {ErrorCode}, permanent: {Permanent}): {Error}", server, id, (int)ex.StatusCode, ex.ErrorCode, permanent, ex.Message);
                    results[index] = new DeliveryResult(id, false, $"SMTP {(int)ex.StatusCode} ({ex.ErrorCode}{Mailbox(ex)}): {ex.Message}", permanent);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsSmtpFailure(ex))
                {
                    owner.Logger.LogWarning(ex, "Sending message {Id} through {Server} failed", id, server);
                    results[index] = new DeliveryResult(id, false, $"SMTP error: {ex.Message}");
                    if (!client.IsConnected)
                    {
                        connectionLost = ex.Message;
                    }
                }
            }
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
