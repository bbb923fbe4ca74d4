using CartifFlow.Engine;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.WorkingGroups;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Monitoring;

/// <summary>Progress reports and the report to the Ministerial Conference, as the engine knows them.</summary>
internal static class MonitoringFeature
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services) => services
        .AddSingleton<IWorkingGroupReports, WorkingGroupReports>()
        .AddWorkflowFeature(f => f
        .Activity<PlanProgressReports>()
        .Activity<RequestProgressReport>()
        .Activity<IssueProgressReport>()
        .Activity<SubmitMinisterialReport>()
        .Activity<RecordMinisterialDecision>()
        .Activity<AnnounceMinisterialDecision>()
        .Guard<DecisionConfirmsMandate>());
}

/// <summary>A working group's report is a progress report of its kind.</summary>
internal sealed class WorkingGroupReports : IWorkingGroupReports
{
    public void File(IStepContext context, WorkingGroupReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Db.Set<ProgressReport>().Add(new ProgressReport
        {
            Kind = ProgressReportKind.WorkingGroup,
            SourceInstanceId = context.Instance.Id,
            AreaCode = report.AreaCode,
            Title = report.Title,
            Summary = report.Summary,
            OutstandingIssues = report.OutstandingIssues,
            Markdown = report.Markdown,
            IssuedBy = context.Actor.Id,
            IssuedAt = context.Now,
        });
    }
}
