using System.Text.Json.Nodes;

namespace CartifFlow.Engine.Runtime;

/// <summary>A <see cref="WorkflowEngine.FireAsync"/> call waiting for its step.</summary>
internal sealed record FireRequest(Guid InstanceId, string Trigger, Actor Actor, JsonObject? Payload, int? ExpectedVersion, CancellationToken CancellationToken)
{
    public TaskCompletionSource<StepResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit for <see cref="WorkflowEngine.FireAsync"/>: calls that arrive while earlier ones are being committed
/// wait, and are then applied together, each step whole (state, audit event, outbox and timer rows) in one
/// transaction, like the timer dispatcher's batches. A call that finds a batch slot free starts at once, so a lone
/// caller waits for nobody. A batch with anything unusual in it (a refusal, an exception, a conflict at commit)
/// is abandoned with nothing saved and its calls are applied one per transaction, which gives each its own outcome.
/// A batch whose commit may have happened (its answer lost) is never applied again: each call is told it was
/// applied, or that its outcome is unknown (<see cref="StepOutcome.Unknown"/>).
/// Two calls on one instance never share a batch: the later one waits for the next.
/// </summary>
internal sealed class StepBatcher(TriggerFiring engine, int batchSize, int concurrency)
{
    private readonly Lock _gate = new();
    private readonly List<FireRequest> _queue = [];
    private int _running;

    public async Task<StepResult> FireAsync(FireRequest request)
    {
        bool alone, start = false;
        lock (_gate)
        {
            // Nothing waiting and a slot free: the call runs in the caller, as it would without group commit.
            alone = _queue.Count == 0 && _running < concurrency;
            if (alone)
            {
                _running++;
            }
            else
            {
                _queue.Add(request);
                start = _running < concurrency;
                if (start)
                {
                    _running++;
                }
            }
        }

        if (alone)
        {
            try
            {
                return await engine.FireOneAsync(request).ConfigureAwait(false);
            }
            finally
            {
                // Calls that arrived meanwhile are taken as a batch; the slot is given back once none is left.
                _ = RunAsync();
            }
        }

        if (start)
        {
            _ = RunAsync();
        }

        return await request.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Takes batches from the queue until it is empty.</summary>
    private async Task RunAsync()
    {
        while (true)
        {
            var batch = new List<FireRequest>();
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running--;
                    return;
                }

                var instances = new HashSet<Guid>();
                for (var i = 0; i < _queue.Count && batch.Count < batchSize; i++)
                {
                    if (instances.Add(_queue[i].InstanceId))
                    {
                        batch.Add(_queue[i]);
                        _queue.RemoveAt(i--);
                    }
                }
            }

            batch.RemoveAll(r => r.CancellationToken.IsCancellationRequested && r.Completion.TrySetCanceled(r.CancellationToken));
            if (batch.Count > 1)
            {
                StepResult[]? results;
                try
                {
                    results = await engine.FireBatchAsync(batch).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Only what fails before the batch is sent comes through here (the load): nothing was saved, and the
                    // calls are applied one by one below, so that each caller gets its own outcome and no caller is left
                    // waiting on a batch that is gone. A batch that was sent answers for itself: applied, unknown (its
                    // answer lost, never applied again), or null when the database refused it.
                    results = null;
                }

                if (results is not null)
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.TrySetResult(results[i]);
                    }

                    continue;
                }
            }

            await Task.WhenAll(batch.Select(FireOneAsync)).ConfigureAwait(false);
        }
    }

    private async Task FireOneAsync(FireRequest request)
    {
        try
        {
            request.Completion.TrySetResult(await engine.FireOneAsync(request).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            request.Completion.TrySetCanceled(request.CancellationToken);
        }
        catch (Exception ex)
        {
            request.Completion.TrySetException(ex);
        }
    }
}
