using System.Net;
using System.Net.Sockets;
using System.Text;
using CartifFlow.Engine;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CartifFlow.Infrastructure.Tests.Email;

/// <summary>
/// <see cref="SmtpDelivery"/> against a real SMTP server: aiosmtpd, started by <c>./test.sh</c> through
/// <c>tests/smtp-server.sh</c>, which saves what it receives into a Maildir that these tests read back.
/// Each test uses its own message ids and addresses, so tests can share the server and run in parallel.
/// </summary>
public sealed class SmtpDeliveryServerTests
{
    private static readonly string[] MaildirFolders = ["new", "cur"];
    private static readonly string[] Variables = ["CARTIFFLOW_TEST_SMTP_HOST", "CARTIFFLOW_TEST_SMTP_PORT", "CARTIFFLOW_TEST_MAILDIR"];

    private static (string Host, int Port, string Maildir) Server()
    {
        var values = Variables.Select(Environment.GetEnvironmentVariable).ToArray();
        if (values.Any(string.IsNullOrWhiteSpace) || !int.TryParse(values[1], out var port))
        {
            Assert.Fail(
                $"{string.Join(", ", Variables)} are not set: these tests need a real SMTP server. " +
                "Run ./test.sh, which starts one (tests/smtp-server.sh) and exports them.");
        }

        return (values[0]!, int.Parse(values[1]!, System.Globalization.CultureInfo.InvariantCulture), values[2]!);
    }

