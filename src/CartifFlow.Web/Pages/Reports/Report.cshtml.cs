using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages.Reports;

/// <summary>
/// One report at <c>/reports/{id}</c>, as issued (its Markdown text); a consolidated or ministerial report also
/// draws each area's convergence chart from the revisions stored when it was issued (the figures of its text).
/// </summary>
public sealed class ReportModel(ICartifFlowDbContextFactory factory) : CartifPageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public ProgressReport? Report { get; private set; }

    /// <summary>Each area's name and SVG chart of convergence across the revisions made by the report's issue.</summary>
    public IReadOnlyList<(string Area, string Name, string Chart)> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Report = await db.Set<ProgressReport>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, cancellationToken);
        if (Report is null)
        {
            return NotFound();
        }

        if (Report.Kind != ProgressReportKind.WorkingGroup)
        {
            var names = await db.Set<NegotiatingArea>().AsNoTracking().ToDictionaryAsync(a => a.Code, a => Lang == "ru" ? a.NameRu : a.Name, StringComparer.Ordinal, cancellationToken);
            Charts = [.. (await ConvergenceHistory.ByAreaAsync(db, Report.IssuedAt, cancellationToken))
                .Select(a => (a.Area, names.GetValueOrDefault(a.Area, a.Area), ConvergenceChart.Svg(a.Revisions, Lang)))];
        }

        return Page();
    }
}
