using System.Diagnostics;
using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Benchmarks.Scenarios;

/// <summary>
/// The negotiating text (issue 24) on a generated 100-page protocol (100 articles, about 600 provisions and 300
/// brackets) and its next revision, in process: the work each request does, without HTTP and the database.
/// Import: reading the Word file with stable ids matched to the previous revision, and the canonical JSON the step
/// stores. Text page: what the page renders once the revision is parsed and measured (its statuses, the HTML with
/// brackets and attribution, the convergence chart over two revisions), the goal's figure; and the same on the first
/// request for a revision, which also parses its JSON and measures its convergence. Compare: the two revisions, provision by
/// provision and word by word. Export: the Word file with its cover page. Each figure is the median of the runs.
/// </summary>
internal static class DraftsScenario
{
    public static Task RunAsync(BenchSettings settings, Report report)
    {
        var runs = settings.Scale(3, 7);
        var first = SampleDrafts.Generate(100, seed: 1);
        var second = SampleDrafts.NextRevision(first, seed: 1);
        var figures = Convergence.Measure(first).Totals;
        var cover = new DraftCover("TF", "Trade Facilitation Protocol", 2, new DateOnly(2026, 9, 1), figures);
        // The heaviest import: a Word file without stable-id markers (typed afresh, not exported), every provision
        // matched by content to the previous revision.
        using var docx = new MemoryStream();
        DraftDocx.Write(WithoutIds(second), cover, docx);
        var bytes = docx.ToArray();
        Report.Line("drafts.protocol.provisions", DraftProvisions.All(first).Count);
        Report.Line("drafts.protocol.brackets", figures.OpenBrackets);
        Report.Line("drafts.protocol.docx_kb", bytes.Length / 1024.0, 0);

        var import = Median(runs, () =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var read = DraftDocx.Read(stream, SampleDrafts.PartyCodes, first);
            _ = DraftJson.Serialize(read.Text ?? throw new InvalidOperationException(string.Join("; ", read.Faults)));
        });
        Report.Line("drafts.import_docx.seconds", import, 3);
        report.Goal("drafts_import_docx", import < 2, $"{import:F3} s < 2 s");

        var convergence = new[] { (1, Convergence.Measure(first).Totals), (2, Convergence.Measure(second).Totals) };
        var page = Median(runs, () =>
        {
            var statuses = ProvisionStatuses.Derive(second);
            _ = DraftHtml.Write(second, statuses, "en");
            _ = ConvergenceChart.Svg(convergence, "en");
        }) * 1000;
        Report.Line("drafts.text_page_render.ms", page, 1);
        report.Goal("drafts_text_page", page < 200, $"{page:F1} ms < 200 ms");

        // The first request for a revision after the host starts also parses its canonical JSON and measures it (the
        // host then keeps both in memory by content hash).
        var content = DraftJson.Serialize(second);
        var uncached = Median(runs, () =>
        {
            var text = DraftJson.Deserialize(content);
            _ = Convergence.Measure(text);
            _ = DraftHtml.Write(text, ProvisionStatuses.Derive(text), "en");
            _ = ConvergenceChart.Svg(convergence, "en");
        }) * 1000;
        Report.Line("drafts.text_page_first_render.ms", uncached, 1);

        var compare = Median(runs, () => DraftComparer.Compare(first, second)) * 1000;
        Report.Line("drafts.compare.ms", compare, 1);
        report.Goal("drafts_compare", compare < 300, $"{compare:F1} ms < 300 ms");

        var export = Median(runs, () =>
        {
            using var output = new MemoryStream();
            DraftDocx.Write(second, cover, output);
        });
        Report.Line("drafts.export_docx.seconds", export, 3);
        report.Goal("drafts_export_docx", export < 2, $"{export:F3} s < 2 s");
        return Task.CompletedTask;
    }

    private static DraftText WithoutIds(DraftText text)
    {
        static IReadOnlyList<Segment> Strip(IReadOnlyList<Segment> content) =>
            [.. content.Select(s => s is Bracket b ? b with { Id = string.Empty, Options = [.. b.Options.Select(o => o with { Content = Strip(o.Content) })] } : s)];
        return new DraftText([.. text.Articles.Select(a => a with
        {
            Id = string.Empty,
            Paragraphs = [.. a.Paragraphs.Select(p => p with { Id = string.Empty, Content = Strip(p.Content) })],
        })]);
    }

    private static double Median(int runs, Action work)
    {
        work(); // the first run warms the code up (JIT): not counted
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            work();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