    /// <summary>The delivery as the host composes it, configured for SMTP.</summary>
    private static IOutboxDelivery Delivery(string host, int port, TimeSpan? timeout = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CartifFlow:Email:Transport"] = "Smtp",
            ["CartifFlow:Email:FromAddress"] = "secretariat@carec.example.org",
            ["CartifFlow:Email:FromName"] = "CAREC Secretariat",
            ["CartifFlow:Email:Smtp:Host"] = host,
            ["CartifFlow:Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CartifFlow:Email:Smtp:Timeout"] = (timeout ?? TimeSpan.FromSeconds(20)).ToString(),
            ["CartifFlow:Engine:WorkflowsPath"] = AppContext.BaseDirectory,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddCartifFlowEmail();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName);
        return services.BuildServiceProvider().GetRequiredService<IOutboxDelivery>();
    }

    /// <summary>The messages the server saved with one of these Message-Ids, with the envelope recipients aiosmtpd wrote into X-RcptTo.</summary>
    private static Dictionary<string, MimeMessage> Received(string maildir, IEnumerable<string> messageIds)
    {
        var wanted = messageIds.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, MimeMessage>(StringComparer.Ordinal);
        foreach (var file in MaildirFolders.SelectMany(sub => Directory.EnumerateFiles(Path.Combine(maildir, sub))))
        {
            var message = MimeMessage.Load(file);
            if (message.MessageId is { } id && wanted.Contains(id))
            {
                found[id] = message;
            }
        }

        return found;
    }

    /// <summary>Content-Language of the message; MimeKit files top-level Content-* headers under the body when it parses.</summary>
    private static string? ContentLanguage(MimeMessage message) =>
        message.Headers[HeaderId.ContentLanguage] ?? message.Body?.Headers[HeaderId.ContentLanguage];

    private static Ical.Net.Calendar Calendar(MimeMessage message)
    {
        var part = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("deadline.ics", part.FileName);
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.Equal("PUBLISH", part.ContentType.Parameters["method"]);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray())) ?? throw new InvalidOperationException("not an iCalendar file");
    }

    [Fact]
    public async Task DeliverAsync_EveryMessage_ArrivesAsTextAndHtmlAlternatives_AndAnInvitationAlsoAsTextCalendarRequest()
    {
        var (host, port, maildir) = Server();
        var token = Guid.NewGuid().ToString("N")[..12];
        var reminder = EmailTestData.Message("reminder", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek", calendar: false), [new MailAddress($"focal.{token}@kg.example.org")]);
        var invitationModel = EmailTestData.Model("Иван Петров", "ru", "Asia/Almaty");
        invitationModel["with"]!["calendar"]!["method"] = "REQUEST";
        invitationModel["with"]!["calendar"]!["timeZone"] = "Asia/Ulaanbaatar";
        invitationModel["with"]!["calendar"]!["sequence"] = 0;
        invitationModel["with"]!["calendar"]!["attendees"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["email"] = $"focal.{token}@kz.example.org", ["name"] = "Иван Петров" });
        invitationModel["with"]!["meeting"] = new System.Text.Json.Nodes.JsonObject { ["title"] = "Zero Round", ["format"] = "in-person", ["place"] = "Ulaanbaatar", ["timeZone"] = "Asia/Ulaanbaatar", ["start"] = "2026-06-10T01:00:00Z", ["end"] = "2026-06-10T04:00:00Z" };
        var invitation = EmailTestData.Message("meeting-invitation", "ru", invitationModel, [new MailAddress($"focal.{token}@kz.example.org")]);

        var results = await Delivery(host, port).DeliverAsync([reminder, invitation], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Delivered, r.Error));
        var received = Received(maildir, [$"{reminder.Id:N}@cartifflow.example.org", $"{invitation.Id:N}@cartifflow.example.org"]);
        var plain = received[$"{reminder.Id:N}@cartifflow.example.org"];
        var alternative = Assert.IsType<MultipartAlternative>(plain.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("2026-06-10 15:00 (UTC+06:00, Asia/Bishkek)", plain.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td style=\"padding: 4px 0; border-bottom: 1px solid #dddddd;\"><strong>2026-06-10 15:00 (UTC+06:00, Asia/Bishkek)</strong></td>", plain.HtmlBody, StringComparison.Ordinal);

        var invited = received[$"{invitation.Id:N}@cartifflow.example.org"];
        var mixed = Assert.IsType<Multipart>(invited.Body, exactMatch: false);
        var parts = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], parts.Select(p => p.ContentType.MimeType));
        Assert.Equal("REQUEST", parts[2].ContentType.Parameters["method"]);
        Assert.Contains("Уважаемый(-ая) Иван Петров!", invited.TextBody, StringComparison.Ordinal);
        Assert.Contains("Иван Петров", invited.HtmlBody, StringComparison.Ordinal);
        var calendar = Ical.Net.Calendar.Load(((TextPart)parts[2]).Text)!;
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("mailto:secretariat@carec.example.org", Assert.Single(calendar.Events).Organizer!.Value!.ToString(), ignoreCase: true);
    }

    [Fact]
    public async Task DeliverAsync_RussianAndEnglishReadersWithCopies_ServerReceivesBothInTheirLanguagesWithTheDeadline()
    {
        var (host, port, maildir) = Server();
        var token = Guid.NewGuid().ToString("N")[..12];
        var russianTo = new MailAddress($"focal.point.{token}@kz.example.org", "Иван Петров");
        var englishTo = new MailAddress($"focal.point.{token}@kg.example.org", "Aigerim Bekova");
        var copy = new MailAddress($"secretariat.{token}@carec.example.org", "CAREC Secretariat");
        var observer = new MailAddress($"observer.{token}@adb.example.org");
        var russian = EmailTestData.Message("circulated", "ru", EmailTestData.Model("Иван Петров", "ru", "Europe/Moscow", party: "Республика Казахстан"), [russianTo], [copy, observer]);
        var english = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"), [englishTo], [copy]);

        var results = await Delivery(host, port).DeliverAsync([russian, english], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Delivered, r.Error));
        var received = Received(maildir, [$"{russian.Id:N}@cartifflow.example.org", $"{english.Id:N}@cartifflow.example.org"]);
        Assert.Equal(2, received.Count);

        var ru = received[$"{russian.Id:N}@cartifflow.example.org"];
        Assert.Equal(
            [russianTo.Address, copy.Address, observer.Address],
            ru.Headers["X-RcptTo"]!.Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal(russianTo.Address, Assert.Single(ru.To.Mailboxes).Address);
        Assert.Equal("Иван Петров", ru.To.Mailboxes.Single().Name);
        Assert.Equal([copy.Address, observer.Address], ru.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal("secretariat@carec.example.org", ru.From.Mailboxes.Single().Address);
        Assert.Equal("ru", ContentLanguage(ru));
        Assert.StartsWith("Письменная процедура WP-2026-014:", ru.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Уважаемый(-ая) Иван Петров!", ru.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 12:00 (UTC+03:00, Europe/Moscow), по вашему времени", ru.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 17:00 (UTC+08:00, Asia/Manila), по времени Секретариата", ru.TextBody, StringComparison.Ordinal);
        Assert.Contains("Республика Казахстан", ru.HtmlBody, StringComparison.Ordinal);
        var ruDeadline = Assert.Single(Calendar(ru).Events);
        Assert.Equal(russian.Model["with"]!["calendar"]!["uid"]!.GetValue<string>(), ruDeadline.Uid);
        Assert.Equal(new DateTime(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc), ruDeadline.DtStart!.AsUtc);

        var en = received[$"{english.Id:N}@cartifflow.example.org"];
        Assert.Equal([englishTo.Address, copy.Address], en.Headers["X-RcptTo"]!.Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal(englishTo.Address, Assert.Single(en.To.Mailboxes).Address);
        Assert.Equal(copy.Address, Assert.Single(en.Cc.Mailboxes).Address);
        Assert.Equal("en", ContentLanguage(en));
        Assert.StartsWith("Written procedure WP-2026-014:", en.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 15:00 (UTC+06:00, Asia/Bishkek), your time", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 17:00 (UTC+08:00, Asia/Manila), time at the Secretariat", en.TextBody, StringComparison.Ordinal);
        var enDeadline = Assert.Single(Calendar(en).Events);
        Assert.Equal(english.Model["with"]!["calendar"]!["uid"]!.GetValue<string>(), enDeadline.Uid);
        Assert.Equal(new DateTime(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc), enDeadline.DtStart!.AsUtc);
    }

    [Fact]
    public async Task Session_ThreeChunksOverOneConnection_ServerReceivesEveryMessage()
    {
        var (host, port, maildir) = Server();
        var chunks = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 4).Select(_ => EmailTestData.Message(
            "circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"),
            [new MailAddress($"focal.point.{Guid.NewGuid():N}@kg.example.org")])).ToList()).ToList();

        await using (var session = Delivery(host, port).OpenSession())
        {
            foreach (var chunk in chunks)
            {
                Assert.All(await session.DeliverAsync(chunk, CancellationToken.None), r => Assert.True(r.Delivered, r.Error));
            }
        }

        var ids = chunks.SelectMany(c => c).Select(m => $"{m.Id:N}@cartifflow.example.org").ToList();
        Assert.Equal(ids.Order(), Received(maildir, ids).Keys.Order());
    }

    [Fact]
    public async Task DeliverAsync_UnrenderableMessageInBatch_FailsPermanentlyWhileTheOtherReachesTheServer()
    {
        var (host, port, maildir) = Server();
        var good = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"),
            [new MailAddress($"focal.point.{Guid.NewGuid():N}@kg.example.org")]);
        var bad = EmailTestData.Message("no-such-template", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"));

        var results = await Delivery(host, port).DeliverAsync([bad, good], CancellationToken.None);

        Assert.True(results[0].Permanent);
        Assert.True(results[1].Delivered, results[1].Error);
        var received = Received(maildir, [$"{good.Id:N}@cartifflow.example.org", $"{bad.Id:N}@cartifflow.example.org"]);
        Assert.Equal($"{good.Id:N}@cartifflow.example.org", Assert.Single(received).Key);
    }

    [Fact]
    public async Task DeliverAsync_MalformedAddressInTheMiddleOfAChunk_OnlyThatMessageFailsForGood_TheOthersReachTheServerOnce()
    {
        var (host, port, maildir) = Server();
        OutboxMessage To(string address) => EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"), [new MailAddress(address)]);
        var first = To($"focal.point.{Guid.NewGuid():N}@kg.example.org");
        var bad = To("focal.kaz@example.org; chief.kaz@example.org");
        var last = To($"chief.{Guid.NewGuid():N}@kg.example.org");

        var results = await Delivery(host, port).DeliverAsync([first, bad, last], CancellationToken.None);

        Assert.True(results[0].Delivered, results[0].Error);
        Assert.False(results[1].Delivered);
        Assert.True(results[1].Permanent);
        Assert.Contains("is not an e-mail address", results[1].Error, StringComparison.Ordinal);
        Assert.True(results[2].Delivered, results[2].Error);
        var received = Received(maildir, new[] { first, bad, last }.Select(m => $"{m.Id:N}@cartifflow.example.org"));
        Assert.Equal(new[] { first.Id, last.Id }.Select(id => $"{id:N}@cartifflow.example.org").Order(), received.Keys.Order());
    }

    [Fact]
    public async Task DeliverAsync_TheServerRefusesTheCopiedRecipient_TheMessageStillReachesTheOther_AndTheRefusalIsRecorded()
    {
        var (host, port, maildir) = Server();
        var focal = $"focal.point.{Guid.NewGuid():N}@kg.example.org";
        var chief = $"refused.chief.{Guid.NewGuid():N}@kg.example.org"; // the test server refuses "refused.*" with 550
        var message = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"), [new MailAddress(focal)], [new MailAddress(chief)]);

        var result = Assert.Single(await Delivery(host, port).DeliverAsync([message], CancellationToken.None));

        Assert.True(result.Delivered, result.Error);
        Assert.Contains(chief, result.Error, StringComparison.Ordinal);
        Assert.Contains("550", result.Error, StringComparison.Ordinal);
        var received = Assert.Single(Received(maildir, [$"{message.Id:N}@cartifflow.example.org"])).Value;
        Assert.Contains(focal, received.Headers["X-RcptTo"], StringComparison.Ordinal);
        Assert.DoesNotContain(chief, received.Headers["X-RcptTo"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_TheServerRefusesEveryRecipient_TheMessageFailsForGood()
    {
        var (host, port, _) = Server();
        var message = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim Bekova", "en", "Asia/Bishkek"), [new MailAddress($"refused.{Guid.NewGuid():N}@kg.example.org")]);

        var result = Assert.Single(await Delivery(host, port).DeliverAsync([message], CancellationToken.None));

        Assert.False(result.Delivered);
        Assert.True(result.Permanent, result.Error);
    }

    [Fact]
    public async Task DeliverAsync_NothingListensOnThePort_EveryMessageFailsTransiently()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            // A port that was free a moment ago and that nothing listens on now.
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var batch = new[] { EmailTestData.Circulated("ru"), EmailTestData.Circulated("en") };

        var results = await Delivery("127.0.0.1", port, TimeSpan.FromSeconds(5)).DeliverAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Select(m => m.Id), results.Select(r => r.Id));
        Assert.All(results, r =>
        {
            Assert.False(r.Delivered);
            Assert.False(r.Permanent);
            Assert.Contains($"127.0.0.1:{port}", r.Error, StringComparison.Ordinal);
        });
    }
}
