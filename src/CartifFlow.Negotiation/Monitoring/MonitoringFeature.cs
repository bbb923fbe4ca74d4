using CartifFlow.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Monitoring;

/// <summary>Progress reports and the report to the Ministerial Conference, as the engine knows them.</summary>
internal static class MonitoringFeature
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<PlanProgressReports>()
        .Activity<RequestProgressReport>()
        .Activity<IssueProgressReport>()
        .Activity<SubmitMinisterialReport>()
        .Activity<RecordMinisterialDecision>()
        .Activity<AnnounceMinisterialDecision>()
        .Guard<DecisionConfirmsMandate>());
}
