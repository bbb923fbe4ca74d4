using System.Diagnostics;
using CartifFlow.Engine.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// 6. E-mail: N messages written by steps into the outbox, delivered by the outbox dispatcher through the SMTP
/// delivery (Liquid rendering, a batch's lanes over up to OutboxConnections connections, outcome recorded per chunk) to
/// the run's SMTP server, against a bare MailKit loop sending N messages of the same size to the
/// same server (one connection per slice), measured alternately in slices of N / 4 after a warm-up of each.
/// </summary>
internal static class EmailScenario
{
    /// <summary>Slices per side: the comparison alternates bare loop and outbox.</summary>
    private const int Slices = 4;

    /// <summary>Messages each side sends before the measured slices.</summary>
    private const int Warm = 50;

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
        var body = SampleBody();

        // Warm-up on both sides (the JIT, the server's first connections), then alternate: a slice of the bare loop,
        // then as many messages through the outbox (written by steps before the slice, not timed), so that a
        // neighbour's burst on a shared machine falls on both sides of the ratio rather than on one.
        await BareAsync(settings, Warm, body);
        await OutboxAsync(node, db, "W", Warm);
        var bare = 0.0;
        var outbox = 0.0;
        var slices = new List<string>();
        for (var slice = 0; slice < Slices; slice++)
        {
            var b = await BareAsync(settings, count / Slices, body);
            var o = await OutboxAsync(node, db, $"S{slice}", count / Slices);
            slices.Add($"{count / Slices / b:F0}/{count / Slices / o:F0}");
            bare += b;
            outbox += o;
        }

        Console.Error.WriteLine($"[bench] e-mail: slices (bare/outbox messages per second) {string.Join(", ", slices)}");
        Report.Line("email.bare.per_second", count / bare);
        Report.Line("email.outbox.per_second", count / outbox);
        var ratio = bare / outbox;
        Report.Line("email.ratio_to_bare", ratio, 2);
        report.Goal("email.ratio_to_bare", ratio >= 0.8, $"{ratio:F2} of the bare MailKit loop, goal >= 0.8");
    }

    /// <summary>
    /// Writes <paramref name="count"/> messages into the outbox (one step each, not timed), then times the outbox
    /// dispatcher delivering them; fails unless every one of them was sent.
    /// </summary>
    private static async Task<double> OutboxAsync(BenchNode node, BenchDatabase db, string prefix, int count)
    {
        await Work.ForAsync(count, 16, i => node.StartInstanceAsync("bench-mail", $"M-{prefix}-{i}"));
        var before = await SentAsync(db);
        var start = Stopwatch.GetTimestamp();
        var delivered = 0;
        while (delivered < count && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(5))
        {
            delivered += await node.Outbox.DeliverDueAsync();
        }

        var seconds = Stats.Seconds(start);
        var sent = await SentAsync(db) - before;
        return sent == count ? seconds : throw new InvalidOperationException($"e-mail: {sent} of {count} outbox messages sent");
    }

    private static Task<long> SentAsync(BenchDatabase db) =>
        db.ScalarAsync<long>($"""SELECT count(*) FROM outbox_messages WHERE "Status" = {(int)OutboxStatus.Sent}""");

    /// <summary>The outbox's message text with its values filled in roughly: the same size on the wire.</summary>
    private static string SampleBody()
    {
        var template = File.ReadAllText(Path.Combine(BenchSettings.EngineWorkflows, "templates", "bench-note.en.text.liquid"));
        return System.Text.RegularExpressions.Regex.Replace(template, @"\{\{[^}]*\}\}", "M-1000");
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
