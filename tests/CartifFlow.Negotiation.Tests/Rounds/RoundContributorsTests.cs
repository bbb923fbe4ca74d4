using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.WorkingGroups;

namespace CartifFlow.Negotiation.Tests.Rounds;

/// <summary>Who may contribute to a round: the member parties' people, observers where the terms allow it, until the deadline.</summary>
public sealed class RoundContributorsTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 7, 21, 9, 0, 0, TimeSpan.Zero);

    private static readonly TextRound Round = new("WG-TF-R1", "TF", "WG-TF", 1, null, null, Deadline, "Asia/Manila");

    private static WorkingGroup Group(bool observersMayComment = false) => new()
    {
        Key = "WG-TF",
        AreaCode = "TF",
        ObserversMayComment = observersMayComment,
        Participants =
        [
            new WorkingGroupParticipant { PartyCode = "KAZ", Role = WorkingGroupRole.Member },
            new WorkingGroupParticipant { PartyCode = "MON", Role = WorkingGroupRole.Member },
            new WorkingGroupParticipant { PartyCode = "AZE", Role = WorkingGroupRole.Observer },
        ],
    };

    private static readonly DateTimeOffset Before = Deadline.AddDays(-1);

    private static string Refusal(Action check) => Assert.Throws<StepRejectedException>(check).Code!;

    [Fact]
    public void AMemberPartysFocalPointOrChiefNegotiator_Contributes()
    {
        Assert.False(RoundContributors.Check(Round, Group(), "KAZ", negotiating: true, Actor.Person("fp-kaz", "KAZ", "focal-point"), [], Before));
        Assert.False(RoundContributors.Check(Round, Group(), "MON", negotiating: true, Actor.Person("cn-mon", "MON", "chief-negotiator"), [], Before));
    }

    [Fact]
    public void ALeadNegotiator_ContributesInTheirOwnAreaOnly()
    {
        var lead = Actor.Person("ln-kaz-tf", "KAZ", "lead-negotiator");

        Assert.False(RoundContributors.Check(Round, Group(), "KAZ", true, lead, [("lead-negotiator", "TF")], Before));
        Assert.Equal("not-area-expert", Refusal(() => RoundContributors.Check(Round, Group(), "KAZ", true, lead, [("lead-negotiator", "DT")], Before)));
    }

    [Fact]
    public void APartyOutsideTheGroup_DoesNotContribute()
    {
        Assert.Equal("party-not-member", Refusal(() => RoundContributors.Check(Round, Group(), "PAK", true, Actor.Person("fp-pak", "PAK", "focal-point"), [], Before)));
    }

    [Fact]
    public void AnObserver_CommentsOnlyWhereTheTermsOfReferenceLetIt()
    {
        var observer = Actor.Person("obs-aze", "AZE", "observer");

        Assert.Equal("party-not-member", Refusal(() => RoundContributors.Check(Round, Group(), "AZE", false, observer, [], Before)));
        Assert.True(RoundContributors.Check(Round, Group(observersMayComment: true), "AZE", false, observer, [], Before));
    }

    [Fact]
    public void AMemberThatStoppedNegotiating_DoesNotContribute()
    {
        Assert.Equal("party-stopped-negotiating", Refusal(() => RoundContributors.Check(Round, Group(), "KAZ", negotiating: false, Actor.Person("fp-kaz", "KAZ", "focal-point"), [], Before)));
    }

    [Fact]
    public void NobodyContributes_FromTheDeadlineOn()
    {
        Assert.Equal("comments-deadline-passed", Refusal(() => RoundContributors.Check(Round, Group(), "KAZ", true, Actor.Person("fp-kaz", "KAZ", "focal-point"), [], Deadline)));
    }
}
