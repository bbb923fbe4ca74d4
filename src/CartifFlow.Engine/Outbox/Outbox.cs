using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine.Outbox;

/// <summary>A message to deliver, as the outbox holds it.</summary>
/// <param name="Id">The message's identity: the same on every attempt (e-mail uses it as Message-Id).</param>
/// <param name="InstanceId">The instance whose step wrote it.</param>
/// <param name="Template">Template name.</param>
/// <param name="Language">Reader's language.</param>
/// <param name="TimeZone">Reader's time zone (IANA), if known.</param>
/// <param name="To">Addressees.</param>
/// <param name="Cc">Copies.</param>
/// <param name="Model">Data for the template.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record OutboxMessage(Guid Id, Guid InstanceId, string Template, string Language, string? TimeZone, IReadOnlyList<MailAddress> To, IReadOnlyList<MailAddress> Cc, JsonObject Model, int Attempt);

/// <summary>The outcome of one delivery attempt.</summary>
/// <param name="Id">The message.</param>
/// <param name="Delivered">True when handed over.</param>
/// <param name="Error">Why not, when not.</param>
/// <param name="Permanent">True when retrying cannot help (e.g. a missing template); the message fails at once.</param>
/// <param name="Attempted">False when the message never reached a server (no connection, or it was lost before this
/// message): it is retried without counting an attempt, so an outage of the mail relay, however long, fails nothing.</param>
public sealed record DeliveryResult(Guid Id, bool Delivered, string? Error = null, bool Permanent = false, bool Attempted = true);

/// <summary>Hands messages to the outside world (SMTP, a pickup folder, a test double).</summary>
public interface IOutboxDelivery
{
    /// <summary>Delivers a batch (implementations may reuse one connection); returns one result per message.</summary>
    Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a session for the chunks of one claimed batch: a delivery that holds a connection (SMTP) keeps it open
    /// from one chunk to the next, reconnecting when it was lost. The default delivers each chunk on its own.
    /// </summary>
    IOutboxDeliverySession OpenSession() => new PerChunkSession(this);

