using CartifFlow.Engine;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Meetings;

/// <summary>Meetings, as the engine knows them.</summary>
internal static class MeetingsFeature
{
    public static IServiceCollection AddMeetings(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<InviteDelegations>()
        .Activity<RemindDelegations>()
        .Activity<RescheduleMeeting>()
        .Activity<RecordMeetingOutcome>()
        .Activity<CirculateMeetingOutcome>()
        .Activity<RecordMeetingCancellation>()
        .Activity<RecordAttendance>()
        .Activity<AnnounceMeetingCancellation>()
        .Recipients(R.Invitees, InviteesAsync)
        // Every invitee answers whether their delegation attends (record-attendance).
        .OneClickLinks(NegotiationWorkflows.Meeting, _ => true));

    /// <summary>The invitees of the meeting of the step in progress, each once (its calendar entry's attendees, who may answer).</summary>
    public static async Task<IReadOnlyList<Person>> InviteesOfStepAsync(IStepContext context) =>
        [.. (await InviteesAsync(await RecipientScope.ForStepAsync(context).ConfigureAwait(false)).ConfigureAwait(false)).DistinctBy(p => p.Id)];

    /// <summary>A meeting's invitees by audience: delegations, chief negotiators, or a working group's members and negotiators.</summary>
    public static async Task<IEnumerable<Person>> InviteesAsync(RecipientScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        switch (StepInput.Variable(scope.Context, "audience"))
        {
            case "chief-negotiators":
                return scope.Holding(NegotiationRoles.ChiefNegotiator, scope.Negotiating);
            case "working-group":
                var group = await WorkingGroupDirectory.FindForStepAsync(scope.Context).ConfigureAwait(false);
                var members = WorkingGroupsFeature.Members(scope, group);
                return scope.Holding(NegotiationRoles.FocalPoint, members).Concat(scope.Negotiators(members, group?.AreaCode));
            default:
                return scope.Holding(NegotiationRoles.FocalPoint, scope.Negotiating).Concat(scope.Holding(NegotiationRoles.ChiefNegotiator, scope.Negotiating));
        }
    }
}
