using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Email;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CartifFlow.Infrastructure.Tests.Email;

/// <summary>How <see cref="SmtpDelivery"/> drives the client and classifies failures; against a real server see <see cref="SmtpDeliveryServerTests"/>.</summary>
public sealed class SmtpDeliveryTests
{
    private readonly ISmtpClient _client = Substitute.For<ISmtpClient>();
    private readonly ISmtpClientFactory _clients = Substitute.For<ISmtpClientFactory>();
    private readonly EmailOptions _options = new()
    {
        Transport = EmailTransport.Smtp,
        Smtp = { Host = "smtp.carec.example.org", Port = 587 },
    };

    private readonly FakeTimeProvider _time = new();

    public SmtpDeliveryTests()
    {
        _clients.Create().Returns(_client);
        _client.IsConnected.Returns(true);
    }

    private SmtpDelivery Delivery(IMessageRenderer? renderer = null) => new(
        new MimeMessageFactory(renderer ?? new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider()), Options.Create(_options), new FakeTimeProvider()),
        _clients, Options.Create(_options), _time, NullLogger<SmtpDelivery>.Instance);

    private static List<OutboxMessage> Batch(int count) =>
        Enumerable.Range(0, count).Select(i => EmailTestData.Circulated(i % 2 == 0 ? "en" : "ru")).ToList();

    private void Refuse(OutboxMessage message, Exception exception) =>
        _client.SendAsync(Arg.Is<MimeMessage>(m => m.MessageId != null && m.MessageId.StartsWith(message.Id.ToString("N"), StringComparison.Ordinal)), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>())
            .ThrowsAsync(exception);

    [Fact]
    public async Task DeliverAsync_Batch_SendsEveryMessageOverOneConnection()
    {
        var batch = Batch(3);

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Delivered));
        Assert.Equal(batch.Select(m => m.Id), results.Select(r => r.Id));
        _clients.Received(1).Create();
        await _client.Received(1).ConnectAsync("smtp.carec.example.org", 587, SecureSocketOptions.Auto, Arg.Any<CancellationToken>());
        await _client.Received(3).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        await _client.Received(1).DisconnectAsync(true, Arg.Any<CancellationToken>());
        _client.Received(1).Dispose();
    }

    [Fact]
    public async Task Session_ChunksOfOneBatch_ShareOneConnectionClosedOnceAtTheEnd()
    {
        var delivery = Delivery();

        await using (var session = delivery.OpenSession())
        {
            foreach (var chunk in new[] { Batch(2), Batch(3), Batch(1) })
            {
                Assert.All(await session.DeliverAsync(chunk, CancellationToken.None), r => Assert.True(r.Delivered));
            }

            await _client.DidNotReceive().DisconnectAsync(Arg.Any<bool>(), Arg.Any<CancellationToken>());
        }

        _clients.Received(1).Create();
        await _client.Received(1).ConnectAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<SecureSocketOptions>(), Arg.Any<CancellationToken>());
        await _client.Received(6).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        await _client.Received(1).DisconnectAsync(true, Arg.Any<CancellationToken>());
        _client.Received(1).Dispose();
    }

    [Fact]
    public async Task Session_ConnectionLostBetweenChunks_NextChunkGoesOverANewConnection()
    {
        var second = Substitute.For<ISmtpClient>();
        second.IsConnected.Returns(true);
        _clients.Create().Returns(_client, second);
        var delivery = Delivery();

        await using (var session = delivery.OpenSession())
        {
            Assert.All(await session.DeliverAsync(Batch(2), CancellationToken.None), r => Assert.True(r.Delivered));
            _client.IsConnected.Returns(false);
            Assert.All(await session.DeliverAsync(Batch(2), CancellationToken.None), r => Assert.True(r.Delivered));
        }

        await _client.Received(2).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        await second.Received(2).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        _client.Received(1).Dispose();
        await second.Received(1).DisconnectAsync(true, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Session_ServerClosedTheIdleConnection_NoOpFindsOutAndTheChunkGoesOverANewConnection()
    {
        var second = Substitute.For<ISmtpClient>();
        second.IsConnected.Returns(true);
        _clients.Create().Returns(_client, second);
        _client.NoOpAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new IOException("Connection reset by peer"));
        var delivery = Delivery();

        await using (var session = delivery.OpenSession())
        {
            await session.DeliverAsync(Batch(1), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(6)); // idle long enough to be checked before reuse
            var results = await session.DeliverAsync(Batch(2), CancellationToken.None);

            Assert.All(results, r => Assert.True(r.Delivered, r.Error));
        }

        await _client.Received(1).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        await second.Received(2).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
        await second.DidNotReceive().NoOpAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Session_ConnectionUsedMomentsAgo_IsReusedWithoutANoOp()
    {
        var delivery = Delivery();

        await using (var session = delivery.OpenSession())
        {
            await session.DeliverAsync(Batch(2), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.All(await session.DeliverAsync(Batch(2), CancellationToken.None), r => Assert.True(r.Delivered, r.Error));
        }

        await _client.DidNotReceive().NoOpAsync(Arg.Any<CancellationToken>());
        await _client.Received(1).ConnectAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<SecureSocketOptions>(), Arg.Any<CancellationToken>());
        await _client.Received(4).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
    }

    [Fact]
    public async Task Session_ConnectFailsForOneChunk_ItsMessagesFailTransientlyAndTheNextChunkConnectsAgain()
    {
        var second = Substitute.For<ISmtpClient>();
        second.IsConnected.Returns(true);
        _clients.Create().Returns(_client, second);
        _client.ConnectAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<SecureSocketOptions>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new System.Net.Sockets.SocketException(111));
        var delivery = Delivery();

        await using var session = delivery.OpenSession();
        var failed = await session.DeliverAsync(Batch(2), CancellationToken.None);
        var sent = await session.DeliverAsync(Batch(2), CancellationToken.None);

        Assert.All(failed, r => Assert.False(r.Delivered || r.Permanent));
        Assert.All(sent, r => Assert.True(r.Delivered, r.Error));
        _client.Received(1).Dispose();
    }

    [Fact]
    public async Task DeliverAsync_NoUserName_DoesNotAuthenticate()
    {
        await Delivery().DeliverAsync(Batch(1), CancellationToken.None);

        await _client.DidNotReceive().AuthenticateAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task DeliverAsync_UserName_AuthenticatesOnceAfterConnecting()
    {
        _options.Smtp.UserName = "cartifflow";
        _options.Smtp.Password = "from-the-environment";
        _options.Smtp.Security = SmtpSecurity.StartTls;

        await Delivery().DeliverAsync(Batch(2), CancellationToken.None);

        NSubstitute.Received.InOrder(() =>
        {
            _client.ConnectAsync("smtp.carec.example.org", 587, SecureSocketOptions.StartTls, Arg.Any<CancellationToken>());
            _client.AuthenticateAsync("cartifflow", "from-the-environment", Arg.Any<CancellationToken>());
        });
        await _client.Received(1).AuthenticateAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task DeliverAsync_ServerRefusesOneMessageWith5xx_ThatOneFailsPermanentlyTheOthersAreSent()
    {
        var batch = Batch(3);
        Refuse(batch[1], new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MailboxAddress("", "nobody@kg.example.org"), "No such user"));

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.True(results[0].Delivered);
        Assert.False(results[1].Delivered);
        Assert.True(results[1].Permanent);
        Assert.Contains("550", results[1].Error, StringComparison.Ordinal);
        Assert.True(results[2].Delivered);
    }

    [Fact]
    public async Task DeliverAsync_ServerRefusesWith4xx_FailsTransiently()
    {
        var batch = Batch(2);
        Refuse(batch[0], new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxBusy, "Greylisted, try again later"));

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.False(results[0].Delivered);
        Assert.False(results[0].Permanent);
        Assert.True(results[1].Delivered);
    }

    [Fact]
    public async Task DeliverAsync_ConnectionDropsMidBatch_TheRestFailTransientlyWithoutAttempts()
    {
        var batch = Batch(3);
        Refuse(batch[0], new SmtpProtocolException("The SMTP server has unexpectedly disconnected."));
        _client.IsConnected.Returns(true, false);

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.False(r.Delivered || r.Permanent));
        Assert.Contains("unexpectedly disconnected", results[2].Error, StringComparison.Ordinal);
        await _client.Received(1).SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
    }

    [Fact]
    public async Task DeliverAsync_ConnectFails_EveryMessageFailsTransientlyWithTheReason()
    {
        _client.ConnectAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<SecureSocketOptions>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new System.Net.Sockets.SocketException(111));

        var results = await Delivery().DeliverAsync(Batch(2), CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.False(r.Delivered || r.Permanent);
            Assert.False(r.Attempted); // the relay was not reached: no attempt is spent
            Assert.Contains("smtp.carec.example.org:587", r.Error, StringComparison.Ordinal);
        });
        await _client.DidNotReceive().SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>(), Arg.Any<ITransferProgress>());
    }

    [Fact]
    public async Task DeliverAsync_LoginRefused_EveryMessageFailsTransiently()
    {
        _options.Smtp.UserName = "cartifflow";
        _client.AuthenticateAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AuthenticationException("535 5.7.8 Authentication credentials invalid"));

        var results = await Delivery().DeliverAsync(Batch(2), CancellationToken.None);

        Assert.All(results, r => Assert.False(r.Delivered || r.Permanent));
    }

    [Fact]
    public async Task DeliverAsync_MessageCannotBeRendered_FailsPermanentlyAndTheOthersAreSent()
    {
        var batch = Batch(2);
        batch.Insert(1, EmailTestData.Message("no-such-template", "en", EmailTestData.Model("Ivan", "en", null)));

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.True(results[0].Delivered);
        Assert.True(results[1].Permanent);
        Assert.Contains("no-such-template", results[1].Error, StringComparison.Ordinal);
        Assert.True(results[2].Delivered);
    }

    [Fact]
    public async Task DeliverAsync_NothingRenderable_DoesNotConnect()
    {
        var batch = new[] { EmailTestData.Message("no-such-template", "en", EmailTestData.Model("Ivan", "en", null)) };

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.True(Assert.Single(results).Permanent);
        _clients.DidNotReceive().Create();
    }

    [Fact]
    public async Task DeliverAsync_Canceled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        _client.ConnectAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<SecureSocketOptions>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                cancellation.Cancel();
                return Task.FromCanceled(cancellation.Token);
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Delivery().DeliverAsync(Batch(1), cancellation.Token));
    }
}