    private sealed class PerChunkSession(IOutboxDelivery delivery) : IOutboxDeliverySession
    {
        public Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) =>
            delivery.DeliverAsync(messages, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Deliveries of several chunks in a row (one claimed batch of the outbox), each chunk's outcome recorded by the
/// dispatcher before the next is handed over; disposing ends the session (e.g. closes the SMTP connection).
/// </summary>
public interface IOutboxDeliverySession : IAsyncDisposable
{
    /// <summary>Delivers one chunk; returns one result per message, like <see cref="IOutboxDelivery.DeliverAsync"/>.</summary>
    Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>Delivery status of a message, for people and the API.</summary>
public sealed record OutboxStatusView(Guid Id, Guid InstanceId, string Template, string Language, IReadOnlyList<MailAddress> To, IReadOnlyList<MailAddress> Cc, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>
/// Delivers committed outbox rows: claims due rows (a lease per node), hands them to <see cref="IOutboxDelivery"/>,
/// and records the outcome. At-least-once: a node that dies after sending but before recording leaves the row
/// to be sent again once its lease ends, with the same message id.
/// </summary>
public sealed class OutboxDispatcher(
    IWorkflowDbContextFactory dbFactory,
    IWorkflowStore store,
    IOutboxDelivery delivery,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>
    /// How long a node that is stopping still gives the chunks already on the wire to be sent and recorded. Without it
    /// a routine stop (a deployment) mid-chunk left those messages unrecorded, to be sent again once the lease ended.
    /// </summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly EngineOptions _options = options.Value;

    /// <summary>Delivers every message due now; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        while (true)
        {
            var batch = await ClaimAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return delivered;
            }

            // While the batch is delivered its lease is renewed (every third of ClaimLease), so that a slow chunk
            // (a slow relay, long SMTP time-outs) never outlives it and another node never takes a message this node is
            // still sending; only a node that dies lets its lease run out.
            using var keeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var keeper = KeepLeasesAsync([.. batch.Select(r => r.Id)], batch[0].LeasedUntil, keeping.Token);
            try
            {
                delivered += await DeliverBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await keeping.CancelAsync().ConfigureAwait(false);
                await keeper.ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Renews the lease of the batch's rows this node still holds (those not yet recorded or released, which still
    /// carry its lease value) until <paramref name="cancellationToken"/> says the batch is done.
    /// </summary>
    private async Task KeepLeasesAsync(List<Guid> ids, DateTimeOffset? lease, CancellationToken cancellationToken)
    {
        var current = lease;
        try
        {
            while (current is not null)
            {
                await Task.Delay(_options.ClaimLease / 3, time, cancellationToken).ConfigureAwait(false);
                var renewed = EngineClock.Now(time) + _options.ClaimLease;
                await using var db = dbFactory.CreateDbContext();
                var held = await store.RenewOutboxLeaseAsync(db, ids, current.Value, renewed, cancellationToken).ConfigureAwait(false);
                current = held > 0 ? renewed : null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch is done (or the node stops).
        }
        catch (Exception ex)
        {
            // The lease then runs out as it would for a node that died: the documented at-least-once window.
            logger.LogWarning(ex, "Renewing the outbox lease of {Count} messages failed", ids.Count);
        }
    }

    private async Task<int> DeliverBatchAsync(List<OutboxMessageRecord> batch, CancellationToken cancellationToken)
    {
        // The batch is split into lanes (OutboxConnections), each with its own delivery session (one SMTP
        // connection), so that one lane's messages are on the wire while another's are rendered or recorded.
        var claimedAt = time.GetTimestamp();
        var lanes = Math.Min(_options.OutboxConnections, (batch.Count + _options.OutboxChunkSize - 1) / _options.OutboxChunkSize);
        if (lanes <= 1)
        {
            return await DeliverLaneAsync(batch, claimedAt, cancellationToken).ConfigureAwait(false);
        }

        var size = (batch.Count + lanes - 1) / lanes;
        var counts = await Task.WhenAll(Enumerable.Range(0, lanes)
            .Select(l => batch.GetRange(l * size, Math.Min(size, batch.Count - (l * size))))
            .Where(rows => rows.Count > 0)
            .Select(rows => DeliverLaneAsync(rows, claimedAt, cancellationToken))).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <summary>
    /// Sends one lane of a claimed batch a chunk at a time, each chunk's outcome recorded before the next is sent, and
    /// starts no chunk once half the first lease is gone (the rest is given back for any node to take at once): the
    /// lease is renewed meanwhile (<see cref="KeepLeasesAsync"/>), and a crash repeats at most the chunk in flight in
    /// each lane.
    /// </summary>
    private async Task<int> DeliverLaneAsync(List<OutboxMessageRecord> rows, long claimedAt, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var session = delivery.OpenSession();
        await using (session.ConfigureAwait(false))
        {
            for (var offset = 0; offset < rows.Count; offset += _options.OutboxChunkSize)
            {
                var chunk = rows.GetRange(offset, Math.Min(_options.OutboxChunkSize, rows.Count - offset));
                if (cancellationToken.IsCancellationRequested)
                {
                    // The node is stopping: what it has not begun to send is given back at once, for any node to take.
                    using var release = new CancellationTokenSource(StopGrace, time);
                    await ReleaseAsync(rows.GetRange(offset, rows.Count - offset), release.Token).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (offset > 0 && time.GetElapsedTime(claimedAt) > _options.ClaimLease / 2)
                {
                    await ReleaseAsync(rows.GetRange(offset, rows.Count - offset), cancellationToken).ConfigureAwait(false);
                    break;
                }

                delivered += await DeliverChunkAsync(session, chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        return delivered;
    }

    private async Task<int> DeliverChunkAsync(IOutboxDeliverySession session, List<OutboxMessageRecord> chunk, CancellationToken cancellationToken)
    {
        var messages = chunk.Select(r => new OutboxMessage(
            r.Id, r.InstanceId, r.Template, r.Language, r.TimeZone,
            JsonSerializer.Deserialize<List<MailAddress>>(r.ToJson)!,
            JsonSerializer.Deserialize<List<MailAddress>>(r.CcJson)!,
            JsonNode.Parse(r.ModelJson)!.AsObject(),
            r.Attempts + 1)).ToList();

        // A chunk once begun is sent and recorded even if the node starts to stop meanwhile, for StopGrace at most.
        using var finishing = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = cancellationToken.Register(() => finishing.CancelAfter(StopGrace));
        IReadOnlyList<DeliveryResult> results;
        try
        {
            results = await session.DeliverAsync(messages, finishing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Outbox delivery of {Count} messages failed", messages.Count);
            results = messages.Select(m => new DeliveryResult(m.Id, false, ex.Message)).ToList();
        }

        return await RecordAsync(chunk, results, finishing.Token).ConfigureAwait(false);
    }

    /// <summary>Gives claimed rows back unsent (no attempt counted), for this node or another to take at once.</summary>
    private async Task ReleaseAsync(List<OutboxMessageRecord> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        await using var db = dbFactory.CreateDbContext();
        await db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The earliest time a pending message that no node holds is due, or null.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var now = EngineClock.Now(time);
        await using var db = dbFactory.CreateDbContext();
        return await db.Outbox.Where(m => m.Status == OutboxStatus.Pending && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivery status of the messages an instance wrote, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxStatusView>> GetStatusAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.InstanceId == instanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(View).ToList();
    }

    /// <summary>Delivery status of one message, or null.</summary>
    public async Task<OutboxStatusView?> GetMessageAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var row = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : View(row);
    }

    private static OutboxStatusView View(OutboxMessageRecord r) => new(
        r.Id, r.InstanceId, r.Template, r.Language,
        JsonSerializer.Deserialize<List<MailAddress>>(r.ToJson)!, JsonSerializer.Deserialize<List<MailAddress>>(r.CcJson)!,
        r.Status, r.Attempts, r.CreatedAt, r.NextAttemptAt, r.SentAt, r.LastError);

    private async Task<int> RecordAsync(List<OutboxMessageRecord> batch, IReadOnlyList<DeliveryResult> results, CancellationToken cancellationToken)
    {
        var now = EngineClock.Now(time);
        var byId = results.ToDictionary(r => r.Id);
        var delivered = 0;
        await using var db = dbFactory.CreateDbContext();
        foreach (var row in batch)
        {
            db.Outbox.Attach(row);
            row.LeasedUntil = null;
            db.Entry(row).Property(r => r.LeasedUntil).IsModified = true;
            var result = byId.GetValueOrDefault(row.Id) ?? new DeliveryResult(row.Id, false, "the delivery returned no result for this message");
            if (!result.Delivered && !result.Permanent && !result.Attempted)
            {
                // Never reached a server (the relay is down): tried again, without spending one of its attempts.
                row.NextAttemptAt = now + RetryDelay(Math.Max(1, row.Attempts));
                row.LastError = Truncate(result.Error);
                continue;
            }

            row.Attempts++;
            if (result.Delivered)
            {
                row.Status = OutboxStatus.Sent;
                row.SentAt = now;
                row.LastError = Truncate(result.Error); // null, or recipients the server refused while accepting the others
                delivered++;
            }
            else if (result.Permanent || row.Attempts >= _options.OutboxMaxAttempts)
            {
                row.Status = OutboxStatus.Failed;
                row.LastError = Truncate(result.Error);
                logger.LogError("Outbox message {Id} failed for good after {Attempts} attempts: {Error}", row.Id, row.Attempts, result.Error);
            }
            else
            {
                row.NextAttemptAt = now + RetryDelay(row.Attempts);
                row.LastError = Truncate(result.Error);
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return delivered;
    }

    /// <summary>Exponential backoff: first delay, doubled per further failure, capped.</summary>
    internal TimeSpan RetryDelay(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.OutboxFirstRetryDelay.Ticks * factor, _options.OutboxMaxRetryDelay.Ticks));
        return delay;
    }

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    private async Task<List<OutboxMessageRecord>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = EngineClock.Now(time);
        await using var db = dbFactory.CreateDbContext();
        return await store.ClaimOutboxAsync(db, now, now + _options.ClaimLease, _options.OutboxBatchSize, cancellationToken).ConfigureAwait(false);
    }
}
