using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftEditsTests
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;

    private static DraftText HandMade() => DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;

    private static Bracket Deadline(DraftText text) => (Bracket)text.Articles[0].Paragraphs[1].Content[1];

    private static void AssertRoundTrips(DraftText text)
    {
        var read = DraftMarkdown.Parse(DraftMarkdown.Write(text), Parties, null);
        Assert.True(read.Succeeded, string.Join("\n", read.Faults));
        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(read.Text));
    }

    [Fact]
    public void Settle_OnDeletion_RemovesTheBracketAndKeepsTheTextReadable()
    {
        var text = HandMade();

        var settled = DraftEdits.Settle(text, Deadline(text).Id, 2);

        var paragraph = settled.Articles[0].Paragraphs[1];
        Assert.Equal("Each Party shall publish its laws of their adoption.", Assert.IsType<TextSegment>(Assert.Single(paragraph.Content)).Text);
        Assert.Equal(paragraph.Id, text.Articles[0].Paragraphs[1].Id);
        Assert.Equal(ProvisionStatus.AgreedAdReferendum, ProvisionStatuses.FromText(settled.Articles[0], paragraph));
        AssertRoundTrips(settled);
    }

    [Fact]
    public void Settle_OnAnOptionWithANestedBracket_KeepsTheNestedBracket()
    {
        var text = HandMade();
        var nestedId = ((Bracket)Deadline(text).Options[0].Content[1]).Id;

        var settled = DraftEdits.Settle(text, Deadline(text).Id, 0);

        Assert.Equal("Each Party shall publish its laws within [90] [120 (TAJ)] days of their adoption.", DraftProvisions.Render(settled.Articles[0].Paragraphs[1].Content));
        Assert.NotNull(DraftEdits.FindBracket(settled, nestedId));
        AssertRoundTrips(settled);
    }

    [Fact]
    public void AddOption_SupportAndWithdraw_ChangeAttribution()
    {
        var text = HandMade();
        var id = Deadline(text).Id;

        var changed = DraftEdits.AddOption(text, id, new BracketOption([new TextSegment("within 120 days")], ["TKM"], []));
        changed = DraftEdits.Support(changed, id, 1, "KGZ");
        changed = DraftEdits.Withdraw(changed, id, 2, "PAK");

        var bracket = DraftEdits.FindBracket(changed, id)!.Value.Bracket;
        Assert.Equal(["within [90] [120 (TAJ)] days", "within 150 days", "within 120 days"], bracket.Options.Select(DraftConvention.OptionText));
        Assert.Equal(["KGZ"], bracket.Options[1].SupportedBy);
        var comparison = DraftComparer.Compare(text, changed);
        var change = Assert.Single(Assert.Single(comparison.Provisions, p => p.Kind == ProvisionChangeKind.Changed).Brackets);
        Assert.Equal(
            [OptionChangeKind.AttributionChanged, OptionChangeKind.Added, OptionChangeKind.Dropped],
            change.Options.Select(o => o.Kind));
        AssertRoundTrips(changed);
    }

    [Fact]
    public void Withdraw_TheOnlyHolderOfASingleOption_RemovesTheBracketedWords()
    {
        var text = HandMade();
        var appeal = (Bracket)text.Articles[1].Paragraphs[4].Content[0];

        var changed = DraftEdits.Withdraw(text, appeal.Id, 0, "AZE");

        Assert.Equal(".", DraftProvisions.Render(changed.Articles[1].Paragraphs[4].Content));
    }

    [Fact]
    public void UnknownBracket_Throws()
    {
        Assert.Throws<ArgumentException>(() => DraftEdits.Settle(HandMade(), "bnothere", 0));
        Assert.Throws<ArgumentException>(() => DraftEdits.Settle(HandMade(), Deadline(HandMade()).Id, 7));
    }
}
