using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftTextTests
{
    [Fact]
    public void ABracketWithOneOptionStandsAgainstDeletion()
    {
        var bracket = new Bracket("b1", [new BracketOption([new TextSegment("within 90 days")], ["KAZ"], [])], null);

        Assert.Single(bracket.Options);
        Assert.Equal(["KAZ"], bracket.Options[0].ProposedBy);
    }
}
