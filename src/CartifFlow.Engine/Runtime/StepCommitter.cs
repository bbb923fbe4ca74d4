using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Commits a step's unit of work, or a batch of steps sharing one, and says what came of it: applied (and the
/// dispatchers told), a race lost to another unit of work, or unknown when the commit's answer was lost and reading it
/// back failed too. A unit of work that may have committed is never saved again.
/// </summary>
internal sealed class StepCommitter(IWorkflowDbContextFactory dbFactory, IWorkflowStore store, IEngineSignals signals, ILogger logger)
{
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly IWorkflowStore _store = store;
    private readonly IEngineSignals _signals = signals;
    private readonly ILogger _logger = logger;

    /// <summary>
    /// Saves a step's unit of work (everything it tracks commits at once) and tells the dispatchers. A race lost at the
    /// commit is answered as the check before the step would have answered it (key taken, idempotency key used, changed
    /// since read); a commit whose answer was lost is read back, never saved again.
    /// </summary>
    public async Task<StepResult> SaveAsync(WorkflowDbContext db, Step step, CancellationToken cancellationToken)
    {
        try
        {
            // Once sent, a save is seen through: a caller that gives up meanwhile must not leave its outcome unknown.
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (_store.MayHaveCommitted(ex))
        {
            // The answer was lost: the step is read back, never applied again (a caller without a version would).
            if (!await CommittedAsync(step.Signals).ConfigureAwait(false))
            {
                _logger.LogWarning(ex, "Step {Trigger} on {Instance}: the database did not answer whether it committed", step.Trigger, step.Instance.Id);
                return OutcomeUnknown(step.Instance);
            }

            _logger.LogWarning(ex, "Step {Trigger} on {Instance} committed although its save reported a failure", step.Trigger, step.Instance.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile();
        }
        catch (TextTooLongException ex)
        {
            // Nothing was sent: the step's input does not fit where it would be kept.
            return new StepResult(StepOutcome.Invalid, null, ex.Message, ex.Field)
            {
                Code = "too-long",
                Arguments = [ex.Field, ex.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            };
        }
        catch (DbUpdateException ex)
        {
            // Two first starts of a definition version both record it: the loser saves again without that row.
            if (await ForgetDefinitionsRecordedMeanwhileAsync(db, cancellationToken).ConfigureAwait(false))
            {
                return await SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
            }

            // Two starts with the same idempotency key at once (a form submitted twice) both passed the check before
            // the step: the loser answers as the check would have, with the winner's instance.
            if (await TokenTakenMeanwhileAsync(db, step, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                _logger.LogDebug(ex, "Start with idempotency key '{Token}' lost a race", step.Instance.StartToken);
                return replay;
            }

            // Two starts with the same key at once (two officers, a retried request) both passed the check before the
            // step: the loser is told the key is taken, as the check would have told it.
            if (await KeyTakenMeanwhileAsync(db, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                _logger.LogDebug(ex, "Start of {Workflow} '{Key}' lost a race", taken.DefinitionId, taken.CorrelationKey);
                return new StepResult(StepOutcome.Conflict, null, $"A {taken.DefinitionId} with key '{taken.CorrelationKey}' exists already.", "correlationKey")
                {
                    Code = "key-exists",
                    Arguments = [taken.CorrelationKey],
                };
            }

            // A unique index (audit sequence, correlation key) can fire before the concurrency check does.
            if (!await ChangedUnderneathAsync(step, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            _logger.LogDebug(ex, "Step on {Instance} lost a race", step.Instance.Id);
            return ChangedMeanwhile();
        }

        Signal(step.Signals);
        return new StepResult(StepOutcome.Applied, InstanceView.From(step.Instance));
    }

    /// <summary>
    /// Saves a batch of steps that share one unit of work (group commit): each is applied, or, when the commit's answer
    /// was lost and it cannot be read back, each is reported unknown. Null when the database refused the batch: nothing
    /// was saved, and its steps may be applied again one by one.
    /// </summary>
    public async Task<StepResult[]?> SaveBatchAsync(WorkflowDbContext db, Step[] steps, StepSignals signals)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (_store.MayHaveCommitted(ex))
        {
            // A commit whose answer was lost is never applied again one by one: that would record each step twice.
            // Whether it committed is read back; when even that cannot be told, each caller is told the outcome is unknown.
            if (!await CommittedAsync(signals).ConfigureAwait(false))
            {
                _logger.LogWarning(ex, "A batch of {Count} steps: the database did not answer whether it committed", steps.Length);
                return steps.Select(s => OutcomeUnknown(s.Instance)).ToArray();
            }

            _logger.LogWarning(ex, "A batch of {Count} steps was committed although its save reported a failure", steps.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database answered (a stale version, a unique index): nothing was saved.
            _logger.LogDebug(ex, "A batch of {Count} steps is applied one by one instead", steps.Length);
            return null;
        }

        Signal(signals);
        return steps.Select(s => new StepResult(StepOutcome.Applied, InstanceView.From(s.Instance))).ToArray();
    }

    /// <summary>Tells the dispatchers what a committed unit of work wrote.</summary>
    public void Signal(StepSignals signals)
    {
        if (signals.Outbox > 0)
        {
            _signals.OutboxWritten();
        }

        if (signals.EarliestTimer is { } due)
        {
            _signals.TimerScheduled(due);
        }
    }

    private static StepResult ChangedMeanwhile() =>
        new(StepOutcome.Conflict, null, "Another change to this workflow was saved first; read it again and retry.") { Code = "changed-since-read" };

    /// <summary>
    /// The answer for a step whose commit may or may not have happened: it names the instance as the step would have
    /// left it, so that a reader can tell later (the instance is at that version, or a start's idempotency key finds it).
    /// </summary>
    private static StepResult OutcomeUnknown(WorkflowInstanceRecord instance) =>
        new(StepOutcome.Unknown, InstanceView.From(instance),
            $"The database did not answer whether the step was saved, and it is not applied again: it was when the instance is at version {instance.Version}.")
        {
            Code = "outcome-unknown",
            Arguments = [instance.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        };

    /// <summary>
    /// Whether a unit of work whose save failed without an answer committed: its witness (an audit event) is looked for.
    /// False when it is not found or the read fails: then it is unknown (a transaction still in flight on the server
    /// may yet commit), and never taken for "nothing saved".
    /// </summary>
    private async Task<bool> CommittedAsync(StepSignals signals)
    {
        if (signals.Witness is not { } witness)
        {
            return false;
        }

        try
        {
            await using var check = _dbFactory.CreateDbContext();
            var (instance, sequence, hash) = (witness.InstanceId, witness.Sequence, witness.Hash);
            return await check.AuditEvents.AnyAsync(e => e.InstanceId == instance && e.Sequence == sequence && e.Hash == hash).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Reading back whether a step on {Instance} committed failed", witness.InstanceId);
            return false;
        }
    }

    private async Task<bool> ForgetDefinitionsRecordedMeanwhileAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var forgotten = false;
        foreach (var entry in db.ChangeTracker.Entries<DefinitionRecord>().Where(e => e.State == EntityState.Added).ToList())
        {
            await using var other = _dbFactory.CreateDbContext();
            var (id, version) = (entry.Entity.Id, entry.Entity.Version);
            if (await other.Definitions.AnyAsync(d => d.Id == id && d.Version == version, cancellationToken).ConfigureAwait(false))
            {
                entry.State = EntityState.Detached;
                forgotten = true;
            }
        }

        return forgotten;
    }

    /// <summary>The answer for a start that lost a race for its idempotency key (see <see cref="IdempotentStarts.ReplayAsync"/>), or null.</summary>
    private async Task<StepResult?> TokenTakenMeanwhileAsync(WorkflowDbContext db, Step step, CancellationToken cancellationToken)
    {
        if (step.Instance.StartToken is not { } token || db.Entry(step.Instance).State != EntityState.Added)
        {
            return null;
        }

        await using var other = _dbFactory.CreateDbContext();
        return await IdempotentStarts.ReplayAsync(other, step.Instance.DefinitionId, token, step.Actor, step.Payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An instance this unit of work starts whose key another unit of work has taken since, or null.</summary>
    private async Task<WorkflowInstanceRecord?> KeyTakenMeanwhileAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var started = db.ChangeTracker.Entries<WorkflowInstanceRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (started.Count == 0)
        {
            return null;
        }

        await using var other = _dbFactory.CreateDbContext();
        foreach (var instance in started)
        {
            var (definition, key, id) = (instance.DefinitionId, instance.CorrelationKey, instance.Id);
            if (await other.Instances.AnyAsync(i => i.DefinitionId == definition && i.CorrelationKey == key && i.Id != id, cancellationToken).ConfigureAwait(false))
            {
                return instance;
            }
        }

        return null;
    }

    private async Task<bool> ChangedUnderneathAsync(Step step, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateDbContext();
        var current = await db.Instances.AsNoTracking().Where(i => i.Id == step.Instance.Id).Select(i => (int?)i.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var original = (int)step.Db.Entry(step.Instance).Property(i => i.Version).OriginalValue;
        return step.Db.Entry(step.Instance).State == EntityState.Added ? current is not null : current != original;
    }
}
