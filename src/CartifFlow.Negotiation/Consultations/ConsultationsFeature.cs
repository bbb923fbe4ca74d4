using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Consultations;

/// <summary>Readiness consultations, as the engine knows them.</summary>
internal static class ConsultationsFeature
{
    public static IServiceCollection AddConsultations(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<RequestReadinessConsultation>()
        .Activity<ScheduleReadinessInterview>()
        .Activity<RemindReadinessInterview>()
        .Activity<RecordReadinessInterview>()
        .Activity<RecordReadinessFindings>()
        .Activity<RecordConsultationDeclined>()
        .Recipients(R.ConsultedParty, s =>
        {
            var party = StepInput.Variable(s.Context, "party");
            return s.People.Where(p => p.PartyCode == party && (p.Holds(NegotiationRoles.FocalPoint) || p.Holds(NegotiationRoles.ChiefNegotiator)));
        }));
}
