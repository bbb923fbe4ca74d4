using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Runtime;

/// <summary>
/// A commit whose answer is lost (the database committed, the connection dropped before it said so) is never applied
/// a second time: it is read back and reported applied, or, when even that read fails, reported as unknown.
/// </summary>
public sealed class CommitOutcomeTests
{
    private static JsonObject Agree() => new() { ["answer"] = "agree" };

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ABatchWhoseCommitOutcomeIsUnknown_IsNotAppliedAgain_EachCallerIsToldItIsUnknown(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var first = await StartItemAsync(h, "I-1");
        var second = await StartItemAsync(h, "I-2");
        var third = await StartItemAsync(h, "I-3");
        var batcher = new StepBatcher(h.Engine.Triggers, batchSize: 10, concurrency: 1);
        FireRequest Touch(Guid id) => new(id, "touch", EngineHarness.Secretariat, null, null, CancellationToken.None);

        // The first call holds the only slot (in the rendezvous) while the next two queue, so that those two are
        // committed together as one batch once it is done. That batch's commit goes through, its answer is lost, and
        // the database is still out of reach when the engine reads back whether it committed.
        h.Rendezvous.Arm(2);
        h.Database.Faults.LoseAnswers(commits: 1, reads: 1, after: 1);
        var held = batcher.FireAsync(Touch(first));
        var batched = new[] { batcher.FireAsync(Touch(second)), batcher.FireAsync(Touch(third)) };
        await h.Rendezvous.ExecuteAsync(null!, null!);

        Assert.Equal(StepOutcome.Applied, (await held).Outcome);
        var results = await Task.WhenAll(batched);

        // Before, the batch's calls were applied again one by one: each instance had two 'touch' events, version 3.
        foreach (var id in new[] { second, third })
        {
            Assert.Single(await h.Engine.GetHistoryAsync(id), e => e.Trigger == "touch");
            Assert.Equal(2, (await h.Engine.GetInstanceAsync(id))!.Version);
        }

        Assert.All(results, r => Assert.Equal((StepOutcome.Unknown, "outcome-unknown"), (r.Outcome, r.Code)));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AStepWhoseCommitAnswerIsLost_IsReadBackAndReportedApplied_Once(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        h.Database.Faults.LoseAnswers();

        var result = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), Agree());

        // Before, the connection's exception went through to the caller (an error page, and a retry by the person
        // applies it again), though the step was saved.
        Assert.Equal(StepOutcome.Applied, result.Outcome);
        Assert.Equal(2, result.Instance!.Version);
        Assert.Single(await h.Engine.GetHistoryAsync(id), e => e.Trigger == "respond");
        Assert.Equal(2, (await h.Engine.GetInstanceAsync(id))!.Version);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AStepWhoseCommitOutcomeIsUnknown_IsReportedUnknown_WithTheVersionToLookFor(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        h.Database.Faults.LoseAnswers(reads: 1);

        var result = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), Agree());

        Assert.Equal(StepOutcome.Unknown, result.Outcome);
        Assert.Equal("outcome-unknown", result.Code);
        // The instance as the step would have left it: a reader finds the step applied when the instance is at this version.
        Assert.Equal((id, 2), (result.Instance!.Id, result.Instance.Version));
        Assert.Single(await h.Engine.GetHistoryAsync(id), e => e.Trigger == "respond");
        Assert.Equal(2, (await h.Engine.GetInstanceAsync(id))!.Version);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AStartWhoseCommitOutcomeIsUnknown_IsReportedUnknown_AndTheSameStartAgainAnswersWithItsInstance(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var request = new StartRequest("item", "I-1", new JsonObject { ["label"] = "one" }, IdempotencyKey: "form-1");
        h.Database.Faults.LoseAnswers(reads: 1);

        var unknown = await h.Engine.StartAsync(request, EngineHarness.Secretariat);
        var again = await h.Engine.StartAsync(request, EngineHarness.Secretariat);

        Assert.Equal(StepOutcome.Unknown, unknown.Outcome);
        Assert.True(again.Applied);
        Assert.True(again.Replayed);
        await using var db = h.Database.Create();
        Assert.Equal(1, await db.Instances.CountAsync());
        Assert.Single(await h.Engine.GetHistoryAsync(again.Instance!.Id));
    }

    private static async Task<Guid> StartItemAsync(EngineHarness h, string key)
    {
        var started = await h.Engine.StartAsync(new StartRequest("item", key, new JsonObject { ["label"] = key }), EngineHarness.Secretariat);
        Assert.True(started.Applied, started.Message);
        return started.Instance!.Id;
    }
}
