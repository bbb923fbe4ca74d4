using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.CapacityBuilding;

/// <summary>An activity in the list.</summary>
public sealed record ActivityRow(string Key, string Kind, string Title, string? Area, IReadOnlyList<string> Parties, DateTimeOffset? Start, string State);

/// <summary>
/// Capacity building at <c>/capacity-building</c>: activities filtered on the server (party, area, state) and the form
/// that plans one (the same checks and engine start as <c>POST /api/capacity-building</c>).
/// </summary>
[OffersTrigger(NegotiationWorkflows.CapacityBuilding, OffersTriggerAttribute.Start)]
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    public static readonly string[] Kinds = ["training", "workshop", "country-support"];

    [BindProperty(SupportsGet = true)] public string? FilterParty { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterArea { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterState { get; set; }

    public IReadOnlyList<ActivityRow> Activities { get; private set; } = [];

    [BindProperty, FormField("plan-kind")] public string? Kind { get; set; }
    [BindProperty, FormField("plan-title")] public string? Title { get; set; }
    [BindProperty, FormField("plan-area")] public string? Area { get; set; }
    [BindProperty, FormField("plan-parties")] public string? Parties { get; set; }
    [BindProperty, FormField("plan-start")] public string? Start { get; set; }
    [BindProperty, FormField("plan-format")] public string? Format { get; set; }
    [BindProperty, FormField("plan-place")] public string? Place { get; set; }
    [BindProperty, FormField("plan-provider")] public string? Provider { get; set; }
    [BindProperty, FormField("plan-description")] public string? Description { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Kind is not ("training" or "workshop" or "country-support"))
        {
            Errors["plan-kind"] = T("capacity.kind-invalid");
        }

        Required(Title, "plan", "title", "step.title-required");
        Limit("plan", "title", Title?.Trim(), FieldError.Short);
        if (Format is not (null or "" or "online" or "in-person" or "hybrid"))
        {
            Errors["plan-format"] = T("step.format-invalid");
        }

        Limit("plan", "place", Place, FieldError.Short);
        Limit("plan", "provider", Provider, FieldError.Short);
        Limit("plan", "description", Description, FieldError.Note);
        var start = Instant(Start, Seat, "plan", "start", required: false);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var key = await WorkflowCommands.NextKeyAsync(Engine, NegotiationWorkflows.CapacityBuilding, $"CB-{WorkflowCommands.SeatYear(Time, Seat)}", cancellationToken);
        var parameters = WorkflowCommands.Clean(new JsonObject
        {
            ["kind"] = Kind,
            ["title"] = Title!.Trim(),
            ["area"] = Blank(Area)?.ToUpperInvariant(),
            ["parties"] = WorkflowCommands.Codes(CodeList(Parties)),
            ["start"] = start,
            ["format"] = Blank(Format),
            ["place"] = Blank(Place),
            ["provider"] = Blank(Provider),
            ["description"] = Blank(Description),
            ["seatTimeZone"] = Seat,
        });
        var result = await Engine.StartAsync(new StartRequest(NegotiationWorkflows.CapacityBuilding, key, parameters, IdempotencyKey: Submission), User.ToActor(), cancellationToken);
        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        if (!result.Applied && !result.Replayed)
        {
            Refuse(result, "plan", "kind", "title", "area", "parties", "start", "format", "place", "provider", "description");
            return Refused();
        }

        return Redirect($"/capacity-building/{Uri.EscapeDataString(result.Instance!.CorrelationKey)}?done=planned");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        var rows = await db.Set<CapacityBuildingActivity>().AsNoTracking().Include(x => x.Parties).ToListAsync(cancellationToken);
        var byInstance = rows.ToDictionary(x => x.InstanceId);
        var list = new List<ActivityRow>();
        foreach (var i in await Engine.ListAsync(NegotiationWorkflows.CapacityBuilding, cancellationToken))
        {
            var a = byInstance.GetValueOrDefault(i.Id);
            list.Add(new ActivityRow(i.CorrelationKey, i.Text("kind") ?? "", i.Text("title") ?? i.CorrelationKey, a?.AreaCode, [.. a?.Parties.Select(p => p.PartyCode) ?? []], a?.StartsAt, i.State));
        }

        Activities = [.. list
            .Where(a => string.IsNullOrEmpty(FilterParty) || a.Parties.Contains(FilterParty.Trim(), StringComparer.OrdinalIgnoreCase))
            .Where(a => string.IsNullOrEmpty(FilterArea) || string.Equals(a.Area, FilterArea.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(a => string.IsNullOrEmpty(FilterState) || a.State == FilterState)
            .OrderBy(a => a.Start ?? DateTimeOffset.MaxValue).ThenBy(a => a.Key, StringComparer.Ordinal)];
    }
}
