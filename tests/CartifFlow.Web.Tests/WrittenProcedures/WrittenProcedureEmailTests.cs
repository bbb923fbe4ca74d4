using System.Globalization;
using CartifFlow.Web.Tests.Support;
using MimeKit;

namespace CartifFlow.Web.Tests.WrittenProcedures;

/// <summary>
/// A procedure's e-mails through the whole chain: API → step → outbox → Hangfire-less dispatch → MailKit → the real
/// SMTP server started by ./test.sh (aiosmtpd, saving into a Maildir) → parsed back and checked.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class WrittenProcedureEmailTests
{
    private static (string Host, string Port, string Maildir) Server()
    {
        string Need(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts a real SMTP server for them.");
        return (Need("CARTIFFLOW_TEST_SMTP_HOST"), Need("CARTIFFLOW_TEST_SMTP_PORT"), Need("CARTIFFLOW_TEST_MAILDIR"));
    }

    private static List<string> OneClickLinks(string? body) =>
        [.. System.Text.RegularExpressions.Regex.Matches(body ?? "", @"http\S+/act\?t=\S+").Select(m => m.Value)];

    private static List<MimeMessage> Received(string maildir, Guid instanceId) =>
        [.. new[] { "new", "cur" }.SelectMany(sub => Directory.EnumerateFiles(Path.Combine(maildir, sub)))
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.Headers["X-CartifFlow-Instance"] == instanceId.ToString("D"))];

    [Fact]
    public async Task Circulation_ReachesTheSmtpServer_InEachReadersLanguage_WithBothDeadlineTimesAndACalendarEntry_AndEachChiefNegotiatorGetsTheirOwnMessage()
    {
        var (host, port, maildir) = Server();
        await using var d = await ProcedureDriver.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CartifFlow:Email:Transport"] = "Smtp",
            ["CartifFlow:Email:Smtp:Host"] = host,
            ["CartifFlow:Email:Smtp:Port"] = port,
            ["CartifFlow:Email:Smtp:Security"] = "None",
        });
        var key = await d.LaunchAsync(mode: "consent");
        var instance = (await d.Host.Engine.FindAsync("written-procedure", key))!.Id;

        await d.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the outbox

        var messages = Received(maildir, instance);
        // Nine focal points, nine chief negotiators (each their own message, with their own one-click links: no Cc),
        // the observer and two Secretariat copies.
        Assert.Equal(21, messages.Count);
        Assert.All(messages, m => Assert.Empty(m.Cc));
        Assert.All(await d.MessagesAsync(key), m => Assert.Equal(Engine.Persistence.OutboxStatus.Sent, m.Status));

        var kaz = messages.Single(m => m.To.Mailboxes.Any(a => a.Address == "focal.kaz@example.org"));
        Assert.Equal(["focal.kaz@example.org"], kaz.To.Mailboxes.Select(a => a.Address));
        var chiefKaz = messages.Single(m => m.To.Mailboxes.Any(a => a.Address == "chief.kaz@example.org"));
        Assert.Equal(["chief.kaz@example.org"], chiefKaz.To.Mailboxes.Select(a => a.Address));
        Assert.StartsWith("Письменная процедура " + key, chiefKaz.Subject, StringComparison.Ordinal);
        Assert.Contains("Chief Negotiator, Kazakhstan", chiefKaz.TextBody, StringComparison.Ordinal);
        var focalLinks = OneClickLinks(kaz.TextBody);
        var chiefLinks = OneClickLinks(chiefKaz.TextBody);
        Assert.Equal(2, focalLinks.Count);
        Assert.Equal(2, chiefLinks.Count);
        Assert.Empty(focalLinks.Intersect(chiefLinks));
        Assert.StartsWith("Письменная процедура " + key, kaz.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-06-15 14:00 (UTC+05:00, Asia/Almaty), по вашему времени", kaz.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-15 17:00 (UTC+08:00, Asia/Manila), по времени Секретариата", kaz.TextBody, StringComparison.Ordinal);
        Assert.Contains("Для этой процедуры необходимо согласие каждой участвующей Стороны", kaz.TextBody, StringComparison.Ordinal);

        var mon = messages.Single(m => m.To.Mailboxes.Any(a => a.Address == "focal.mon@example.org"));
        Assert.StartsWith("Written procedure " + key, mon.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-06-15 17:00 (UTC+08:00, Asia/Ulaanbaatar), your time", mon.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-15 17:00 (UTC+08:00, Asia/Manila), time at the Secretariat", mon.TextBody, StringComparison.Ordinal);

        var ics = mon.Attachments.OfType<MimePart>().Single(a => a.FileName == "deadline.ics");
        using var stream = new MemoryStream();
        await ics.Content!.DecodeToAsync(stream);
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
        var deadline = Assert.Single(calendar.Events);
        Assert.Equal($"{key}-deadline@cartifflow", deadline.Uid);
        Assert.Equal(new DateTime(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc), deadline!.DtStart!.AsUtc);

        var observer = messages.Single(m => m.To.Mailboxes.Any(a => a.Address == "observer.aze@example.org"));
        Assert.Contains("для сведения", observer.TextBody, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Equal(m.MessageId!.Split('@')[0], Guid.Parse(m.MessageId.Split('@')[0]).ToString("N", CultureInfo.InvariantCulture)));
    }
}
