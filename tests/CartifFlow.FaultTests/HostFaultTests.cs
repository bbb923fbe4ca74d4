using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.FaultTests.Support;
using Xunit.Abstractions;

namespace CartifFlow.FaultTests;

/// <summary>
/// The real host as a process on the shared PostgreSQL server of test.sh (a database per test) and the real SMTP
/// server: killed mid-run, and two of them on one database. Each test is bounded (about a minute and a half).
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class HostFaultTests(ITestOutputHelper output)
{
    /// <summary>
    /// A node that dies after the SMTP server accepted messages and before it recorded them sends them again: at most
    /// one chunk (<c>OutboxChunkSize</c>, 10) per connection (<c>OutboxConnections</c>, 4) of each dispatcher that was
    /// running on it — the outbox pump and at most one Hangfire sweep per worker (2 here). See docs/performance.md.
    /// </summary>
    internal const int DuplicateWindow = (1 + 2) * 4 * 10;

    [Fact]
    public async Task SigkillMidRun_RestartedHost_LosesNoTimerAndNoEmail_AndAppliesNoTransitionTwice()
    {
        const int instances = 1_500;
        var folder = Directory.CreateTempSubdirectory("cartifflow-fault-").FullName;
        var domain = $"kill-{Guid.NewGuid():N}.fault.example.org";
        await using var db = await FaultDatabase.CreateAsync(FaultEnvironment.Postgres);
        var workflows = FaultEnvironment.Workflows(folder);
        var settings = HostSettings(domain);

        var first = await FaultHost.StartAsync(db.ConnectionString, workflows, settings);
        await using var node = await FaultNode.CreateAsync(db.ConnectionString, workflows);
        var ids = await StartChainsAsync(node, instances, "K");

        // Kill it with work under way: some timers fired, others due, e-mails in flight.
        Assert.True(await Eventually.EventuallyAsync(async () => await db.CountAsync(Fired) >= instances / 2, TimeSpan.FromSeconds(40), 50), "no timer fired before the kill");
        first.Kill();
        var firedBeforeKill = await db.CountAsync(Fired);
        var sentBeforeKill = await db.CountAsync(Sent);
        output.WriteLine($"killed with {firedBeforeKill} of {2 * instances} timers fired and {sentBeforeKill} of {3 * instances} e-mails recorded as sent");
        Assert.True(firedBeforeKill < 2 * instances, "every timer had fired before the kill: the test did not kill mid-run");
        await first.DisposeAsync();

        await using var second = await FaultHost.StartAsync(db.ConnectionString, workflows, settings);
        var duplicates = await AssertEverythingDoneOnceAsync(db, node, ids, timersPerInstance: 2, messagesPerInstance: 3, domain, allowedDuplicates: DuplicateWindow);
        output.WriteLine($"duplicate e-mails after the kill: {duplicates} (window: {DuplicateWindow})");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task TwoHostsOnOneDatabase_FireEachTimerOnce_SendEachEmailOnce_AndOneOfTwoRacingTriggersWins()
    {
        const int chains = 600;
        const int toggles = 100;
        var folder = Directory.CreateTempSubdirectory("cartifflow-fault-").FullName;
        var domain = $"two-{Guid.NewGuid():N}.fault.example.org";
        await using var db = await FaultDatabase.CreateAsync(FaultEnvironment.Postgres);
        var workflows = FaultEnvironment.Workflows(folder);
        var settings = HostSettings(domain);

        await using var hostA = await FaultHost.StartAsync(db.ConnectionString, workflows, settings);
        await using var hostB = await FaultHost.StartAsync(db.ConnectionString, workflows, settings);
        await using var nodeX = await FaultNode.CreateAsync(db.ConnectionString, workflows);
        await using var nodeY = await FaultNode.CreateAsync(db.ConnectionString, workflows);

        // The same trigger, at the same version, from two nodes at once: one applies, the other is told of the conflict.
        var toggleIds = new List<Guid>();
        for (var i = 0; i < toggles; i++)
        {
            toggleIds.Add(await nodeX.StartAsync("fault-toggle", $"T-{i}"));
        }

        var outcomes = await Task.WhenAll(toggleIds.Select(async id =>
        {
            var version = (await nodeX.Engine.GetInstanceAsync(id))!.Version;
            var results = await Task.WhenAll(
                Task.Run(() => nodeX.Engine.FireAsync(id, "flip", FaultNode.Secretariat, expectedVersion: version)),
                Task.Run(() => nodeY.Engine.FireAsync(id, "flip", FaultNode.Secretariat, expectedVersion: version)));
            return results.Select(r => r.Outcome).ToList();
        }));
        Assert.All(outcomes, o => Assert.Equal(1, o.Count(x => x == StepOutcome.Applied)));
        Assert.All(outcomes, o => Assert.Equal(1, o.Count(x => x == StepOutcome.Conflict)));

        // Timers due over a few seconds, with both hosts' pumps claiming them.
        var chainIds = await StartChainsAsync(nodeX, chains, "C");
        await AssertEverythingDoneOnceAsync(db, nodeX, chainIds, timersPerInstance: 2, messagesPerInstance: 3, domain, allowedDuplicates: 0, extraMessages: toggles * 2);
        Assert.Equal(toggles, await db.CountAsync("""SELECT count(*) FROM audit_events WHERE "Trigger" = 'flip'"""));
        Directory.Delete(folder, recursive: true);
    }

    internal static Dictionary<string, string> HostSettings(string domain) => new()
    {
        ["CartifFlow__Email__Transport"] = "Smtp",
        ["CartifFlow__Email__Smtp__Host"] = FaultEnvironment.SmtpHost,
        ["CartifFlow__Email__Smtp__Port"] = FaultEnvironment.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["CartifFlow__Email__Smtp__Security"] = "None",
        ["CartifFlow__Email__MessageIdDomain"] = domain,
        ["CartifFlow__Engine__ClaimLease"] = "00:00:10",
        ["CartifFlow__Engine__OutboxPollInterval"] = "00:00:02",
        ["CartifFlow__Jobs__WorkerCount"] = "2",
    };

    internal const string Fired = """SELECT count(*) FROM workflow_timers WHERE "Status" = 1""";

    internal const string Sent = """SELECT count(*) FROM outbox_messages WHERE "Status" = 1""";

    /// <summary>Starts chains whose two timers fall due 2 to 8 seconds after each start.</summary>
    internal static async Task<List<Guid>> StartChainsAsync(FaultNode node, int count, string prefix)
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, count).Select(_ => (First: 2 + (random.NextDouble() * 4), Then: 0.5 + (random.NextDouble() * 2))).ToList();
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var first = now.AddSeconds(delays[i].First);
            ids[i] = await node.StartAsync("fault-chain", $"{prefix}-{i}", new JsonObject
            {
                ["first"] = first.ToString("O", CultureInfo.InvariantCulture),
                ["second"] = first.AddSeconds(delays[i].Then).ToString("O", CultureInfo.InvariantCulture),
            });
        });
        return [.. ids];
    }

    /// <summary>Waits (bounded) until every timer fired and every message went out, then checks each happened once.</summary>
    internal static async Task<int> AssertEverythingDoneOnceAsync(
        FaultDatabase db, FaultNode node, IReadOnlyList<Guid> ids, int timersPerInstance, int messagesPerInstance, string? domain, int allowedDuplicates, int extraMessages = 0)
    {
        var timers = ids.Count * timersPerInstance;
        var messages = (ids.Count * messagesPerInstance) + extraMessages;
        var done = await Eventually.EventuallyAsync(
            async () => await db.TryCountAsync(Fired) == timers && await db.TryCountAsync(Sent) == messages,
            TimeSpan.FromSeconds(75));
        Assert.True(done, $"after 75 s: {await db.TryCountAsync(Fired)} of {timers} timers fired, {await db.TryCountAsync(Sent)} of {messages} e-mails sent");

        Assert.Equal(0, await db.CountAsync("""SELECT count(*) FROM workflow_timers WHERE "Status" <> 1"""));
        Assert.Equal(0, await db.CountAsync("""SELECT count(*) FROM outbox_messages WHERE "Status" <> 1"""));

        // No transition applied twice: one audit event per instance and trigger, and every chain intact.
        Assert.Equal(0, await db.CountAsync("""SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE "Trigger" <> 'flip' GROUP BY "InstanceId", "Trigger" HAVING count(*) > 1) d"""));
        foreach (var id in ids)
        {
            var audit = await node.Engine.VerifyAuditChainAsync(id);
            Assert.True(audit.Intact, $"audit chain of {id} broken at {audit.FirstBrokenSequence}");
            Assert.Equal(1 + timersPerInstance, audit.Events);
        }

        var duplicates = 0;
        if (domain is not null)
        {
            // Every message reached the SMTP server; a message seen twice is a duplicate, counted and bounded.
            var received = Maildir.MessageIds(domain);
            Assert.True(await Eventually.EventuallyAsync(() => Task.FromResult(Maildir.MessageIds(domain).Distinct().Count() == messages), TimeSpan.FromSeconds(10)), $"{Maildir.MessageIds(domain).Distinct().Count()} of {messages} messages reached the SMTP server");
            received = Maildir.MessageIds(domain);
            duplicates = received.Count - received.Distinct().Count();
            Assert.True(duplicates <= allowedDuplicates, $"{duplicates} duplicate e-mails, more than the documented window of {allowedDuplicates}");
        }

        return duplicates;
    }
}

/// <summary>The fault tests run one at a time: each loads the machine on purpose.</summary>
[CollectionDefinition(Name)]
public sealed class FaultTestGroup
{
    public const string Name = "faults";
}
