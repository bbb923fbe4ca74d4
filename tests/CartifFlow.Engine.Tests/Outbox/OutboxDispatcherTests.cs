using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Outbox;

public sealed class OutboxDispatcherTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task CommittedMessages_AreDeliveredOnce_WithTheirRowIdAsIdentity(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();

        Assert.Equal(2, await h.Outbox.DeliverDueAsync());
        Assert.Equal(0, await h.Outbox.DeliverDueAsync());

        var statuses = await h.Outbox.GetStatusAsync(id);
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(OutboxStatus.Sent, s.Status));
        Assert.Equal(statuses.Select(s => s.Id).Order(), h.Delivery.Delivered.Select(m => m.Id).Order());
        var kaz = h.Delivery.Delivered.Single(m => m.To[0].Address == "fp.kaz@example.org");
        Assert.Equal("ru", kaz.Language);
        Assert.Equal("Asia/Almaty", kaz.TimeZone);
        Assert.Equal("opened", kaz.Template);
        Assert.Equal("R-1", kaz.Model["correlationKey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task FailedDelivery_IsRetriedWithBackoff_ThenMarkedFailed(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        h.Delivery.Fail = m => m.To[0].Address == "fp.kaz@example.org" ? new DeliveryResult(m.Id, false, "451 try later") : null;

        Assert.Equal(1, await h.Outbox.DeliverDueAsync());
        var kaz = (await h.Outbox.GetStatusAsync(id)).Single(s => s.To[0].Address == "fp.kaz@example.org");
        Assert.Equal((OutboxStatus.Pending, 1, "451 try later"), (kaz.Status, kaz.Attempts, kaz.LastError));
        Assert.Equal(EngineHarness.Start.AddSeconds(30), kaz.NextAttemptAt);

        h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await h.Outbox.DeliverDueAsync());
        Assert.Equal(1, (await h.Outbox.GetMessageAsync(kaz.Id))!.Attempts);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Outbox.DeliverDueAsync();
        var second = await h.Outbox.GetMessageAsync(kaz.Id);
        Assert.Equal((OutboxStatus.Pending, 2), (second!.Status, second.Attempts));
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(60), second.NextAttemptAt);

        h.Time.Advance(TimeSpan.FromSeconds(60));
        await h.Outbox.DeliverDueAsync();
        var third = await h.Outbox.GetMessageAsync(kaz.Id);
        Assert.Equal((OutboxStatus.Failed, 3), (third!.Status, third.Attempts)); // OutboxMaxAttempts is 3 in the harness
    }

    [Fact]
    public async Task RecoveredDelivery_SendsTheSameMessageId()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        await h.StartReviewAsync();
        var attempts = new List<(Guid Id, int Attempt)>();
        h.Delivery.Fail = m =>
        {
            attempts.Add((m.Id, m.Attempt));
            return m.Attempt == 1 ? new DeliveryResult(m.Id, false, "connection refused") : null;
        };

        await h.Outbox.DeliverDueAsync();
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Outbox.DeliverDueAsync();

        Assert.Equal(4, attempts.Count);
        Assert.Equal(2, attempts.Select(a => a.Id).Distinct().Count());
        Assert.Equal(2, h.Delivery.Delivered.Count);
        Assert.All(h.Delivery.Delivered, m => Assert.Equal(2, m.Attempt));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task TwoDispatchers_AtOnce_DeliverEachMessageOnce(Provider provider)
    {
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        for (var i = 0; i < 30; i++)
        {
            await node1.StartReviewAsync($"R-{i}");
        }

        var delivered = await Task.WhenAll(
            Task.Run(() => node1.Outbox.DeliverDueAsync()),
            Task.Run(() => node2.Outbox.DeliverDueAsync()),
            Task.Run(() => node1.Outbox.DeliverDueAsync()));

        Assert.Equal(60, delivered.Sum());
        Assert.Equal(60, node1.Delivery.Delivered.Count);
        Assert.Equal(60, node1.Delivery.Delivered.Select(m => m.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ASendSlowerThanTheLease_KeepsItsLease_SoAnotherNodeDoesNotSendTheMessagesAgain(Provider provider)
    {
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        var id = await node1.StartReviewAsync();
        var hold = node1.Delivery.Hold();
        var first = Task.Run(() => node1.Outbox.DeliverDueAsync());
        await hold.Held;
        var lease = TimeSpan.FromMinutes(1); // EngineOptions.ClaimLease's default

        // Past the first lease, a third of a lease at a time, each renewal seen in the database before time moves on.
        for (var step = 1; step <= 4; step++)
        {
            node1.Time.Advance(lease / 3);
            var expected = node1.Time.GetUtcNow() + lease;
            await EventuallyAsync(async () => (await LeasesAsync(node1, id)).All(l => l >= expected));
        }

        Assert.Equal(0, await node2.Outbox.DeliverDueAsync());
        hold.Release();
        Assert.Equal(2, await first);
        Assert.Equal(2, node1.Delivery.Delivered.Count);
        Assert.All(await node1.Outbox.GetStatusAsync(id), s => Assert.Equal((OutboxStatus.Sent, 1), (s.Status, s.Attempts)));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AStopMidChunk_SendsAndRecordsTheChunksOnTheWire_AndGivesBackTheRest(Provider provider)
    {
        // 60 messages: four lanes (OutboxConnections) of 15, each a chunk of 10 (OutboxChunkSize) and one of 5.
        await using var h = await EngineHarness.CreateAsync(provider);
        for (var i = 0; i < 30; i++)
        {
            await h.StartReviewAsync($"R-{i}");
        }

        var hold = h.Delivery.Hold(4);
        using var stop = new CancellationTokenSource();
        var delivering = Task.Run(() => h.Outbox.DeliverDueAsync(stop.Token));
        await hold.Held; // each lane's first chunk is on the wire

        await stop.CancelAsync(); // the node starts to stop
        hold.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivering);

        // The four chunks on the wire were sent and recorded; the four not begun were given back, unsent and free.
        await using var db = h.Database.Create();
        var rows = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.Equal(40, h.Delivery.Delivered.Count);
        Assert.Equal(40, rows.Count(r => r.Status == OutboxStatus.Sent && r.Attempts == 1));
        Assert.Equal(20, rows.Count(r => r.Status == OutboxStatus.Pending && r.Attempts == 0 && r.LeasedUntil == null));

        // Any node takes them at once.
        Assert.Equal(20, await h.Outbox.DeliverDueAsync());
        Assert.Equal(60, h.Delivery.Delivered.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task ALeaseRenewal_PassesOverARowBeingRecorded_InsteadOfWaitingForIt()
    {
        // A renewal that waited for a locked row while holding the locks of others (taken in no set order) deadlocked
        // with the record of a chunk of the same batch, which locks its rows in key order (40P01 in a CI run).
        await using var h = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await h.StartReviewAsync();
        var hold = h.Delivery.Hold();
        var first = Task.Run(() => h.Outbox.DeliverDueAsync());
        await hold.Held;
        var rows = (await h.Outbox.GetStatusAsync(id)).Select(s => s.Id).ToList();

        // Another transaction holds the first row, as a record being committed does.
        await using var recording = h.Database.Create();
        await using (var transaction = await recording.Database.BeginTransactionAsync())
        {
            await recording.Database.ExecuteSqlAsync($"""SELECT 1 FROM outbox_messages WHERE "Id" = {rows[0]} FOR UPDATE""");
            h.Time.Advance(TimeSpan.FromMinutes(1) / 3);
            var expected = h.Time.GetUtcNow() + TimeSpan.FromMinutes(1);
            await EventuallyAsync(async () =>
            {
                await using var db = h.Database.Create();
                return await db.Outbox.AnyAsync(m => m.Id == rows[1] && m.LeasedUntil >= expected);
            });
            await transaction.RollbackAsync();
        }

        hold.Release();
        Assert.Equal(2, await first);
        Assert.All(await h.Outbox.GetStatusAsync(id), s => Assert.Equal((OutboxStatus.Sent, 1), (s.Status, s.Attempts)));
    }

    private static async Task<List<DateTimeOffset?>> LeasesAsync(EngineHarness h, Guid instanceId)
    {
        await using var db = h.Database.Create();
        return (await db.Outbox.Where(m => m.InstanceId == instanceId).Select(m => m.LeasedUntil).ToListAsync()).ToList();
    }

    /// <summary>Waits (bounded, real time) for a background effect; never for a deadline.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> done) =>
        Assert.True(await Eventually.EventuallyAsync(done, TimeSpan.FromSeconds(20), 20), "the lease was not renewed");

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AnOutageOfTheRelay_IsRetriedWithoutSpendingAttempts_AndDeliveredWhenItIsBack(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        h.Delivery.Fail = m => new DeliveryResult(m.Id, false, "SMTP connection to relay.example.org:25 failed", Attempted: false);

        for (var i = 0; i < 6; i++) // twice OutboxMaxAttempts (3 in the harness)
        {
            await h.Outbox.DeliverDueAsync();
            h.Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.All(await h.Outbox.GetStatusAsync(id), s => Assert.Equal((OutboxStatus.Pending, 0, "SMTP connection to relay.example.org:25 failed"), (s.Status, s.Attempts, s.LastError)));
        h.Delivery.Fail = null;
        Assert.Equal(2, await h.Outbox.DeliverDueAsync());
        Assert.All(await h.Outbox.GetStatusAsync(id), s => Assert.Equal((OutboxStatus.Sent, 1), (s.Status, s.Attempts)));
        Assert.All(h.Delivery.Delivered, m => Assert.Equal(1, m.Attempt));
    }

    [Fact]
    public async Task PermanentFailure_FailsAtOnce()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        h.Delivery.Fail = m => new DeliveryResult(m.Id, false, "template missing", Permanent: true);

        await h.Outbox.DeliverDueAsync();

        Assert.All(await h.Outbox.GetStatusAsync(id), s => Assert.Equal((OutboxStatus.Failed, 1), (s.Status, s.Attempts)));
    }
}
