using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>The participants registry: parties with their status now, people with roles, languages and time zones.</summary>
public sealed class RegistryModel(ICartifFlowDbContextFactory factory, TimeProvider time) : CartifPageModel
{
    public IReadOnlyList<Party> Parties { get; private set; } = [];

    public IReadOnlyList<Person> People { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Now = time.GetUtcNow();
        Parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        People = [.. (await db.Set<Person>().Include(p => p.Roles).AsNoTracking().ToListAsync(cancellationToken)).OrderBy(p => p.PartyCode).ThenBy(p => p.Id)];
    }
}
