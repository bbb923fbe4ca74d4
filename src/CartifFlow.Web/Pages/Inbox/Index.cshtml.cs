using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Inbox;

/// <summary>What waits for the signed-in person's party, with the deadline in their own time zone; and the party's history.</summary>
public sealed class InboxModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
{
    public IReadOnlyList<ProcedureBoardEntry> Waiting { get; private set; } = [];

    public IReadOnlyList<ProcedureBoardEntry> History { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public string PartyName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Now = time.GetUtcNow();
        var party = await db.Set<Party>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == Party, cancellationToken);
        PartyName = party is null ? Party ?? "" : Lang == "ru" ? party.NameRu : party.Name;
        var mine = (await ProcedureBoard.ListAsync(engine, db, time, options.Value.SeatTimeZone, cancellationToken))
            .Where(p => p.TakesPart(Party!)).ToList();
        Waiting = [.. mine.Where(p => p.TakesResponses(Now))];
        History = [.. mine.Where(p => p.Responses.Any(r => r.PartyCode == Party))];
    }
}
