using CartifFlow.Negotiation.Registry;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Participants;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>
/// The registry at <c>/registry</c> (Secretariat): the parties with their status now and its history, the form that
/// records a party's status change with effect from a date (the same step as <c>POST /api/parties/{code}/status-changes</c>),
/// and, for the Secretariat lead, closing the registry when the negotiation has ended. People are at <c>/registry/people</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.ChangePartyStatus)]
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.Close)]
public sealed class RegistryModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : RegistryPageModel(engine, factory, options, time)
{
    public static readonly string[] Statuses = ["negotiating", "observer", "not-participating"];

    [BindProperty] public string? StatusParty { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? EffectiveFrom { get; set; }
    [BindProperty] public string? Note { get; set; }

    /// <summary>True once the registry is closed.</summary>
    public bool Closed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Parties.All(p => p.Code != StatusParty))
        {
            Errors["status-party"] = T("step.party-required");
        }

        if (!RegistrySteps.TryStatus(Status, out _))
        {
            Errors["status-status"] = T("step.party-status-unknown");
        }

        var from = RegistryKeeper.EffectiveFrom(EffectiveFrom, Seat);
        if (from is null)
        {
            Errors["status-effectiveFrom"] = T("registry.status.from-invalid", Deadlines.FirstYear, Deadlines.LastYear);
        }

        Limit("status", "note", Note, 500);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await ChangeAsync(RegistryKeeper.ChangePartyStatus, new JsonObject
        {
            ["party"] = StatusParty,
            ["status"] = Status,
            ["effectiveFrom"] = StepInputIso(from!.Value),
            ["note"] = Blank(Note),
        }, "status", ["party", "status", "effectiveFrom", "note"], null, cancellationToken);
        return After(refusal, "/registry", "status");
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var refusal = await ChangeAsync(RegistryKeeper.Close, [], "close", [], null, cancellationToken);
        return After(refusal, "/registry", "closed");
    }

    /// <summary>The notice of the step just done.</summary>
    public string? Notice => Done switch
    {
        "status" => T("registry.status.recorded"),
        "closed" => T("registry.closed"),
        _ => null,
    };

    private static string StepInputIso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        await LoadChoicesAsync(db, cancellationToken);
        Closed = await Engine.FindAsync(NegotiationWorkflows.Registry, RegistrySteps.Key, cancellationToken) is { Status: not CartifFlow.Engine.Persistence.InstanceStatus.Running };
    }
}
