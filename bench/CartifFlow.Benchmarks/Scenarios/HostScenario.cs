namespace CartifFlow.Benchmarks.Scenarios;

internal static class HostScenario
{
    public static Task RunAsync(BenchSettings settings, Report report) => Task.CompletedTask;
}
