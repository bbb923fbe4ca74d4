namespace CartifFlow.Benchmarks.Scenarios;

internal static class TimerStormScenario
{
    public static Task RunAsync(BenchSettings settings, Report report) => Task.CompletedTask;
}
