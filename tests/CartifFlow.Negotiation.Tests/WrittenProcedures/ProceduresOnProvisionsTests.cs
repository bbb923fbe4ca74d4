using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.WrittenProcedures;

namespace CartifFlow.Negotiation.Tests.WrittenProcedures;

/// <summary>The proposed final wording of provisions under written procedure, and the text circulated around them.</summary>
public sealed class ProceduresOnProvisionsTests
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;

    private const string Markdown = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ)] [trade in goods and services (PRC; supported by UZB, MON)] between the Parties.

        2. Each Party shall publish its laws [within [90] [120 (TAJ)] days (KAZ)] [delete (PAK)] of their adoption.

        Reservation (PAK): subject to domestic consultations

        3. Nothing in this Article applies to confidential information.

        ## Article 2: Publication

        1. Each Party shall make available the information referred to in Article 1.
        """;

    private static DraftText Text() => DraftMarkdown.Parse(Markdown, Parties, null).Text!;

    private static DraftParagraph Paragraph(DraftText text, int article, int paragraph) => text.Articles[article].Paragraphs[paragraph];

    [Fact]
    public void Propose_WithoutChoices_SettlesEachBracketOnTheOptionMostPartiesHold()
    {
        var text = Text();

        var proposed = ProceduresOnProvisions.Propose(text, new ProvisionProposal(Paragraph(text, 0, 0).Id), Parties);

        Assert.Null(proposed.Error);
        Assert.Equal("This Protocol applies to trade in goods and services between the Parties.", proposed.Wording);
    }

    [Fact]
    public void Propose_ChoosingAnOptionHoldingABracket_SettlesTheNestedOneToo()
    {
        var text = Text();
        var paragraph = Paragraph(text, 0, 1);
        var outer = (Bracket)paragraph.Content.First(s => s is Bracket);
        var inner = DraftProvisions.Brackets(outer.Options[0].Content).Single();

        var nested = ProceduresOnProvisions.Propose(text, new ProvisionProposal(paragraph.Id, new Dictionary<string, int> { [outer.Id] = 0, [inner.Id] = 1 }), Parties);
        var deleted = ProceduresOnProvisions.Propose(text, new ProvisionProposal(paragraph.Id, new Dictionary<string, int> { [outer.Id] = 1 }), Parties);

        Assert.Equal("Each Party shall publish its laws within 120 days of their adoption.", nested.Wording);
        Assert.Equal("Each Party shall publish its laws of their adoption.", deleted.Wording);
    }

    [Fact]
    public void Propose_RefusesAWordingWithBrackets_AnUnknownBracketAndAnOptionOutOfRange()
    {
        var text = Text();
        var paragraph = Paragraph(text, 0, 0);
        var bracket = (Bracket)paragraph.Content.First(s => s is Bracket);

        Assert.Equal("procedure-wording-bracketed", ProceduresOnProvisions.Propose(text, new ProvisionProposal(paragraph.Id, Wording: "This Protocol applies to [goods (KAZ)] [services (PRC)]."), Parties).Code);
        Assert.Equal("procedure-bracket-unknown", ProceduresOnProvisions.Propose(text, new ProvisionProposal(Paragraph(text, 0, 2).Id, new Dictionary<string, int> { [bracket.Id] = 0 }), Parties).Code);
        Assert.Equal("procedure-option-unknown", ProceduresOnProvisions.Propose(text, new ProvisionProposal(paragraph.Id, new Dictionary<string, int> { [bracket.Id] = 2 }), Parties).Code);
        Assert.Equal("draft-provision-unknown", ProceduresOnProvisions.Propose(text, new ProvisionProposal(text.Articles[0].Id), Parties).Code);
        Assert.Equal("This Protocol applies to goods.", ProceduresOnProvisions.Propose(text, new ProvisionProposal(paragraph.Id, Wording: "This Protocol applies to goods."), Parties).Wording);
    }

    [Fact]
    public void ContextText_ShowsTheArticleAroundTheProvisions_WithTheirProposedWordingMarked()
    {
        var text = Text();
        var first = Paragraph(text, 0, 0);

        var context = ProceduresOnProvisions.ContextText(text, new Dictionary<string, string> { [first.Id] = "This Protocol applies to trade in goods." });

        Assert.Equal(
            """
            Article 1: Scope
            >> 1. This Protocol applies to trade in goods.   <<  [under written procedure: proposed final wording]
               2. Each Party shall publish its laws [within [90] [120 (TAJ)] days (KAZ)] [delete (PAK)] of their adoption.
               3. Nothing in this Article applies to confidential information.
            """.ReplaceLineEndings("\n"),
            context);
    }
}
