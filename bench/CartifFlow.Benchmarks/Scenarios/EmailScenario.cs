namespace CartifFlow.Benchmarks.Scenarios;

internal static class EmailScenario
{
    public static Task RunAsync(BenchSettings settings, Report report) => Task.CompletedTask;
}
