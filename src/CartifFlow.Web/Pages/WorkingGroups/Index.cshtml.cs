using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.WorkingGroups;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.WorkingGroups;

/// <summary>The working groups at <c>/working-groups</c> (filtered on the server by state), with the link to propose one when the negotiation permits it.</summary>
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    /// <summary>Groups this party is a member or an observer of.</summary>
    [BindProperty(SupportsGet = true)] public string? PartyOf { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    public ListPage<WorkingGroupSummary> Groups { get; private set; } = ListPages.Empty<WorkingGroupSummary>();

    public IReadOnlyList<string> PartyCodes { get; private set; } = [];

    public IReadOnlyList<string> States { get; private set; } = [];

    public InstanceView? Negotiation { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        var party = string.IsNullOrWhiteSpace(PartyOf) ? null : PartyOf.Trim().ToUpperInvariant();
        var area = string.IsNullOrWhiteSpace(Area) ? null : Area.Trim().ToUpperInvariant();
        var groups = await db.Set<WorkingGroup>().AsNoTracking()
            .Where(g => area == null || g.AreaCode == area)
            .Where(g => party == null || g.Participants.Any(p => p.PartyCode == party))
            .OrderBy(g => g.AreaCode).ToListAsync(cancellationToken);
        PartyCodes = [.. (await CartifFlow.Negotiation.Participants.ParticipantDirectory.PartiesAsync(db, cancellationToken)).Select(p => p.Code)];
        var states = (await Engine.ListAsync(NegotiationWorkflows.WorkingGroup, cancellationToken)).ToDictionary(i => i.Id, i => i.State);
        var all = groups.Select(g => new WorkingGroupSummary(g.Key, g.AreaCode, states.GetValueOrDefault(g.InstanceId, "?"), g.CurrentRevision, g.EstablishedAt, g.StableAt)).ToList();
        States = [.. all.Select(g => g.State).Distinct().Order(StringComparer.Ordinal)];
        Groups = ListPages.Of<WorkingGroupSummary>([.. all.Where(g => string.IsNullOrEmpty(State) || g.State == State)], PageNumber);
        Negotiation = await Engine.FindAsync(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, cancellationToken);
        await PermittedAsync(Negotiation, cancellationToken);
    }
}
