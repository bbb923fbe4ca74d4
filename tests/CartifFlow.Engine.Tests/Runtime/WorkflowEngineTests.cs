using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Runtime;

public sealed class WorkflowEngineTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Start_EntersInitialState_WritesAuditOutboxAndTimersInOneStep(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);

        var id = await h.StartReviewAsync();

        var instance = await h.Engine.GetInstanceAsync(id);
        Assert.Equal("Open", instance!.State);
        Assert.Equal(1, instance.Version);
        Assert.Equal(2, instance.Variables["expected"]!.GetValue<long>());
        Assert.Equal(["P2D", "P1D"], instance.Variables["reminders"]!.AsArray().Select(x => x!.GetValue<string>()));
        await using var db = h.Database.Create();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.InstanceId == id));
        var timers = await db.Timers.Where(t => t.InstanceId == id).ToListAsync();
        Assert.Equal(3, timers.Count);
        Assert.Equal(EngineHarness.Start.AddDays(5), timers.Single(t => t.Name == "deadline").DueAt);
        Assert.Equal([EngineHarness.Start.AddDays(3), EngineHarness.Start.AddDays(4)], timers.Where(t => t.Name == "reminder").Select(t => t.DueAt).Order());
        var history = Assert.Single(await h.Engine.GetHistoryAsync(id));
        Assert.Equal("(start)", history.Trigger);
        Assert.Equal("Open", history.ToState);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Fire_GuardSelectsTransition_AtDeadline(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var allAnswered = await h.StartReviewAsync("R-all");
        var oneMissing = await h.StartReviewAsync("R-missing");
        foreach (var party in new[] { "KAZ", "MON" })
        {
            Assert.True((await h.Engine.FireAsync(allAnswered, "respond", EngineHarness.FocalPoint(party), new JsonObject { ["answer"] = "agree" })).Applied);
        }

        Assert.True((await h.Engine.FireAsync(oneMissing, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree" })).Applied);

        await h.AdvanceAndFireAsync(TimeSpan.FromDays(5));

        Assert.Equal("Accepted", (await h.Engine.GetInstanceAsync(allAnswered))!.State);
        Assert.Equal(InstanceStatus.Completed, (await h.Engine.GetInstanceAsync(allAnswered))!.Status);
        Assert.Equal("Late", (await h.Engine.GetInstanceAsync(oneMissing))!.State);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Fire_WrongRole_IsForbidden_AndChangesNothing(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();

        var result = await h.Engine.FireAsync(id, "close", EngineHarness.FocalPoint("KAZ"));

        Assert.Equal(StepOutcome.Forbidden, result.Outcome);
        Assert.Equal("'close' may be done only by secretariat.", result.Message);
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(id))!.Version);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Fire_ForAnotherParty_IsForbidden(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();

        var result = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["party"] = "MON", ["answer"] = "object" });

        Assert.Equal(StepOutcome.Forbidden, result.Outcome);
        Assert.Equal("party", result.Field);
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(id))!.Version);
    }

    [Fact]
    public async Task Fire_RecordsTheActorsOwnParty()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();

        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("MON"), new JsonObject { ["answer"] = "agree" });

        var instance = await h.Engine.GetInstanceAsync(id);
        Assert.Equal("agree", instance!.Variables["answers"]!["MON"]!.GetValue<string>());
        var last = (await h.Engine.GetHistoryAsync(id))[^1];
        Assert.Equal("MON", last.ActorParty);
        Assert.Equal("fp-mon", last.ActorId);
    }

    [Fact]
    public async Task Fire_TriggerNotPossibleInState_IsNotPermitted()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        await h.Engine.FireAsync(id, "close", EngineHarness.Secretariat);

        var result = await h.Engine.FireAsync(id, "close", EngineHarness.Secretariat);

        Assert.Equal(StepOutcome.Closed, result.Outcome);
    }

    [Fact]
    public async Task Fire_UnknownTrigger_IsNotPermitted()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();

        var result = await h.Engine.FireAsync(id, "approve", EngineHarness.Secretariat);

        Assert.Equal(StepOutcome.NotPermitted, result.Outcome);
        Assert.Equal("A review has no trigger 'approve'.", result.Message);
    }

    [Fact]
    public async Task Fire_ActivityRejectsInput_IsInvalidWithField_AndChangesNothing()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();

        var result = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"));

        Assert.Equal(StepOutcome.Invalid, result.Outcome);
        Assert.Equal("answer", result.Field);
        Assert.Single(await h.Engine.GetHistoryAsync(id));
    }

    [Fact]
    public async Task Fire_StaleExpectedVersion_IsConflict()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree" });

        var result = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("MON"), new JsonObject { ["answer"] = "agree" }, expectedVersion: 1);

        Assert.Equal(StepOutcome.Conflict, result.Outcome);
        Assert.Equal(2, (await h.Engine.GetInstanceAsync(id))!.Version);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task Fire_ActivityThrows_LeavesNoRowNoTimerNoStateChange(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        await using var before = h.Database.Create();
        var outboxBefore = await before.Outbox.CountAsync();
        var timersBefore = await before.Timers.CountAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Engine.FireAsync(id, "fail", EngineHarness.Secretariat));

        await using var after = h.Database.Create();
        Assert.Equal(outboxBefore, await after.Outbox.CountAsync());
        Assert.Equal(timersBefore, await after.Timers.CountAsync());
        Assert.Equal(1, await after.AuditEvents.CountAsync(e => e.InstanceId == id));
        var instance = await h.Engine.GetInstanceAsync(id);
        Assert.Equal(1, instance!.Version);
        Assert.False(instance.Variables.ContainsKey("exploded"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ConcurrentTriggers_FromTwoEngines_OneWinnerOneConflictOneAuditEvent(Provider provider)
    {
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        var id = await node1.StartReviewAsync();
        node1.Rendezvous.Arm(2);

        var results = await Task.WhenAll(
            Task.Run(() => node1.Engine.FireAsync(id, "close", EngineHarness.Secretariat)),
            Task.Run(() => node2.Engine.FireAsync(id, "close", EngineHarness.Secretariat)));

        Assert.Single(results, r => r.Outcome == StepOutcome.Applied);
        Assert.Single(results, r => r.Outcome == StepOutcome.Conflict);
        var history = await node1.Engine.GetHistoryAsync(id);
        Assert.Single(history, e => e.Trigger == "close");
        Assert.Equal("Closed", (await node1.Engine.GetInstanceAsync(id))!.State);
        Assert.True((await node1.Engine.VerifyAuditChainAsync(id)).Intact);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ConcurrentStarts_WithOneKey_OneWinner_AndTheOtherToldTheKeyIsTaken(Provider provider)
    {
        // Both pass the check for the key before their steps run (item's entry holds them until both have arrived);
        // the loser's save then fails on the unique index: a 409 naming the key, not an exception (a 500 over HTTP).
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        node1.Rendezvous.Arm(2);
        var start = new StartRequest("item", "I-1", new JsonObject { ["label"] = "first" });

        var results = await Task.WhenAll(
            Task.Run(() => node1.Engine.StartAsync(start, EngineHarness.Secretariat)),
            Task.Run(() => node2.Engine.StartAsync(start, EngineHarness.Secretariat)));

        Assert.Single(results, r => r.Outcome == StepOutcome.Applied);
        var lost = Assert.Single(results, r => r.Outcome == StepOutcome.Conflict);
        Assert.Equal(("key-exists", "correlationKey"), (lost.Code, lost.Field));
        Assert.Single(await node1.Engine.ListAsync("item"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ConcurrentStarts_WithOneIdempotencyKey_StartOnce_AndBothAnswerWithThatInstance(Provider provider)
    {
        // A form sent twice: both requests pass the idempotency check and (with the next free number each, as a
        // generated key would be) the key check before their steps run; the loser's save fails on the token's index.
        await using var node1 = await EngineHarness.CreateAsync(provider);
        await using var node2 = node1.SecondNode();
        node1.Rendezvous.Arm(2);
        var parameters = new JsonObject { ["label"] = "first" };

        var results = await Task.WhenAll(
            Task.Run(() => node1.Engine.StartAsync(new StartRequest("item", "I-1", parameters.DeepClone().AsObject(), IdempotencyKey: "form-7"), EngineHarness.Secretariat)),
            Task.Run(() => node2.Engine.StartAsync(new StartRequest("item", "I-2", parameters.DeepClone().AsObject(), IdempotencyKey: "form-7"), EngineHarness.Secretariat)));

        Assert.All(results, r => Assert.Equal(StepOutcome.Applied, r.Outcome));
        Assert.Single(results, r => r.Replayed);
        Assert.Equal(results[0].Instance!.Id, results[1].Instance!.Id);
        Assert.Equal(results[0].Instance!.CorrelationKey, results[1].Instance!.CorrelationKey);
        var started = Assert.Single(await node1.Engine.ListAsync("item"));
        Assert.Equal(started.Id, results[0].Instance!.Id);
        Assert.Single(await node1.Engine.GetHistoryAsync(started.Id));
    }

    [Fact]
    public async Task ARepeatedStart_WithItsIdempotencyKey_AnswersWithTheFirstInstance_AndAnyOtherRequestWithTheKeyIsRefused()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var first = await h.Engine.StartAsync(new StartRequest("review", "R-1", ReviewParameters(), IdempotencyKey: "form-1"), EngineHarness.Secretariat);
        await using var db = h.Database.Create();
        var (outbox, timers) = (await db.Outbox.CountAsync(), await db.Timers.CountAsync());

        var repeat = await h.Engine.StartAsync(new StartRequest("review", "R-2", ReviewParameters(), IdempotencyKey: "form-1"), EngineHarness.Secretariat);
        var otherContent = await h.Engine.StartAsync(new StartRequest("review", "R-3", ReviewParameters(expected: 3), IdempotencyKey: "form-1"), EngineHarness.Secretariat);
        var otherPerson = await h.Engine.StartAsync(new StartRequest("review", "R-4", ReviewParameters(), IdempotencyKey: "form-1"), Actor.Person("sec-2", null, "secretariat"));
        var otherWorkflow = await h.Engine.StartAsync(new StartRequest("item", "I-1", new JsonObject { ["label"] = "x" }, IdempotencyKey: "form-1"), EngineHarness.Secretariat);
        var tooLong = await h.Engine.StartAsync(new StartRequest("review", "R-5", ReviewParameters(), IdempotencyKey: new string('k', WorkflowEngine.MaxIdempotencyKey + 1)), EngineHarness.Secretariat);
        var blank = await h.Engine.StartAsync(new StartRequest("review", "R-6", ReviewParameters(), IdempotencyKey: " "), EngineHarness.Secretariat);

        Assert.True(first.Applied && !first.Replayed);
        Assert.True(repeat.Applied && repeat.Replayed);
        Assert.Equal((first.Instance!.Id, "R-1"), (repeat.Instance!.Id, repeat.Instance.CorrelationKey));
        Assert.Equal((StepOutcome.Conflict, "idempotency-key-reused", "idempotencyKey"), (otherContent.Outcome, otherContent.Code, otherContent.Field));
        Assert.Equal((StepOutcome.Conflict, "idempotency-key-reused", "idempotencyKey"), (otherPerson.Outcome, otherPerson.Code, otherPerson.Field));
        Assert.True(otherWorkflow.Applied && !otherWorkflow.Replayed); // a key is one workflow's
        Assert.Equal((StepOutcome.Invalid, "idempotency-key-invalid", "idempotencyKey"), (tooLong.Outcome, tooLong.Code, tooLong.Field));
        Assert.Equal((StepOutcome.Invalid, "idempotency-key-invalid"), (blank.Outcome, blank.Code));
        await using var after = h.Database.Create();
        Assert.Equal(["R-1"], await after.Instances.Where(i => i.DefinitionId == "review").Select(i => i.CorrelationKey).ToListAsync());
        Assert.Equal((outbox, timers), (await after.Outbox.CountAsync(), await after.Timers.CountAsync())); // nothing sent or scheduled twice
    }

    private static JsonObject ReviewParameters(int expected = 2) =>
        new() { ["deadline"] = EngineHarness.Start.AddDays(5).ToString("O"), ["expected"] = expected };

    [Fact]
    public async Task InputTextOverTheEnginesLimit_IsRefusedNamingItsField_AndNothingIsSaved()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        var huge = new string('x', WorkflowEngine.MaxInputText + 1);

        var fired = await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "yes", ["note"] = new JsonObject { ["text"] = huge } });
        var started = await h.Engine.StartAsync(new StartRequest("item", "I-9", new JsonObject { ["label"] = huge }), EngineHarness.Secretariat);

        Assert.Equal((StepOutcome.Invalid, "too-long", "note.text"), (fired.Outcome, fired.Code, fired.Field));
        Assert.Equal((StepOutcome.Invalid, "too-long", "label"), (started.Outcome, started.Code, started.Field));
        Assert.Equal(1, (await h.Engine.GetInstanceAsync(id))!.Version);
        Assert.Empty(await h.Engine.ListAsync("item"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AVersionThatRunningInstancesUse_EditedInPlaceOrGone_IsReported(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        await h.StartReviewAsync();
        Assert.Empty(await h.Engine.CheckRunningVersionsAsync("workflows"));

        await using (var db = h.Database.Create())
        {
            // As if review.yaml had been edited in comments and layout only since the instance started on version 1 ...
            var source = await db.Definitions.Where(d => d.Id == "review").Select(d => d.Source).SingleAsync();
            var relaidOut = "# first loaded before the comments were reworded\n" + source
                .Replace("title: Review with deadline", "title: 'Review with deadline'   # quoted now", StringComparison.Ordinal)
                .Replace("started-by: [secretariat]", "started-by:\n  - secretariat", StringComparison.Ordinal);
            Assert.NotEqual(source, relaidOut);
            await db.Definitions.ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, relaidOut).SetProperty(d => d.SourceHash, new string('0', 64)));
        }

        Assert.Empty(await h.Engine.CheckRunningVersionsAsync("workflows"));

        await using (var db = h.Database.Create())
        {
            // ... or in what it says.
            var source = await db.Definitions.Where(d => d.Id == "review").Select(d => d.Source).SingleAsync();
            await db.Definitions.ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, source.Replace("grace: { type: duration, default: P1D }", "grace: { type: duration, default: P2D }", StringComparison.Ordinal)));
        }

        var edited = Assert.Single(await h.Engine.CheckRunningVersionsAsync("workflows"));
        Assert.Equal("review version 1 was changed after 1 running instances started on it: restore it, and put the change in a new file with version: 2", edited.Message);
        Assert.EndsWith("review.yaml", edited.Location.File, StringComparison.Ordinal);

        await using (var db = h.Database.Create())
        {
            // ... or as if the instance ran on a version whose file is gone.
            await db.Instances.ExecuteUpdateAsync(u => u.SetProperty(i => i.DefinitionVersion, 7));
        }

        var gone = Assert.Single(await h.Engine.CheckRunningVersionsAsync("workflows"));
        Assert.StartsWith("review version 7 is no longer in the workflows folder, but 1 running instances use it", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPermittedTriggers_DependsOnRoleAndState()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();

        Assert.Equal(["respond"], await h.Engine.GetPermittedTriggersAsync(id, EngineHarness.FocalPoint("KAZ")));
        Assert.Equal(["extend", "fail", "close"], await h.Engine.GetPermittedTriggersAsync(id, EngineHarness.Secretariat));
        await h.Engine.FireAsync(id, "close", EngineHarness.Secretariat);
        Assert.Empty(await h.Engine.GetPermittedTriggersAsync(id, EngineHarness.Secretariat));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AuditChain_DetectsAChangedRecord(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var id = await h.StartReviewAsync();
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree" });
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("MON"), new JsonObject { ["answer"] = "agree" });
        Assert.Equal(new AuditVerification(3, true, null), await h.Engine.VerifyAuditChainAsync(id));

        await using (var db = h.Database.Create())
        {
            var second = await db.AuditEvents.SingleAsync(e => e.InstanceId == id && e.Sequence == 2);
            second.PayloadJson = second.PayloadJson.Replace("agree", "object", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        Assert.Equal(new AuditVerification(3, false, 2), await h.Engine.VerifyAuditChainAsync(id));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task AuditChain_VerifiesAfterARoundTrip_WhenTheClockHasSubMillisecondDigits(Provider provider)
    {
        // A real clock has 100 ns ticks; the harness's starts on a whole second, which hides any precision the
        // database drops between the hash and the stored instant.
        await using var h = await EngineHarness.CreateAsync(provider);
        h.Time.Advance(TimeSpan.FromTicks(1_234_567));
        var id = await h.StartReviewAsync();
        h.Time.Advance(TimeSpan.FromTicks(9_876_543));
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree" });
        h.Time.Advance(TimeSpan.FromTicks(1_500));
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("MON"), new JsonObject { ["answer"] = "agree" });

        Assert.Equal(new AuditVerification(3, true, null), await h.Engine.VerifyAuditChainAsync(id));
        await using var db = h.Database.Create();
        var stored = await db.AuditEvents.Where(e => e.InstanceId == id).OrderBy(e => e.Sequence).Select(e => e.At).ToListAsync();
        // Instants are kept to 0.1 ms, SQLite's precision (1,000 ticks): 1_234_567 ticks read back as 1_234_000.
        Assert.Equal([1_234_000L, 11_111_000L, 11_112_000L], stored.Select(at => (at - EngineHarness.Start).Ticks));
    }

    [Fact]
    public async Task AuditChain_DetectsADeletedRecord()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        var id = await h.StartReviewAsync();
        await h.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new JsonObject { ["answer"] = "agree" });

        await using (var db = h.Database.Create())
        {
            await db.AuditEvents.Where(e => e.InstanceId == id && e.Sequence == 2).ExecuteDeleteAsync();
        }

        Assert.False((await h.Engine.VerifyAuditChainAsync(id)).Intact);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.PostgreSql)]
    public async Task ChildWorkflow_IsStartedOnEntry_AndItsCompletionFiresTheParentTrigger(Provider provider)
    {
        await using var h = await EngineHarness.CreateAsync(provider);
        var start = await h.Engine.StartAsync(new StartRequest("programme", "P-1"), EngineHarness.Secretariat);
        var parentId = start.Instance!.Id;

        await h.Engine.FireAsync(parentId, "begin", EngineHarness.Secretariat);
        Assert.Equal("Active", (await h.Engine.GetInstanceAsync(parentId))!.State);
        var child = Assert.Single(await h.Engine.GetChildrenAsync(parentId));
        Assert.Equal("item", child.DefinitionId);
        Assert.Equal("P-1", child.Variables["label"]!.GetValue<string>());
        Assert.Equal(parentId, child.ParentId);

        await h.Engine.FireAsync(parentId, "pause", EngineHarness.Secretariat);
        Assert.Equal("Paused", (await h.Engine.GetInstanceAsync(parentId))!.State);
        var approved = await h.Engine.FireAsync(child.Id, "approve", EngineHarness.ChiefNegotiator("KAZ"));

        Assert.True(approved.Applied, approved.Message);
        Assert.Equal(InstanceStatus.Completed, (await h.Engine.GetInstanceAsync(child.Id))!.Status);
        var parent = await h.Engine.GetInstanceAsync(parentId);
        Assert.Equal("Done", parent!.State);
        Assert.Equal(InstanceStatus.Completed, parent.Status);
        var last = (await h.Engine.GetHistoryAsync(parentId))[^1];
        Assert.Equal("item-finished", last.Trigger);
        Assert.Equal("system", last.ActorId);
        Assert.Equal("Approved", last.Payload["child"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_ByRoleNotInStartedBy_IsForbidden()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);

        var result = await h.Engine.StartAsync(new StartRequest("programme", "P-x"), EngineHarness.FocalPoint("KAZ"));

        Assert.Equal(StepOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task Start_WithBadParameter_IsInvalidWithField()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);

        var result = await h.Engine.StartAsync(new StartRequest("review", "R-bad", new JsonObject { ["deadline"] = "next friday" }), EngineHarness.Secretariat);

        Assert.Equal(StepOutcome.Invalid, result.Outcome);
        Assert.Equal("parameters.deadline", result.Field);
        Assert.Contains("not an instant with an offset", result.Message);
    }

    [Fact]
    public async Task Start_DuplicateCorrelationKey_IsConflict()
    {
        await using var h = await EngineHarness.CreateAsync(Provider.Sqlite);
        await h.StartReviewAsync("R-1");

        var result = await h.Engine.StartAsync(new StartRequest("review", "R-1", new JsonObject { ["deadline"] = "2026-07-01T00:00:00Z" }), EngineHarness.Secretariat);

        Assert.Equal(StepOutcome.Conflict, result.Outcome);
        Assert.Equal("correlationKey", result.Field);
    }
}
