using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.CapacityBuilding;

/// <summary>Plan a capacity-building activity.</summary>
/// <param name="Kind">training, workshop or country-support.</param>
/// <param name="Title">What it is.</param>
/// <param name="Area">The negotiating area, if one.</param>
/// <param name="Parties">The parties it serves (every negotiating party when absent, except for country support).</param>
/// <param name="Start">When: local time at the seat or an instant with an offset.</param>
/// <param name="Format">online (default), in-person or hybrid.</param>
/// <param name="Place">Where.</param>
/// <param name="Provider">Who provides it (default ADB with international experts).</param>
/// <param name="Description">What it covers.</param>
public sealed record PlanCapacityBuildingRequest(string? Kind, string? Title, string? Area, IReadOnlyList<string>? Parties, string? Start, string? Format, string? Place, string? Provider, string? Description);

/// <summary>Delivered.</summary>
public sealed record DeliveryRequest(int? Participants, string? Outcome, string? DeliveredAt);

/// <summary>Cancelled.</summary>
public sealed record CancelActivityRequest(string? Reason);

/// <summary>A capacity-building activity.</summary>
public sealed record CapacityBuildingView(string Key, string Kind, string Title, string? Area, IReadOnlyList<string> Parties, DateTimeOffset? Start, string State, DateTimeOffset? DeliveredAt, int? Participants, string? Outcome, int Version, IReadOnlyList<string> YouMay) : IVersionedView;

/// <summary>Capacity building over HTTP: planned, delivered or cancelled by the Secretariat; recorded against parties and areas.</summary>
internal static class CapacityBuildingApi
{
    public static IEndpointRouteBuilder MapCapacityBuilding(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/capacity-building").WithTags("Capacity building").RequireAuthorization();
        group.MapPost("/", Plan).WithSummary("Plan a training, workshop or tailored country support; the parties served are told (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/", List).WithSummary("Every activity; ?party= and ?area= filter.");
        group.MapGet("/{key}", Get).WithSummary("One activity.");
        group.MapPost("/{key}/delivery", Deliver).WithSummary("Record the delivery: participants and outcome (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/cancellation", Cancel).WithSummary("Cancel, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    private static async Task<IResult> Plan(PlanCapacityBuildingRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Kind is not ("training" or "workshop" or "country-support"))
        {
            errors["kind"] = ["The kind is training, workshop or country-support."];
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = ["The activity needs a title."];
        }
        else if (request.Title.Trim().Length > 500)
        {
            errors["title"] = [$"The title is {request.Title.Trim().Length:N0} characters long; at most 500 are kept."];
        }

        if (request.Format is not (null or "online" or "in-person" or "hybrid"))
        {
            errors["format"] = ["The format is online, in-person or hybrid."];
        }

        FieldError.Limit(errors, "place", request.Place, FieldError.Short);
        FieldError.Limit(errors, "provider", request.Provider, FieldError.Short);
        FieldError.Limit(errors, "description", request.Description, FieldError.Note);
        var start = WorkflowCommands.Instant(request.Start, r.Seat, "start", errors, required: false);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var key = await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.CapacityBuilding, $"CB-{WorkflowCommands.SeatYear(r.Time, r.Seat)}", r.Cancellation);
        var parameters = WorkflowCommands.Clean(new JsonObject
        {
            ["kind"] = request.Kind,
            ["title"] = request.Title!.Trim(),
            ["area"] = request.Area?.ToUpperInvariant(),
            ["parties"] = WorkflowCommands.Codes(request.Parties),
            ["start"] = start,
            ["format"] = request.Format,
            ["place"] = request.Place,
            ["provider"] = request.Provider,
            ["description"] = request.Description,
            ["seatTimeZone"] = r.Seat,
        });
        var result = await r.StartAsync(NegotiationWorkflows.CapacityBuilding, key, parameters);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        key = result.Instance!.CorrelationKey;
        return TypedResults.Created($"/api/capacity-building/{key}", await ViewAsync(r, key));
    }

    private static async Task<Ok<List<CapacityBuildingView>>> List(string? party, string? area, [AsParameters] ApiRequest r)
    {
        var views = new List<CapacityBuildingView>();
        foreach (var i in await r.Engine.ListAsync(NegotiationWorkflows.CapacityBuilding, r.Cancellation))
        {
            var view = (await ViewAsync(r, i.CorrelationKey))!;
            if ((party is null || view.Parties.Contains(party, StringComparer.OrdinalIgnoreCase)) && (area is null || string.Equals(view.Area, area, StringComparison.OrdinalIgnoreCase)))
            {
                views.Add(view);
            }
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<CapacityBuildingView>, ProblemHttpResult>> Get(string key, [AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r, key);
        if (view is null)
        {
            return WorkflowCommands.NotFound("capacity-building activity", key);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static Task<IResult> Deliver(string key, DeliveryRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deliveredAt = WorkflowCommands.Instant(request.DeliveredAt, r.Seat, "deliveredAt", errors, required: false);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(r, key, "deliver", new JsonObject { ["participants"] = request.Participants, ["outcome"] = request.Outcome, ["deliveredAt"] = deliveredAt });
    }

    private static Task<IResult> Cancel(string key, CancelActivityRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "cancel", new JsonObject { ["reason"] = request.Reason });

    private static async Task<IResult> FireAsync(ApiRequest r, string key, string trigger, JsonObject payload)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.CapacityBuilding, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("capacity-building activity", key);
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r, key));
    }

    private static async Task<CapacityBuildingView?> ViewAsync(ApiRequest r, string key)
    {
        var i = await r.Engine.FindAsync(NegotiationWorkflows.CapacityBuilding, key, r.Cancellation);
        if (i is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var a = await db.Set<CapacityBuildingActivity>().AsNoTracking().Include(x => x.Parties).FirstOrDefaultAsync(x => x.InstanceId == i.Id, r.Cancellation);
        return new CapacityBuildingView(
            key, i.Text("kind") ?? string.Empty, i.Text("title") ?? key, a?.AreaCode, [.. a?.Parties.Select(p => p.PartyCode) ?? []], a?.StartsAt, i.State,
            a?.DeliveredAt, a?.ParticipantCount, a?.Outcome, i.Version, await r.YouMayAsync(i.Id));
    }
}
