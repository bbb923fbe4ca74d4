namespace CartifFlow.Benchmarks.Scenarios;

internal static class TimerLatenessScenario
{
    public static Task RunAsync(BenchSettings settings, Report report) => Task.CompletedTask;
}
