using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Consultations;

/// <summary>Readiness consultations at <c>/consultations</c>: every one for the Secretariat, the reader's own party's for others (as <c>GET /api/consultations</c>).</summary>
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    /// <summary>The consulted party (the Secretariat's filter; a party's people see their own party's only).</summary>
    [BindProperty(SupportsGet = true)] public string? PartyOf { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    public ListPage<InstanceView> Consultations { get; private set; } = ListPages.Empty<InstanceView>();

    public bool Secretariat => User.IsInRole(NegotiationRoles.Secretariat);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Secretariat && Party is null)
        {
            return Forbid();
        }

        Consultations = ListPages.Of<InstanceView>([.. (await Engine.ListAsync(NegotiationWorkflows.ReadinessConsultation, cancellationToken))
            .Where(i => Secretariat || CartifFlow.Web.Workflows.WorkflowCommands.Text(i, "party") == Party)
            .Where(i => string.IsNullOrWhiteSpace(PartyOf) || string.Equals(CartifFlow.Web.Workflows.WorkflowCommands.Text(i, "party"), PartyOf.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(i => string.IsNullOrEmpty(State) || i.State == State)
            .OrderBy(i => i.CorrelationKey, StringComparer.Ordinal)], PageNumber);
        return Page();
    }
}
