namespace CartifFlow.Engine.Runtime;

internal static class EngineClock
{
    /// <summary>0.1 ms in ticks.</summary>
    public const long Precision = 1_000;

    /// <summary>
    /// The current instant in UTC, truncated to 0.1 ms, the coarsest precision of the stores: SQLite keeps instants
    /// through EF Core's <c>DateTimeOffsetToBinaryConverter</c> at 0.1 ms (PostgreSQL keeps microseconds), and an
    /// audit hash computed over a finer instant would not verify after a round trip.
    /// </summary>
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % Precision), TimeSpan.Zero);
    }
}
