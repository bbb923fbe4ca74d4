using System.Diagnostics;
using CartifFlow.Benchmarks;
using CartifFlow.Benchmarks.Scenarios;

// CartifFlow benchmarks: one `name: value` line per figure on standard output, progress on standard error.
// Run through ./bench.sh (full) or ./bench.sh --quick; `--only transitions,timer_storm,...,lists` runs a subset.
var settings = BenchSettings.FromEnvironment(args);
var report = new Report();
var started = Stopwatch.GetTimestamp();
Report.Text("mode", settings.Quick ? "quick" : "full");
Report.Line("machine.cores", Environment.ProcessorCount);

var scenarios = new (string Name, Func<BenchSettings, Report, Task> Run)[]
{
    ("transitions", TransitionsScenario.RunAsync),
    ("timer_storm", TimerStormScenario.RunAsync),
    ("timer_lateness", TimerLatenessScenario.RunAsync),
    ("host", HostScenario.RunAsync),
    ("email", EmailScenario.RunAsync),
    ("drafts", DraftsScenario.RunAsync),
    ("lists", ListsScenario.RunAsync),
};

foreach (var (name, run) in scenarios.Where(s => settings.Runs(s.Name)))
{
    var t0 = Stopwatch.GetTimestamp();
    Report.Note($"scenario {name}");
    await run(settings, report);
    Report.Note($"scenario {name} took {Stopwatch.GetElapsedTime(t0).TotalSeconds:F0} s");
}

Report.Line("bench.seconds", Stopwatch.GetElapsedTime(started).TotalSeconds, 0);
report.Summary();
return 0;
