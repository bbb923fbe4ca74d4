using CartifFlow.Engine;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>Working groups and the admission of parties to them, as the engine knows them.</summary>
internal static class WorkingGroupsFeature
{
    public static IServiceCollection AddWorkingGroups(this IServiceCollection services) => services
        .AddSingleton<IDraftAreaParties, WorkingGroupDraftParties>() // who reads an area's draft follows its working group
        .AddWorkflowFeature(f => f
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
        .Guard<RevisionConsolidated>()
        .Recipients(R.WorkingGroupMembers, async s => s.Holding(NegotiationRoles.FocalPoint, Members(s, await WorkingGroupDirectory.FindForStepAsync(s.Context).ConfigureAwait(false))))
        .Recipients(R.WorkingGroupNegotiators, async s =>
        {
            var group = await WorkingGroupDirectory.FindForStepAsync(s.Context).ConfigureAwait(false);
            return s.Negotiators(Members(s, group), group?.AreaCode);
        })
        .Recipients(R.WorkingGroupObservers, async s =>
        {
            var observing = PartiesOf(await WorkingGroupDirectory.FindForStepAsync(s.Context).ConfigureAwait(false), WorkingGroupRole.Observer);
            return s.People.Where(p => p.PartyCode is { } c && observing.Contains(c));
        })
        .Recipients(R.AdmittedParty, s =>
        {
            var admitted = StepInput.Variable(s.Context, "party");
            var area = StepInput.Variable(s.Context, "area");
            return s.People.Where(p => p.PartyCode == admitted
                && (p.Holds(NegotiationRoles.FocalPoint) || p.Holds(NegotiationRoles.ChiefNegotiator) || p.Holds(NegotiationRoles.Observer)
                    || p.Roles.Any(r => r.AreaCode == area && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert)));
        }));

    /// <summary>The member parties of a working group that still take part (those that stop no longer receive its texts).</summary>
    public static HashSet<string> Members(RecipientScope scope, WorkingGroup? group) =>
        PartiesOf(group, WorkingGroupRole.Member).Where(scope.NegotiatingNow.Contains).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> PartiesOf(WorkingGroup? group, WorkingGroupRole role) =>
        group?.Participants.Where(p => p.Role == role).Select(p => p.PartyCode).ToHashSet(StringComparer.Ordinal) ?? [];
}
