using CartifFlow.Negotiation.Rounds;

namespace CartifFlow.Negotiation.Tests.Rounds;

/// <summary>Who reads whose contributions to a round, before and after its deadline.</summary>
public sealed class RoundVisibilityTests
{
    private static readonly string[] Members = ["KAZ", "MON", "PRC"];

    private static HashSet<string> Roles(params string[] roles) => roles.ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSecretariat_SeesEveryContribution(bool closed)
    {
        Assert.Equal(AnswerAccess.All, RoundVisibility.For(Roles("secretariat"), null, closed, Members, []));
    }

    [Fact]
    public void AMemberParty_SeesItsOwnWhileTheRoundIsOpen_AndTheRecordAfterTheDeadline()
    {
        var open = RoundVisibility.For(Roles("focal-point"), "KAZ", closed: false, Members, []);
        var closed = RoundVisibility.For(Roles("lead-negotiator"), "KAZ", closed: true, Members, []);

        Assert.Equal(AnswerAccess.OwnParty, open);
        Assert.True(open.Sees("KAZ", "KAZ"));
        Assert.False(open.Sees("KAZ", "MON"));
        Assert.False(open.SeesProvenance());
        Assert.Equal(AnswerAccess.All, closed);
        Assert.True(closed.SeesProvenance());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnObserver_OrAPartyOutsideTheGroup_NeverSeesAPartysContribution(bool closed)
    {
        Assert.Equal(AnswerAccess.None, RoundVisibility.For(Roles("observer"), "AZE", closed, Members, []));
        Assert.Equal(AnswerAccess.None, RoundVisibility.For(Roles("focal-point"), "PAK", closed, Members, []));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnObserverThatMayComment_SeesItsOwnComments_NeverTheOthers(bool closed)
    {
        var access = RoundVisibility.For(Roles("observer"), "AZE", closed, Members, ["AZE"]);

        Assert.Equal(AnswerAccess.OwnParty, access);
        Assert.Equal(["AZE"], access.Visible("AZE", ["KAZ", "AZE", "MON"], p => p));
    }
}
