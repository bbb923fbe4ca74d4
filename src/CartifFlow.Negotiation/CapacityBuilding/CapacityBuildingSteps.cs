using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.CapacityBuilding;

/// <summary>The message model of a capacity-building notice.</summary>
internal static class CapacityBuildingMessages
{
    public const string WorkflowId = NegotiationWorkflows.CapacityBuilding;

    public static async Task<CapacityBuildingActivity> RowAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        return context.Db.Set<CapacityBuildingActivity>().Local.FirstOrDefault(a => a.InstanceId == id)
            ?? await context.Db.Set<CapacityBuildingActivity>().Include(a => a.Parties).FirstAsync(a => a.InstanceId == id, context.CancellationToken).ConfigureAwait(false);
    }

    public static async Task<JsonObject> ModelAsync(IStepContext context, CapacityBuildingActivity activity) => new()
    {
        ["activity"] = new JsonObject
        {
            ["key"] = activity.Key,
            ["kind"] = StepInput.Variable(context, "kind"),
            ["title"] = activity.Title,
            ["area"] = await NegotiationMessages.AreaAsync(context, activity.AreaCode).ConfigureAwait(false),
            ["parties"] = await NegotiationMessages.PartiesAsync(context, activity.Parties.Select(p => p.PartyCode)).ConfigureAwait(false),
            ["start"] = activity.StartsAt is { } s ? StepInput.Iso(s) : null,
            ["format"] = StepInput.Variable(context, "format"),
            ["place"] = StepInput.Variable(context, "place"),
            ["provider"] = StepInput.Variable(context, "provider"),
            ["description"] = StepInput.Variable(context, "description"),
        },
        ["seatTimeZone"] = StepInput.SeatTimeZone(context),
    };
}

/// <summary>
/// <c>plan-capacity-building</c>: a training, thematic workshop or tailored country support, recorded against the
/// parties it serves and its negotiating area; their focal points are told.
/// </summary>
internal sealed class PlanCapacityBuilding : IWorkflowActivity
{
    public string Name => "plan-capacity-building";

    public IReadOnlyCollection<string> Templates { get; } = ["capacity-building-planned"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var kind = StepInput.Variable(context, "kind") switch
        {
            "training" => CapacityBuildingKind.Training,
            "workshop" => CapacityBuildingKind.Workshop,
            _ => CapacityBuildingKind.CountrySupport,
        };
        var area = StepInput.Variable(context, "area");
        if (area is not null && !await context.Db.Set<NegotiatingArea>().AnyAsync(a => a.Code == area, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException($"There is no negotiating area '{area}'.", "area") { Code = "area-unknown", Arguments = [area] };
        }

        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var served = StepInput.Codes(context.Variables["parties"], "parties");
        if (served.FirstOrDefault(c => parties.All(p => p.Code != c)) is { } unknown)
        {
            throw new StepRejectedException($"There is no party '{unknown}'.", "parties") { Code = "party-unknown", Arguments = [unknown] };
        }

        if (kind == CapacityBuildingKind.CountrySupport && served.Count == 0)
        {
            throw new StepRejectedException("Tailored country support names the parties it serves.", "parties") { Code = "served-parties-required" };
        }

        var activity = new CapacityBuildingActivity
        {
            InstanceId = context.Instance.Id,
            Key = context.Instance.CorrelationKey,
            Kind = kind,
            Title = StepInput.Variable(context, "title") ?? context.Instance.CorrelationKey,
            AreaCode = area,
            StartsAt = StepInput.InstantVariable(context, "start"),
            Parties = [.. served.Select(c => new CapacityBuildingParty { ActivityInstanceId = context.Instance.Id, PartyCode = c })],
        };
        context.Db.Set<CapacityBuildingActivity>().Add(activity);
        context.Variables["parties"] = string.Join(',', served);
        await effects.NotifyAsync("capacity-building-planned", [R.Beneficiaries], [], [R.Secretariat], await CapacityBuildingMessages.ModelAsync(context, activity).ConfigureAwait(false)).ConfigureAwait(false);
    }
}

/// <summary><c>record-capacity-building-delivery</c>: delivered, with participants and outcome.</summary>
internal sealed class RecordCapacityBuildingDelivery : IWorkflowActivity
{
    public string Name => "record-capacity-building-delivery";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var activity = await CapacityBuildingMessages.RowAsync(context).ConfigureAwait(false);
        var participants = StepInput.Integer(context.Payload, "participants");
        if (participants is < 0)
        {
            throw new StepRejectedException("The number of participants cannot be negative.", "participants") { Code = "participants-negative" };
        }

        activity.DeliveredAt = StepInput.Instant(context.Payload, "deliveredAt") ?? context.Now;
        if (activity.DeliveredAt > context.Now)
        {
            throw new StepRejectedException("Record a delivery once it has taken place.", "deliveredAt") { Code = "delivery-not-yet-held" };
        }

        activity.ParticipantCount = participants;
        activity.Outcome = StepInput.RequiredText(context.Payload, "outcome", "Record what the activity achieved.", code: "activity-outcome-required");
    }
}

/// <summary><c>record-capacity-building-cancellation</c>: cancelled, with a reason.</summary>
internal sealed class RecordCapacityBuildingCancellation : IWorkflowActivity
{
    public string Name => "record-capacity-building-cancellation";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["cancellationReason"] = Reasons.Required(context.Payload, "A cancellation needs a reason.");
        return Task.CompletedTask;
    }
}

/// <summary><c>announce-capacity-building-cancellation</c>: on entering Cancelled, the parties served are told.</summary>
internal sealed class AnnounceCapacityBuildingCancellation : IWorkflowActivity
{
    public string Name => "announce-capacity-building-cancellation";

    public IReadOnlyCollection<string> Templates { get; } = ["capacity-building-cancelled"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var activity = await CapacityBuildingMessages.RowAsync(context).ConfigureAwait(false);
        var model = await CapacityBuildingMessages.ModelAsync(context, activity).ConfigureAwait(false);
        model["reason"] = context.Variables["cancellationReason"]?.DeepClone();
        await effects.NotifyAsync("capacity-building-cancelled", [R.Beneficiaries], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}
