namespace CartifFlow.Engine.Persistence;

/// <summary>
/// The engine's work that differs by database provider, implemented for each provider by the host (PostgreSQL and
/// SQLite in CartifFlow.Infrastructure), as Hangfire keeps its storage behind <c>JobStorage</c>: claiming due timer and
/// outbox rows with a lease, renewing a lease, and telling a failed save that may have committed from one the database
/// refused. The engine itself references no provider.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>
    /// True when claims and steps of several dispatchers may run side by side (row locks); false for a single writer,
    /// whose claim cannot hold back an instance's second timer due at the same instant: the timer dispatcher then fires
    /// its batches one after the other, in due order.
    /// </summary>
    bool ConcurrentWriters { get; }

    /// <summary>
    /// Leases up to <paramref name="limit"/> due timers (pending, due by <paramref name="now"/>, held by no one, and
    /// each its instance's earliest pending timer) until <paramref name="leasedUntil"/>, in due order, such that two
    /// claims never take the same timer; returns their ids.
    /// </summary>
    Task<IReadOnlyList<Guid>> ClaimTimersAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> pending outbox messages due by <paramref name="now"/> and held by no one
    /// until <paramref name="leasedUntil"/> (or just after it), such that two claims never take the same message;
    /// returns them untracked, in due order.
    /// </summary>
    Task<List<OutboxMessageRecord>> ClaimOutboxAsync(WorkflowDbContext db, DateTimeOffset now, DateTimeOffset leasedUntil, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the lease of those of <paramref name="ids"/> still leased until <paramref name="current"/> to
    /// <paramref name="renewed"/>, without waiting for rows another transaction holds; returns how many moved.
    /// </summary>
    Task<int> RenewOutboxLeaseAsync(WorkflowDbContext db, IReadOnlyList<Guid> ids, DateTimeOffset current, DateTimeOffset renewed, CancellationToken cancellationToken);

    /// <summary>
    /// True when a failed save may have committed all the same: the connection failed before the database answered
    /// (an I/O error, a timeout). False when the database answered (a stale version, any server error): then the
    /// transaction was rolled back and nothing was saved.
    /// </summary>
    bool MayHaveCommitted(Exception exception);
}
