using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.CapacityBuilding;

/// <summary>Capacity-building activities, as the engine knows them.</summary>
internal static class CapacityBuildingFeature
{
    public static IServiceCollection AddCapacityBuilding(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<PlanCapacityBuilding>()
        .Activity<RecordCapacityBuildingDelivery>()
        .Activity<RecordCapacityBuildingCancellation>()
        .Activity<AnnounceCapacityBuildingCancellation>()
        .Recipients(R.Beneficiaries, s =>
        {
            // The parties it serves; every taking-part party when it names none.
            var served = StepInput.Codes(s.Context.Variables["parties"], "parties").ToHashSet(StringComparer.Ordinal);
            return s.Holding(NegotiationRoles.FocalPoint, served.Count == 0 ? s.Negotiating : served);
        }));
}
