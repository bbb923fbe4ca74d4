using System.Collections.Concurrent;
using System.Diagnostics;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Tests.Persistence;

/// <summary>
/// The PostgreSQL save path (<see cref="SingleRoundTripSaveInterceptor"/>), on the test run's real server: a step's
/// writes and their commit go as one batch, which saves all or nothing, and keeps EF Core's concurrency semantics.
/// </summary>
public sealed class SingleRoundTripSaveTests
{
    [Fact]
    public async Task AStep_IsOneReadAndOneBatch_WithNoExplicitTransaction()
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();

        using var trace = new NpgsqlTrace(node.Database);
        var result = await node.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new() { ["answer"] = "agree" });

        Assert.True(result.Applied, result.Message);
        // The engine's statements (on its tables); a CI run once counted a third statement on the database here, which
        // the driver's own work on a new connection can be: it is listed in the message if it is ever the engine's.
        var all = trace.Statements.ToList();
        var executions = all.Where(s => s.Contains("workflow_", StringComparison.Ordinal) || s.Contains("audit_events", StringComparison.Ordinal) || s.Contains("outbox_messages", StringComparison.Ordinal)).ToList();
        Assert.True(executions.Count == 2, $"{executions.Count} statements of the engine's, {all.Count} in all:\n" + string.Join("\n---\n", all));
        Assert.DoesNotContain(all, s => s.Contains("BEGIN", StringComparison.OrdinalIgnoreCase) || s.Contains("COMMIT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("WITH u AS (UPDATE \"workflow_instances\"", executions[1], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"audit_events\"", executions[1], StringComparison.Ordinal);

        await using var db = node.Database.Create();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal(2, instance.Version);
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.InstanceId == id));
        Assert.True((await node.Engine.VerifyAuditChainAsync(id)).Intact);
    }

    [Fact]
    public async Task AFailingStatementLateInTheBatch_LeavesNothingSaved()
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();
        var before = await SnapshotAsync(node.Database, id);

        await using (var db = node.Database.Create())
        {
            var instance = await db.Instances.SingleAsync(i => i.Id == id);
            instance.State = "Changed";
            instance.Version++;
            db.AuditEvents.Add(Audit(id, instance.AuditSequence + 1));
            db.Outbox.Add(Message(id, template: new string('x', 101))); // the column holds 100: the server refuses the row
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.IsNotType<DbUpdateConcurrencyException>(error);
            Assert.Contains("22001", error.InnerException!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync(node.Database, id));
    }

    [Fact]
    public async Task AStaleVersion_FailsTheWholeBatch_AsAConcurrencyConflict()
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();

        await using var stale = node.Database.Create();
        var instance = await stale.Instances.SingleAsync(i => i.Id == id);

        // Another unit of work moves the instance on after it was read.
        Assert.True((await node.Engine.FireAsync(id, "respond", EngineHarness.FocalPoint("KAZ"), new() { ["answer"] = "agree" })).Applied);
        var before = await SnapshotAsync(node.Database, id);

        // The stale save: the instance row's update matches nothing; its outbox row (no unique index to trip) must not land.
        instance.State = "Stale";
        instance.Version++;
        stale.Outbox.Add(Message(id));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());

        Assert.Equal(before, await SnapshotAsync(node.Database, id));
    }

    [Fact]
    public async Task GeneratedKeys_AreReadBack_AndTheEntitiesAreUnchangedAfterwards()
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();

        await using var db = node.Database.Create();
        var instance = await db.Instances.SingleAsync(i => i.Id == id);
        var first = Audit(id, instance.AuditSequence + 1);
        var second = Audit(id, instance.AuditSequence + 2);
        db.AuditEvents.AddRange(first, second);
        instance.AuditSequence += 2;
        instance.Version++;
        var timer = await db.Timers.FirstAsync(t => t.InstanceId == id);
        timer.Status = TimerStatus.Cancelled;

        Assert.Equal(4, await db.SaveChangesAsync());

        Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        Assert.True(first.Id > 0 && second.Id > first.Id, $"ids {first.Id}, {second.Id}");
        await using var check = node.Database.Create();
        var stored = await check.AuditEvents.AsNoTracking().Where(e => e.InstanceId == id).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(first.Id, stored[^2].Id);
        Assert.Equal(second.Id, stored[^1].Id);
        Assert.Equal(TimerStatus.Cancelled, (await check.Timers.AsNoTracking().SingleAsync(t => t.Id == timer.Id)).Status);

        // The same context saves again from its accepted state: a further change is one more guarded update.
        instance.State = "Again";
        instance.Version++;
        Assert.Equal(1, await db.SaveChangesAsync());
        Assert.Equal("Again", (await check.Instances.AsNoTracking().SingleAsync(i => i.Id == id)).State);
    }

    [Fact]
    public async Task WhatItDoesNotPlanFor_IsLeftToEfCore()
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();

        // A deletion: EF Core saves it, in its own transaction.
        Guid deleted;
        await using (var db = node.Database.Create())
        {
            var timer = await db.Timers.FirstAsync(t => t.InstanceId == id);
            deleted = timer.Id;
            db.Timers.Remove(timer);
            using var trace = new NpgsqlTrace(node.Database);
            Assert.Equal(1, await db.SaveChangesAsync());
            Assert.DoesNotContain(trace.Statements, s => s.Contains("WITH u AS", StringComparison.Ordinal));
        }

        // An explicit transaction: EF Core saves inside it, and a rollback undoes the save.
        await using (var db = node.Database.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var instance = await db.Instances.SingleAsync(i => i.Id == id);
            instance.State = "RolledBack";
            instance.Version++;
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = node.Database.Create();
        Assert.False(await check.Timers.AnyAsync(t => t.Id == deleted));
        Assert.NotEqual("RolledBack", (await check.Instances.AsNoTracking().SingleAsync(i => i.Id == id)).State);
    }

    [Theory]
    [InlineData(SingleRoundTripSaveInterceptor.MaxStatements, true)]
    [InlineData(SingleRoundTripSaveInterceptor.MaxStatements + 1, false)]
    public async Task ALargeSave_IsOneBatchUpToTheLimit_AndEfCoresAboveIt(int rows, bool oneBatch)
    {
        await using var node = await EngineHarness.CreateAsync(Provider.PostgreSql);
        var id = await node.StartReviewAsync();
        var before = await CountOutboxAsync(node.Database, id);

        await using (var db = node.Database.Create())
        {
            db.Outbox.AddRange(Enumerable.Range(0, rows).Select(_ => Message(id)));
            using var trace = new NpgsqlTrace(node.Database);
            Assert.Equal(rows, await db.SaveChangesAsync());

            // Ours numbers its parameters ($1); EF Core names them (@p0).
            Assert.Equal(oneBatch, trace.Statements.Any(s => s.Contains("INSERT INTO \"outbox_messages\"", StringComparison.Ordinal) && s.Contains("$1", StringComparison.Ordinal)));
        }

        Assert.Equal(before + rows, await CountOutboxAsync(node.Database, id));
    }

    private static async Task<int> CountOutboxAsync(TestDatabase database, Guid id)
    {
        await using var db = database.Create();
        return await db.Outbox.CountAsync(m => m.InstanceId == id);
    }

    private static AuditEventRecord Audit(Guid instance, long sequence) => new()
    {
        InstanceId = instance,
        Sequence = sequence,
        At = EngineHarness.Start,
        ActorId = "test",
        Trigger = "test",
        FromState = "A",
        ToState = "B",
        PayloadJson = "{}",
        PreviousHash = "x",
        Hash = "y",
    };

    private static OutboxMessageRecord Message(Guid instance, string template = "t") => new()
    {
        Id = Guid.CreateVersion7(),
        InstanceId = instance,
        Template = template,
        Language = "en",
        ToJson = "[]",
        CcJson = "[]",
        ModelJson = "{}",
        CreatedAt = EngineHarness.Start,
        NextAttemptAt = EngineHarness.Start,
    };

    /// <summary>Everything the tests' saves could touch, as text.</summary>
    private static async Task<string> SnapshotAsync(TestDatabase database, Guid id)
    {
        await using var db = database.Create();
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == id).OrderBy(e => e.Sequence).Select(e => e.Sequence + ":" + e.Hash).ToListAsync();
        var outbox = await db.Outbox.AsNoTracking().CountAsync(m => m.InstanceId == id);
        var timers = await db.Timers.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.Id).Select(t => t.Name + ":" + t.Status).ToListAsync();
        return $"{instance.State} v{instance.Version} s{instance.AuditSequence} | {string.Join(",", audit)} | outbox {outbox} | {string.Join(",", timers)}";
    }

    /// <summary>The statements Npgsql executes while it is alive (its ActivitySource), in order.</summary>
    private sealed class NpgsqlTrace : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<string> _statements = new();

        /// <summary>Only the statements on <paramref name="database"/>: other tests run at the same time.</summary>
        public NpgsqlTrace(TestDatabase database)
        {
            var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TagObjects.Any(t => t.Key is "db.namespace" or "db.name" && Equals(t.Value, name)))
                    {
                        _statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyCollection<string> Statements => _statements;

        public void Dispose() => _listener.Dispose();
    }
}
