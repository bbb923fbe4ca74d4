using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.CapacityBuilding;
using CartifFlow.Negotiation.Consultations;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.WorkingGroups;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>The guards and activities of the negotiation's workflows, one method per feature.</summary>
internal static class NegotiationWorkflowRegistration
{
    public static IServiceCollection AddNegotiationWorkflows(this IServiceCollection services)
    {
        foreach (var guard in ChildEndedIn.All)
        {
            services.AddSingleton<IWorkflowGuard>(guard);
        }

        return services.AddPhases().AddApprovals().AddMeetings().AddConsultations().AddWorkingGroups().AddRounds().AddCapacityBuilding().AddMonitoring().AddDrafts().AddRegistry();
    }

    private static IServiceCollection AddPhases(this IServiceCollection services) => services
        .Activity<RecordPhase>()
        .Activity<CirculateNegotiationDocument>()
        .Activity<CheckConsultationRequest>()
        .Activity<CheckTransitionProposal>()
        .Activity<RecordTransitionOutcome>()
        .Activity<RecordZeroRoundOutcome>()
        .Activity<CheckWorkingGroupProposal>()
        .Activity<RecordWorkingGroupOutcome>();

    private static IServiceCollection AddApprovals(this IServiceCollection services) => services
        .Activity<OpenTransitionProposal>()
        .Activity<AskChiefNegotiators>()
        .Activity<RecordTransitionAnswer>()
        .Activity<RemindUndecidedChiefNegotiators>()
        .Activity<ReportTransitionRejection>()
        .Activity<ReviseTransitionProposal>()
        .Activity<EscalateTransition>()
        .Activity<ExtendTransitionDeadline>()
        .Activity<RecordTransitionWithdrawal>()
        .Activity<AnnounceTransition>()
        .Guard<ApprovalRuleMet>()
        .Guard<ApprovalBlocked>()
        .Activity<GrantDelegation>()
        .Activity<RevokeDelegation>()
        .Activity<EndDelegation>();

    private static IServiceCollection AddMeetings(this IServiceCollection services) => services
        .Activity<InviteDelegations>()
        .Activity<RemindDelegations>()
        .Activity<RescheduleMeeting>()
        .Activity<RecordMeetingOutcome>()
        .Activity<CirculateMeetingOutcome>()
        .Activity<RecordMeetingCancellation>()
        .Activity<RecordAttendance>()
        .Activity<AnnounceMeetingCancellation>();

    private static IServiceCollection AddConsultations(this IServiceCollection services) => services
        .Activity<RequestReadinessConsultation>()
        .Activity<ScheduleReadinessInterview>()
        .Activity<RemindReadinessInterview>()
        .Activity<RecordReadinessInterview>()
        .Activity<RecordReadinessFindings>()
        .Activity<RecordConsultationDeclined>();

    private static IServiceCollection AddWorkingGroups(this IServiceCollection services) => services
        .Activity<RecordWorkingGroupProposal>()
        .Activity<AdmitWorkingGroupParty>()
        .Activity<ReportTermsNotAdopted>()
        .Activity<ReviseTerms>()
        .Activity<EstablishWorkingGroup>()
        .Activity<PrepareRound>()
        .Activity<TakeConsolidatedRevision>()
        .Activity<RequestWorkingGroupReport>()
        .Activity<RecordWorkingGroupReport>()
        .Activity<RecordStableText>()
        .Activity<AnnounceStableText>()
        .Guard<RevisionConsolidated>();

    private static IServiceCollection AddRounds(this IServiceCollection services) => services
        .Activity<CirculateRevision>()
        .Activity<RecordRoundComment>()
        .Activity<RemindRoundMembers>()
        .Activity<CloseComments>()
        .Activity<RecordConsolidatedRevision>()
        .Activity<CirculateConsolidatedRevision>();

    private static IServiceCollection AddRegistry(this IServiceCollection services) => services
        .Activity<AddPerson>()
        .Activity<ChangePerson>()
        .Activity<ReplacePerson>()
        .Activity<DeactivatePerson>()
        .Activity<RecordPartyStatus>();

    private static IServiceCollection AddDrafts(this IServiceCollection services) => services
        .Activity<OpenDraft>()
        .Activity<RecordImportedRevision>()
        .Activity<RecordEditedProvision>()
        .Activity<CirculateDraftRevision>();

    private static IServiceCollection AddCapacityBuilding(this IServiceCollection services) => services
        .Activity<PlanCapacityBuilding>()
        .Activity<RecordCapacityBuildingDelivery>()
        .Activity<RecordCapacityBuildingCancellation>()
        .Activity<AnnounceCapacityBuildingCancellation>();

    private static IServiceCollection AddMonitoring(this IServiceCollection services) => services
        .Activity<PlanProgressReports>()
        .Activity<RequestProgressReport>()
        .Activity<IssueProgressReport>()
        .Activity<SubmitMinisterialReport>()
        .Activity<RecordMinisterialDecision>()
        .Activity<AnnounceMinisterialDecision>()
        .Guard<DecisionConfirmsMandate>();

    private static IServiceCollection Activity<T>(this IServiceCollection services)
        where T : class, IWorkflowActivity => services.AddSingleton<IWorkflowActivity, T>();

    private static IServiceCollection Guard<T>(this IServiceCollection services)
        where T : class, IWorkflowGuard => services.AddSingleton<IWorkflowGuard, T>();
}
