namespace CartifFlow.Engine.Runtime;

internal static class EngineClock
{
    /// <summary>
    /// The current instant in UTC, truncated to microseconds: PostgreSQL keeps microseconds, and an
    /// audit hash computed over a finer instant would not verify after a round trip.
    /// </summary>
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }
}
