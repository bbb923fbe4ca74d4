using CartifFlow.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Phases;

/// <summary>The negotiation's phases and roadmap, as the engine knows them.</summary>
internal static class PhasesFeature
{
    public static IServiceCollection AddPhases(this IServiceCollection services) => services
        .AddSingleton<RoadmapSeeder>()
        .AddWorkflowFeature(f => f
            .Activity<RecordPhase>()
            .Activity<CirculateNegotiationDocument>()
            .Activity<CheckConsultationRequest>()
            .Activity<CheckTransitionProposal>()
            .Activity<RecordTransitionOutcome>()
            .Activity<RecordZeroRoundOutcome>()
            .Activity<CheckWorkingGroupProposal>()
            .Activity<RecordWorkingGroupOutcome>()
            .Activity<LoadNextRoadmap>()
            .Activity<EnterRoadmapPhase>()
            .Activity<NextRoadmapPhase>()
            .Activity<AdvanceRoadmapPhase>()
            .Activity<RecordConclusion>()
            .Activity<CheckConferenceReport>()
            .Activity<RecordConferenceDecision>()
            .Guard<OnLastRoadmapPhase>());
}
