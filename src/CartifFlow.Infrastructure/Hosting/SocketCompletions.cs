namespace CartifFlow.Infrastructure.Hosting;

/// <summary>
/// Where .NET runs the code that follows a socket read or write on Linux. By default the socket engine's thread
/// hands every completion to the thread pool, so each database round trip of a step wakes a pool thread. CartifFlow
/// runs them inline on the engine's threads (one per core) instead: at one caller a step took 0.69 ms of CPU and
/// 1.7 ms with hand-offs, 0.42 ms and 1.2 ms inline (docs/performance.md).
/// </summary>
/// <remarks>
/// The runtime reads <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> once, when the process first uses a socket, so
/// <see cref="PreferInline()"/> must be the first thing the entry point does. Inline completions are safe only when no
/// code that follows a socket await blocks on another socket's completion: CartifFlow's code never blocks on a task
/// (BannedSymbols.txt makes <c>.Result</c>, <c>Wait</c> and <c>GetResult()</c> build errors), and the synchronous
/// database work there is (Hangfire's) runs on its own threads with blocking reads that do not go through the socket
/// engine.
/// </remarks>
public static class SocketCompletions
{
    /// <summary>The runtime's switch; "1" runs completions inline.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on unless the environment already chose (an operator opts out with
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c>). Returns whether completions run inline.
    /// </summary>
    public static bool PreferInline() => PreferInline(Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);

    /// <summary><see cref="PreferInline()"/> over a given environment.</summary>
    internal static bool PreferInline(Func<string, string?> get, Action<string, string> set)
    {
        var chosen = get(Variable);
        if (string.IsNullOrEmpty(chosen))
        {
            set(Variable, "1");
            return true;
        }

        return chosen.Trim() == "1";
    }
}
