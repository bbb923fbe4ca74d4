namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Told after a step commits, so dispatchers need not wait for their next poll. Signals are hints:
/// the rows are the truth, and every dispatcher also polls.
/// </summary>
public interface IEngineSignals
{
    /// <summary>Outbox rows were committed.</summary>
    void OutboxWritten();

    /// <summary>A timer was committed; <paramref name="due"/> is the earliest due time.</summary>
    void TimerScheduled(DateTimeOffset due);
}

/// <summary>In-process signals: wake the local timer pump and outbox dispatcher.</summary>
internal sealed class LocalEngineSignals : IEngineSignals, IDisposable
{
    private readonly SemaphoreSlim _timers = new(0, 1);
    private readonly SemaphoreSlim _outbox = new(0, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        _timers.Dispose();
        _outbox.Dispose();
    }

    /// <inheritdoc />
    public void OutboxWritten() => Release(_outbox);

    /// <inheritdoc />
    public void TimerScheduled(DateTimeOffset due) => Release(_timers);

    /// <summary>Waits until a timer is scheduled or <paramref name="delay"/> passes on <paramref name="time"/>.</summary>
    public Task WaitForTimersAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken) => WaitAsync(_timers, delay, time, cancellationToken);

    /// <summary>Waits until outbox rows are written or <paramref name="delay"/> passes on <paramref name="time"/>.</summary>
    public Task WaitForOutboxAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken) => WaitAsync(_outbox, delay, time, cancellationToken);

    private static async Task WaitAsync(SemaphoreSlim signal, TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayTask = Task.Delay(delay, time, timeout.Token);
        var signalTask = signal.WaitAsync(timeout.Token);
        await Task.WhenAny(delayTask, signalTask).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void Release(SemaphoreSlim signal)
    {
        // Already signalled (the usual case while a pump is busy or not running): one wake-up serves every step
        // committed before it. Checked first because a full semaphore's Release throws, and a throw per step cost
        // 3.5% of a step's CPU (docs/performance.md).
        if (signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Signalled by another step between the check and the release.
        }
    }
}
