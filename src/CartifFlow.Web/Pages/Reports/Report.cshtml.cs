using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages.Reports;

/// <summary>One report at <c>/reports/{id}</c>, as issued (its Markdown text).</summary>
public sealed class ReportModel(ICartifFlowDbContextFactory factory) : CartifPageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public ProgressReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Report = await db.Set<ProgressReport>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, cancellationToken);
        return Report is null ? NotFound() : Page();
    }
}
