using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>The Secretariat's dashboard of written procedures: open ones first, who has replied, who is overdue.</summary>
public sealed class DashboardModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
{
    public IReadOnlyList<ProcedureBoardEntry> Procedures { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Now = time.GetUtcNow();
        Procedures = await ProcedureBoard.ListAsync(engine, db, time, options.Value.SeatTimeZone, cancellationToken);
    }
}
