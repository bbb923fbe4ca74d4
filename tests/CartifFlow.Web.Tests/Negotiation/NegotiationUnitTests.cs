using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>The decision rules and the seeded roadmap, without a host.</summary>
public sealed class NegotiationUnitTests
{
    private static readonly string[] Nine = ["GEO", "KAZ", "KGZ", "MON", "PAK", "PRC", "TAJ", "TKM", "UZB"];

    private static ApprovalTally Tally(int required, int approvals, int rejections)
    {
        var answers = new Dictionary<string, TransitionAnswerKind>(StringComparer.Ordinal);
        foreach (var party in Nine.Take(approvals))
        {
            answers[party] = TransitionAnswerKind.Approve;
        }

        foreach (var party in Nine.Skip(approvals).Take(rejections))
        {
            answers[party] = TransitionAnswerKind.Reject;
        }

        return new ApprovalTally(Nine, answers, required);
    }

    [Theory]
    [InlineData(9, 8, 0, false, false)]
    [InlineData(9, 9, 0, true, false)]
    [InlineData(9, 8, 1, false, true)]
    [InlineData(6, 6, 3, true, false)]
    [InlineData(6, 5, 3, false, false)]
    [InlineData(6, 2, 4, false, true)]
    public void ApprovalTally_ConsensusNeedsEveryParty_AQuorumItsNumber(int required, int approvals, int rejections, bool met, bool blocked)
    {
        var tally = Tally(required, approvals, rejections);

        Assert.Equal((met, blocked), (tally.Met, tally.Blocked));
        Assert.Equal(9 - approvals - rejections, tally.Undecided.Count);
    }

    [Fact]
    public void RoadmapFile_HoldsTheSeededMilestonesOf2026()
    {
        var milestones = RoadmapSeed.Read(Path.Combine(TestRepository.Root, "workflows", "registry", "roadmap.yaml"));

        Assert.Equal(12, milestones.Count);
        Assert.Equal(new DateOnly(2026, 3, 11), milestones.Single(m => m.Code == "inaugural-meeting").PlannedOn);
        Assert.Equal(new DateOnly(2026, 5, 8), milestones.Single(m => m.Code == "preparatory-meeting").PlannedOn);
        var zeroRound = milestones.Single(m => m.Code == "zero-round");
        Assert.Equal((new DateOnly(2026, 6, 3), "Ulaanbaatar, Mongolia", "Asia/Ulaanbaatar", "hybrid"), (zeroRound.PlannedOn!.Value, zeroRound.Place!, zeroRound.TimeZone!, zeroRound.Format!));
        Assert.Null(milestones.Single(m => m.Code == "ministerial-conference").PlannedOn);
        Assert.Equal(["Preparation", "ZeroRound", "WorkingGroups", "Ongoing", "MinisterialReview"], milestones.Select(m => m.Phase).Distinct());
    }
}
