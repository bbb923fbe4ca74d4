using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Runtime;

/// <summary>FireAsync calls that arrive together are committed together, each step whole, each with its own outcome.</summary>
public sealed class GroupCommitTests
{
    private static JsonObject Agree() => new() { ["answer"] = "agree" };

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ABatchOfStepsOnDifferentInstances_CommitsEachStepWholeWithItsOwnAuditChain(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await h.StartReviewAsync($"R-{i}"));
        }

        var results = await h.Engine.Triggers.FireBatchAsync(ids.Select(id => new FireRequest(id, "close", EngineHarness.Secretariat, null, 1, CancellationToken.None)).ToList());

        Assert.NotNull(results);
        Assert.All(results, r => Assert.Equal(StepOutcome.Applied, r.Outcome));
        await using var db = h.Database.Create();
        foreach (var id in ids)
        {
            var instance = await h.Engine.GetInstanceAsync(id);
            Assert.Equal(("Closed", 2), (instance!.State, instance.Version));
            Assert.Equal(["(start)", "close"], (await h.Engine.GetHistoryAsync(id)).Select(e => e.Trigger));
            Assert.True((await h.Engine.VerifyAuditChainAsync(id)).Intact);
            Assert.Equal(0, await db.Timers.CountAsync(t => t.InstanceId == id && t.Status == TimerStatus.Pending));
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ABatchWhoseCommitAnswerIsLost_IsReportedApplied_NotAppliedAgainOneByOne(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var first = await h.StartReviewAsync("R-1");
        var second = await h.StartReviewAsync("R-2");
        h.Database.Faults.LoseAnswers();

        var results = await h.Engine.Triggers.FireBatchAsync(
        [
            new FireRequest(first, "respond", EngineHarness.FocalPoint("KAZ"), Agree(), null, CancellationToken.None),
            new FireRequest(second, "respond", EngineHarness.FocalPoint("MON"), Agree(), null, CancellationToken.None),
        ]);

        // Before, the batch fell back to applying both calls again one by one: each answer was recorded twice.
        Assert.NotNull(results);
        Assert.All(results, r => Assert.Equal(StepOutcome.Applied, r.Outcome));
        Assert.Equal(2, (await h.Engine.GetInstanceAsync(first))!.Version);
        Assert.Single(await h.Engine.GetHistoryAsync(first), e => e.Trigger == "respond");
        Assert.Single(await h.Engine.GetHistoryAsync(second), e => e.Trigger == "respond");
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task TwoNodesBatchingTheSameStepAtTheSameInstant_OneIsApplied_TheLoserIsNotToldItsStepWasSaved(Provider provider)
    {
        // Both batches read the instance at the same version, then meet (the 'touch' action) before saving, on one
        // clock: their audit events are identical. The loser's save is refused (a stale version); it must fall back
        // to one by one (null), not find the winner's identical audit event and report Applied.
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        var started = await node1.Engine.StartAsync(new StartRequest("item", "I-1", new JsonObject { ["label"] = "one" }), EngineHarness.Secretariat);
        var id = started.Instance!.Id;
        node1.Rendezvous.Arm(2);
        FireRequest Touch() => new(id, "touch", EngineHarness.Secretariat, null, 1, CancellationToken.None);

        var results = await Task.WhenAll(Task.Run(() => node1.Engine.Triggers.FireBatchAsync([Touch()])), Task.Run(() => node2.Engine.Triggers.FireBatchAsync([Touch()])));

        var applied = Assert.Single(results, r => r is not null);
        Assert.Equal(StepOutcome.Applied, Assert.Single(applied!).Outcome);
        Assert.Single(results, r => r is null);
        Assert.Single(await node1.Engine.GetHistoryAsync(id), e => e.Trigger == "touch");
        Assert.Equal(2, (await node1.Engine.GetInstanceAsync(id))!.Version);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ABatchWithOneRefusedStep_IsAbandonedWithNothingSaved(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var first = await h.StartReviewAsync("R-1");
        var second = await h.StartReviewAsync("R-2");

        // The second step names no answer: the activity rejects it, so the batch saves neither step.
        var results = await h.Engine.Triggers.FireBatchAsync(
        [
            new FireRequest(first, "respond", EngineHarness.FocalPoint("KAZ"), Agree(), null, CancellationToken.None),
            new FireRequest(second, "respond", EngineHarness.FocalPoint("KAZ"), null, null, CancellationToken.None),
        ]);

        Assert.Null(results);
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(first))!.Version);
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(second))!.Version);
        Assert.Single(await h.Engine.GetHistoryAsync(first));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ABatchRacingAnotherNode_EitherCommitsWholeOrSavesNothing_AndOneStepOnTheContestedInstanceWins(Provider provider)
    {
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        var contested = await node1.StartReviewAsync("R-1");
        var bystander = await node1.StartReviewAsync("R-2");
        node1.Rendezvous.Arm(2);

        // Both nodes close the contested instance at the same moment (the rendezvous holds each until both have read
        // it); node 1 does so in a batch together with a step on another instance.
        var batch = Task.Run(() => node1.Engine.Triggers.FireBatchAsync(
        [
            new FireRequest(contested, "close", EngineHarness.Secretariat, null, null, CancellationToken.None),
            new FireRequest(bystander, "respond", EngineHarness.FocalPoint("KAZ"), Agree(), null, CancellationToken.None),
        ]));
        var single = Task.Run(() => node2.Engine.FireAsync(contested, "close", EngineHarness.Secretariat));
        var (batched, alone) = (await batch, await single);

        if (batched is null)
        {
            Assert.Equal(StepOutcome.Applied, alone.Outcome);
            Assert.Equal(1, (await node1.Engine.GetInstanceAsync(bystander))!.Version);
        }
        else
        {
            Assert.Equal(StepOutcome.Conflict, alone.Outcome);
            Assert.Equal(2, (await node1.Engine.GetInstanceAsync(bystander))!.Version);
        }

        Assert.Single(await node1.Engine.GetHistoryAsync(contested), e => e.Trigger == "close");
        Assert.True((await node1.Engine.VerifyAuditChainAsync(contested)).Intact);
        Assert.True((await node1.Engine.VerifyAuditChainAsync(bystander)).Intact);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ConcurrentCalls_EachGetTheirOwnOutcome_AndOnlyTheAppliedOnesLeaveRows(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await h.StartReviewAsync($"R-{i}"));
        }

        await using (var before = h.Database.Create())
        {
            Assert.Equal(24, await before.Outbox.CountAsync());
        }

        // Whichever calls share a batch: a throwing activity, a stale version and a forbidden party each get their own
        // outcome, and every other call is applied once.
        var calls = ids.Select((id, i) => Task.Run(() => (i % 4) switch
        {
            0 => h.Engine.FireAsync(id, "fail", EngineHarness.Secretariat),
            1 => h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), Agree(), expectedVersion: 7),
            2 => h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree", ["party"] = "MON" }),
            _ => h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), Agree()),
        })).ToList();
        var outcomes = new List<StepOutcome?>();
        foreach (var call in calls)
        {
            try
            {
                outcomes.Add((await call).Outcome);
            }
            catch (InvalidOperationException ex) when (ex.Message == "boom")
            {
                outcomes.Add(null);
            }
        }

        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => (i % 4) switch { 0 => (StepOutcome?)null, 1 => StepOutcome.Conflict, 2 => StepOutcome.Forbidden, _ => StepOutcome.Applied }),
            outcomes);
        await using var after = h.Database.Create();
        Assert.Equal(24, await after.Outbox.CountAsync());
        for (var i = 0; i < ids.Count; i++)
        {
            var instance = await h.Engine.GetInstanceAsync(ids[i]);
            Assert.Equal(i % 4 == 3 ? 2 : 1, instance!.Version);
            Assert.False(instance.Variables.ContainsKey("exploded"));
            Assert.Equal(i % 4 == 3 ? 2 : 1, await after.AuditEvents.CountAsync(e => e.InstanceId == ids[i]));
            Assert.True((await h.Engine.VerifyAuditChainAsync(ids[i])).Intact);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ManyConcurrentCallsOnOneInstance_ApplyEachOnceInTurn(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync(expected: 9);
        string[] parties = ["AFG", "AZE", "CHN", "GEO", "KAZ", "KGZ", "MON", "PAK", "TAJ"];

        // Two calls on one instance never share a batch; without an expected version each is applied after the other.
        var results = await Task.WhenAll(parties.Select(p => Task.Run(() => h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint(p), Agree()))));

        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { StepOutcome.Applied, StepOutcome.Conflict }));
        var applied = results.Count(r => r.Applied);
        var instance = await h.Engine.GetInstanceAsync(id);
        Assert.Equal(1 + applied, instance!.Version);
        Assert.Equal(applied, instance.Variables["answers"]!.AsObject().Count);
        Assert.Equal(1 + applied, (await h.Engine.GetHistoryAsync(id)).Count);
        Assert.True((await h.Engine.VerifyAuditChainAsync(id)).Intact);
    }
}
