using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.CapacityBuilding;

/// <summary>One capacity-building activity at <c>/capacity-building/{key}</c>: record its delivery or cancel it (the engine steps of <c>/api/capacity-building/{key}/…</c>).</summary>
[OffersTrigger(NegotiationWorkflows.CapacityBuilding, "deliver")]
[OffersTrigger(NegotiationWorkflows.CapacityBuilding, "cancel")]
public sealed class ActivityModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public InstanceView? Instance { get; private set; }

    public CapacityBuildingActivity? Activity { get; private set; }

    [BindProperty] public string? Participants { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? DeliveredAt { get; set; }
    [BindProperty] public string? CancelReason { get; set; }

    private string Here => $"/capacity-building/{Uri.EscapeDataString(Key)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDeliverAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        int? participants = null;
        if (!string.IsNullOrWhiteSpace(Participants))
        {
            if (int.TryParse(Participants.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                participants = n;
            }
            else
            {
                Errors["deliver-participants"] = T("step.not-a-whole-number", T("capacity.participants"));
            }
        }

        var at = Instant(DeliveredAt, Seat, "deliver", "deliveredAt", required: false);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "deliver", new JsonObject { ["participants"] = participants, ["outcome"] = Blank(Outcome), ["deliveredAt"] = at }, "deliver", ["participants", "outcome", "deliveredAt"], cancellationToken);
        return After(refusal, Here, "deliver");
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var refusal = await FireAsync(Instance!, "cancel", new JsonObject { ["reason"] = Blank(CancelReason) }, "cancel", ["reason"], cancellationToken);
        return After(refusal, Here, "cancel");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Instance = await Engine.FindAsync(NegotiationWorkflows.CapacityBuilding, Key, cancellationToken);
        if (Instance is null)
        {
            return false;
        }

        await using var db = Factory.Create();
        Activity = await db.Set<CapacityBuildingActivity>().AsNoTracking().Include(x => x.Parties).FirstOrDefaultAsync(x => x.InstanceId == Instance.Id, cancellationToken);
        await PermittedAsync(Instance, cancellationToken);
        return true;
    }
}
