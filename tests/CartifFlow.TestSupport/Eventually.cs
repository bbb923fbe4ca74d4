using System.Diagnostics;

namespace CartifFlow.TestSupport;

/// <summary>Bounded waits in real time for a background effect (a pump's delivery, a process's start), never for a deadline.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="done"/> every <paramref name="everyMs"/> ms until it is true or <paramref name="within"/> has passed; returns its last answer.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan within, int everyMs = 250)
    {
        ArgumentNullException.ThrowIfNull(done);
        var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (await done().ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(everyMs).ConfigureAwait(false);
        }

        return await done().ConfigureAwait(false);
    }

    /// <summary>Probes until <paramref name="done"/> holds of the value or <paramref name="within"/> (20 s by default) has passed; returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, int everyMs = 50)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var until = Stopwatch.GetTimestamp() + (long)((within ?? TimeSpan.FromSeconds(20)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var value = await probe().ConfigureAwait(false);
            if (done(value) || Stopwatch.GetTimestamp() > until)
            {
                return value;
            }

            await Task.Delay(everyMs).ConfigureAwait(false);
        }
    }
}
