using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CartifFlow.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL: a claim is one <c>UPDATE … WHERE "Id" IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING</c> with a lease, so
/// nodes share the work without waiting on each other.
/// </summary>
internal sealed class PostgresWorkflowStore : IWorkflowStore
{
    public bool ConcurrentWriters => true;

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<Guid>($"""
            UPDATE workflow_timers SET "LeasedUntil" = {leasedUntil}
            WHERE "Id" IN (
                SELECT "Id" FROM workflow_timers
                WHERE "Status" = 0 AND "DueAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                  AND NOT EXISTS (
                    SELECT 1 FROM workflow_timers e
                    WHERE e."InstanceId" = workflow_timers."InstanceId" AND e."Status" = 0
                      AND (e."DueAt" < workflow_timers."DueAt" OR (e."DueAt" = workflow_timers."DueAt" AND e."Id" < workflow_timers."Id")))
                ORDER BY "DueAt" LIMIT {limit}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<List<OutboxMessageRecord>> ClaimOutboxAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken) =>
        db.Outbox.FromSql($"""
            UPDATE outbox_messages SET "LeasedUntil" = {leasedUntil}
            WHERE "Id" IN (
                SELECT "Id" FROM outbox_messages
                WHERE "Status" = 0 AND "NextAttemptAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                ORDER BY "NextAttemptAt" LIMIT {limit}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Skips rows another transaction has locked: those are a chunk of the batch whose outcome is being recorded (which
    /// clears their lease), and waiting for them while holding the others' locks, taken in no set order, would deadlock
    /// with that record (which locks its rows in key order).
    /// </summary>
    public Task<int> RenewOutboxLeaseAsync(WorkflowDbContext db, IReadOnlyList<Guid> ids, DateTimeOffset current, DateTimeOffset renewed, CancellationToken cancellationToken)
    {
        var keys = ids.ToArray();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE outbox_messages SET "LeasedUntil" = {renewed}
            WHERE "Id" IN (
                SELECT "Id" FROM outbox_messages
                WHERE "Id" = ANY({keys}) AND "LeasedUntil" = {current}
                FOR UPDATE SKIP LOCKED)
            """, cancellationToken);
    }

    /// <summary>
    /// An error the server sent (<see cref="PostgresException"/>: a stale version, a unique index, any check) means the
    /// transaction was rolled back; a client-side failure (<see cref="NpgsqlException"/> otherwise: the stream broke, a
    /// timeout) left the answer unread, and the save (one implicit transaction, see
    /// <see cref="SingleRoundTripSaveInterceptor"/>) may have committed.
    /// </summary>
    public bool MayHaveCommitted(Exception exception)
    {
        var unanswered = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException or PostgresException)
            {
                return false;
            }

            unanswered |= e is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException;
        }

        return unanswered;
    }
}
