using System.Diagnostics;
using CartifFlow.Engine.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 6. E-mail: N messages written by steps into the outbox, delivered by the outbox dispatcher through the SMTP
/// delivery (Liquid rendering, one connection per batch, outcome recorded per row) to the run's SMTP server, against a
/// bare MailKit loop sending N messages of the same size over one connection to the same server.
/// </summary>
internal static class EmailScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        const int count = 1_000;
        Report.Line("email.messages", count);
        await using var db = await BenchDatabase.CreateAsync(settings.Postgres, "bench_email");
        await using var node = await BenchNode.CreateAsync("PostgreSql", db.ConnectionString, BenchSettings.EngineWorkflows, new Dictionary<string, string?>
        {
            ["CartifFlow:Email:Transport"] = "Smtp",
            ["CartifFlow:Email:Smtp:Host"] = settings.SmtpHost,
            ["CartifFlow:Email:Smtp:Port"] = settings.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CartifFlow:Email:Smtp:Security"] = "None",
        });
        await Work.ForAsync(count, 16, i => node.StartInstanceAsync("bench-mail", $"M-{i}"));
        var body = await SampleBodyAsync(db);

        await BareAsync(settings, 50, body); // warm-up: JIT and the server's first connection
        var bare = await BareAsync(settings, count, body);
        Report.Line("email.bare.per_second", count / bare);

        var start = Stopwatch.GetTimestamp();
        var delivered = 0;
        while (delivered < count && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
        {
            delivered += await node.Outbox.DeliverDueAsync();
        }

        var outbox = Stats.Seconds(start);
        var sent = await db.ScalarAsync<long>($"""SELECT count(*) FROM outbox_messages WHERE "Status" = {(int)OutboxStatus.Sent}""");
        if (sent != count)
        {
            throw new InvalidOperationException($"e-mail: {sent} of {count} outbox messages sent");
        }

        Report.Line("email.outbox.per_second", count / outbox);
        var ratio = bare / outbox;
        Report.Line("email.ratio_to_bare", ratio, 2);
        report.Goal("email.ratio_to_bare", ratio >= 0.8, $"{ratio:F2} of the bare MailKit loop, goal >= 0.8");
    }

    /// <summary>The outbox's message text with its values filled in roughly: the same size on the wire.</summary>
    private static Task<string> SampleBodyAsync(BenchDatabase db)
    {
        _ = db;
        var template = File.ReadAllText(Path.Combine(BenchSettings.EngineWorkflows, "templates", "bench-note.en.text.liquid"));
        return Task.FromResult(System.Text.RegularExpressions.Regex.Replace(template, @"\{\{[^}]*\}\}", "M-1000"));
    }

    private static async Task<double> BareAsync(BenchSettings settings, int count, string body)
    {
        var start = Stopwatch.GetTimestamp();
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, SecureSocketOptions.None);
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage { Subject = $"Written procedure M-{i}: circulation notice", MessageId = $"{Guid.NewGuid():N}@bench.example.org" };
            message.From.Add(new MailboxAddress("CARTIF Secretariat (CartifFlow)", "cartifflow@example.org"));
            message.To.Add(new MailboxAddress("Benchmark Desk", "desk@example.org"));
            message.Body = new TextPart("plain") { Text = body };
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(quit: true);
        return Stats.Seconds(start);
    }
}
