using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Timers;

public sealed class TimerDispatcherTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Timers_FireAtTheirDueTime_NotBefore(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1)));
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(id))!.Variables["reminders-sent"]!.GetValue<long>());

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        Assert.Equal(2, (await h.Engine.GetInstanceAsync(id))!.Variables["reminders-sent"]!.GetValue<long>());
        Assert.Equal("Open", (await h.Engine.GetInstanceAsync(id))!.State);

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        var late = await h.Engine.GetInstanceAsync(id);
        Assert.Equal("Late", late!.State);
        Assert.Equal(EngineHarness.Start.AddDays(5), DateTimeOffset.Parse(late.Variables["lateSince"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        Assert.Equal("Closed", (await h.Engine.GetInstanceAsync(id))!.State);
        var history = await h.Engine.GetHistoryAsync(id);
        Assert.Equal(["(start)", "remind", "remind", "deadline-reached", "grace-over"], history.Select(e => e.Trigger));
        Assert.All(history.Skip(1), e => Assert.Equal("system", e.ActorId));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task LeavingAState_CancelsItsTimers(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();

        await h.Engine.FireAsync(id, "close", EngineHarness.Secretariat);
        var fired = await h.AdvanceAndFireAsync(TimeSpan.FromDays(30));

        Assert.Equal(0, fired);
        await using var db = h.Database.Create();
        var timers = await db.Timers.Where(t => t.InstanceId == id).ToListAsync();
        Assert.Equal(3, timers.Count);
        Assert.All(timers, t => Assert.Equal(TimerStatus.Cancelled, t.Status));
        Assert.Equal(2, (await h.Engine.GetHistoryAsync(id)).Count);
    }

    [Fact]
    public async Task ReplanningTimers_MovesDeadlineAndReminders()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        await h.AdvanceAndFireAsync(TimeSpan.FromDays(3)); // first reminder (P2D before day 5)

        var extended = await h.Engine.FireAsync(id, "extend", EngineHarness.Secretariat, new JsonObject { ["deadline"] = EngineHarness.Start.AddDays(10).ToString("O") });

        Assert.True(extended.Applied, extended.Message);
        await using var db = h.Database.Create();
        var pending = await db.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Pending).OrderBy(t => t.DueAt).ToListAsync();
        Assert.Equal(
            [("reminder", EngineHarness.Start.AddDays(8)), ("reminder", EngineHarness.Start.AddDays(9)), ("deadline", EngineHarness.Start.AddDays(10))],
            pending.Select(t => (t.Name, t.DueAt)));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(2)));
        Assert.Equal("Open", (await h.Engine.GetInstanceAsync(id))!.State);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task FiringTheSameTimerTwice_AppliesItOnce(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        h.Time.Advance(TimeSpan.FromDays(5));
        Guid deadline;
        await using (var db = h.Database.Create())
        {
            deadline = await db.Timers.Where(t => t.InstanceId == id && t.Name == "deadline").Select(t => t.Id).SingleAsync();
        }

        var first = await h.Engine.Timers.FireTimerAsync(deadline, CancellationToken.None);
        var second = await h.Engine.Timers.FireTimerAsync(deadline, CancellationToken.None);

        Assert.Equal(CartifFlow.Engine.Runtime.StepOutcome.Applied, first);
        Assert.Equal(CartifFlow.Engine.Runtime.StepOutcome.Closed, second);
        Assert.Single(await h.Engine.GetHistoryAsync(id), e => e.Trigger == "deadline-reached");
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task TwoDispatchers_OnOneDatabase_FireEachTimerOnce(Provider provider)
    {
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await node1.StartReviewAsync($"R-{i}", TimeSpan.FromHours(1)));
        }

        node1.Time.Advance(TimeSpan.FromHours(1));
        var fired = await Task.WhenAll(
            Task.Run(() => node1.Timers.FireDueAsync()),
            Task.Run(() => node2.Timers.FireDueAsync()));

        Assert.Equal(40, fired.Sum());
        await using var db = node1.Database.Create();
        Assert.Equal(40, await db.AuditEvents.CountAsync(e => e.Trigger == "deadline-reached"));
        foreach (var id in ids)
        {
            Assert.Equal("Late", (await node1.Engine.GetInstanceAsync(id))!.State);
        }
    }

    [Fact]
    public async Task TimerWhoseTriggerIsNoLongerPermitted_IsSkipped_NotFired()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        await using (var db = h.Database.Create())
        {
            // A timer whose state was left without cancelling it, as after a definition bug: it must not act.
            db.Timers.Add(new TimerRecord
            {
                Id = Guid.NewGuid(), InstanceId = id, Name = "stray", Trigger = "grace-over", OwnerState = "Late",
                DueAt = EngineHarness.Start.AddHours(1), Status = TimerStatus.Pending, PayloadJson = "{}", CreatedAt = EngineHarness.Start,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromHours(1)));
        await using var check = h.Database.Create();
        Assert.Equal(TimerStatus.Skipped, (await check.Timers.SingleAsync(t => t.Name == "stray")).Status);
        Assert.Equal("Open", (await h.Engine.GetInstanceAsync(id))!.State);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task TimerWhoseStepIsRefused_IsSkipped_AndTheInstancesLaterTimersStillFire(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        await StrayAsync(h, id, "respond", EngineHarness.Start.AddHours(1)); // no answer in its payload: refused every time

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromHours(1)));
        await using (var check = h.Database.Create())
        {
            Assert.Equal(TimerStatus.Skipped, (await check.Timers.SingleAsync(t => t.Name == "stray")).Status);
        }

        // The first reminder (two days before the deadline) is not held back behind it.
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(3)));
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(id))!.Variables["reminders-sent"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task NextDue_LeavesOutATimerWaitingBehindOneHeldByAFailingStep(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        await StrayAsync(h, id, "fail", EngineHarness.Start.AddHours(1)); // its step throws: tried again once its lease ends
        await StrayAsync(h, id, "remind", EngineHarness.Start.AddHours(2));

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromHours(2)));

        // Every later timer of the instance (the 'remind' one is due) waits for the failing one, which this node holds
        // for a minute: nothing to poll for until then, rather than a due time already past that no claim can take.
        Assert.Null(await h.Timers.NextDueAsync());
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(EngineHarness.Start.AddHours(1), await h.Timers.NextDueAsync());
    }

    private static async Task StrayAsync(EngineHarness h, Guid instanceId, string trigger, DateTimeOffset due)
    {
        await using var db = h.Database.Create();
        db.Timers.Add(new TimerRecord
        {
            Id = Guid.NewGuid(), InstanceId = instanceId, Name = trigger == "respond" ? "stray" : "stray-" + trigger, Trigger = trigger, OwnerState = "Open",
            DueAt = due, Status = TimerStatus.Pending, PayloadJson = "{}", CreatedAt = EngineHarness.Start,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task NextDue_IsTheEarliestPendingTimer()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        Assert.Null(await h.Timers.NextDueAsync());

        await h.StartReviewAsync();

        Assert.Equal(EngineHarness.Start.AddDays(3), await h.Timers.NextDueAsync());
    }
}
