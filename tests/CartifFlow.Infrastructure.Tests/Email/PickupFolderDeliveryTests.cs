using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Email;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CartifFlow.Infrastructure.Tests.Email;

/// <summary>The embedded default's delivery: one .eml per outbox id in the pickup folder, written on the real file system.</summary>
public sealed class PickupFolderDeliveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cartifflow-pickup-" + Guid.NewGuid().ToString("N"));

    private string Folder => Path.Combine(_root, "mail");

    private PickupFolderDelivery Delivery()
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.ContentRootPath.Returns(_root);
        var options = Options.Create(new EmailOptions { Transport = EmailTransport.Pickup, PickupFolder = "mail" });
        return new PickupFolderDelivery(
            new MimeMessageFactory(new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider()), options, new FakeTimeProvider()),
            options, environment);
    }

    [Fact]
    public async Task DeliverAsync_Batch_WritesOneWholeMessagePerOutboxIdAndNoTemporaryFile()
    {
        var batch = new[] { EmailTestData.Circulated("en"), EmailTestData.Circulated("ru") };

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Delivered));
        Assert.Equal(batch.Select(m => $"{m.Id:N}.eml").Order(StringComparer.Ordinal), Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var russian = await MimeKit.MimeMessage.LoadAsync(Path.Combine(Folder, $"{batch[1].Id:N}.eml"));
        Assert.Equal($"{batch[1].Id:N}@cartifflow.example.org", russian.MessageId);
        Assert.False(string.IsNullOrWhiteSpace(russian.TextBody));
    }

    [Fact]
    public async Task DeliverAsync_SameMessagesByNodesAtOnce_AllSucceedAndOneWholeFilePerMessageRemains()
    {
        // A lease that ran out lets another node take a message one node is still writing: neither may fail on the
        // other's temporary file. Four deliveries of the same messages, each message written by all four at once.
        var batch = Enumerable.Range(0, 25).Select(_ => EmailTestData.Circulated("ru")).ToList();
        var nodes = Enumerable.Range(0, 4).Select(_ => Delivery()).ToList();

        var results = new List<DeliveryResult>();
        foreach (var message in batch)
        {
            using var start = new Barrier(nodes.Count);
            var written = await Task.WhenAll(nodes.Select(node => Task.Run(() =>
            {
                start.SignalAndWait();
                return node.DeliverAsync([message], CancellationToken.None);
            })));
            results.AddRange(written.SelectMany(r => r));
        }

        Assert.All(results, r => Assert.True(r.Delivered, r.Error));
        Assert.Equal(batch.Count, Directory.GetFiles(Folder, "*.eml").Length);
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));
        foreach (var message in batch)
        {
            var loaded = await MimeKit.MimeMessage.LoadAsync(Path.Combine(Folder, $"{message.Id:N}.eml"));
            Assert.Equal($"{message.Id:N}@cartifflow.example.org", loaded.MessageId);
        }
    }

    [Fact]
    public async Task DeliverAsync_OneMessageCannotBeWritten_OnlyThatMessageFailsAndIsRetried()
    {
        var batch = new[] { EmailTestData.Circulated("en"), EmailTestData.Circulated("en"), EmailTestData.Circulated("en") };
        Directory.CreateDirectory(Path.Combine(Folder, $"{batch[1].Id:N}.eml")); // a directory where the file should go

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.Equal([true, false, true], results.Select(r => r.Delivered));
        Assert.False(results[1].Permanent);
        Assert.False(string.IsNullOrEmpty(results[1].Error));
        Assert.True(File.Exists(Path.Combine(Folder, $"{batch[2].Id:N}.eml")));
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));
    }

    [Fact]
    public async Task DeliverAsync_MalformedAddress_OnlyThatMessageFailsForGood()
    {
        var bad = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"), [new MailAddress("focal.kaz@example.org; chief.kaz@example.org")]);
        var batch = new[] { EmailTestData.Circulated("en"), bad, EmailTestData.Circulated("ru") };

        var results = await Delivery().DeliverAsync(batch, CancellationToken.None);

        Assert.Equal([true, false, true], results.Select(r => r.Delivered));
        Assert.True(results[1].Permanent);
        Assert.False(File.Exists(Path.Combine(Folder, $"{bad.Id:N}.eml")));
    }

    [Fact]
    public async Task DeliverAsync_ALongParagraph_IsWrittenWithinSmtpLineLimits()
    {
        var model = EmailTestData.Model("Aigerim Bekova", "ru", "Asia/Bishkek");
        model["variables"]!["text"] = string.Concat(Enumerable.Repeat("Стороны согласовали текст положения о транзите. ", 200));
        var message = EmailTestData.Message("circulated", "ru", model);

        var results = await Delivery().DeliverAsync([message], CancellationToken.None);

        Assert.True(results[0].Delivered, results[0].Error);
        var raw = await File.ReadAllBytesAsync(Path.Combine(Folder, $"{message.Id:N}.eml"));
        var longest = System.Text.Encoding.ASCII.GetString(raw).Split('\n').Max(l => l.TrimEnd('\r').Length);
        Assert.True(longest <= 998, $"a line of {longest} octets");
        var loaded = await MimeKit.MimeMessage.LoadAsync(Path.Combine(Folder, $"{message.Id:N}.eml"));
        Assert.Contains("Стороны согласовали текст положения о транзите.", loaded.TextBody, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
