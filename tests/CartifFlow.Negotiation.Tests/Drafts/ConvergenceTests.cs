using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class ConvergenceTests
{
    private static DraftText HandMade() => DraftMarkdown.Parse(HandMadeDraft.Markdown, SampleDrafts.PartyCodes, null).Text!;

    [Fact]
    public void Measure_HandMadeText_CountsProvisionsBracketsOptionsAndWords()
    {
        var convergence = Convergence.Measure(HandMade());

        Assert.Equal(new ConvergenceFigures(
            Provisions: 8,
            Agreed: 0,
            AgreedAdReferendum: 4,
            Bracketed: 4,
            UnderWrittenProcedure: 0,
            AdoptedByWrittenProcedure: 0,
            ReferredToWorkingGroup: 0,
            OpenBrackets: 5,
            Options: 10,
            Words: 70,
            WordsOutsideBrackets: 47), convergence.Totals);
        Assert.Equal(4, convergence.Totals.Settled);
        Assert.Equal(47.0 / 70, convergence.Totals.ShareOfWordsOutsideBrackets, 6);
    }

    [Fact]
    public void Measure_HandMadeText_PerArticle()
    {
        var convergence = Convergence.Measure(HandMade());

        Assert.Equal(["1", "2"], convergence.Articles.Select(a => a.Number));
        Assert.Equal((2, 2, 3, 31, 15), (convergence.Articles[0].Figures.Provisions, convergence.Articles[0].Figures.Bracketed,
            convergence.Articles[0].Figures.OpenBrackets, convergence.Articles[0].Figures.Words, convergence.Articles[0].Figures.Words - convergence.Articles[0].Figures.WordsOutsideBrackets));
        Assert.Equal((6, 2, 4), (convergence.Articles[1].Figures.Provisions, convergence.Articles[1].Figures.Bracketed, convergence.Articles[1].Figures.AgreedAdReferendum));
        Assert.All(convergence.Articles, a => Assert.Equal(ProvisionStatus.Bracketed, a.Status));
    }

    [Fact]
    public void Measure_HandMadeText_SoleHoldingsPerParty()
    {
        var text = HandMade();

        var convergence = Convergence.Measure(text);

        Assert.Equal(["AZE", "GEO", "KAZ", "PAK", "PRC", "TAJ"], convergence.SoleHoldings.Select(h => h.Party));
        var pak = Assert.Single(convergence.SoleHoldingsOf("PAK"));
        Assert.Equal(("Article 1, paragraph 2", 2, "delete"), (pak.Label, pak.OptionIndex, pak.OptionText));
        Assert.Equal(text.Articles[0].Paragraphs[1].Id, pak.ProvisionId);
        Assert.Empty(convergence.SoleHoldingsOf("MON"));
        Assert.Empty(convergence.SoleHoldingsOf("UZB"));
    }

    [Fact]
    public void Measure_WithAnOverlay_CountsProceduresAndSettlesAdoptedProvisions()
    {
        var text = HandMade();
        var overlay = new Dictionary<string, ProvisionStatus>
        {
            [text.Articles[1].Paragraphs[0].Id] = ProvisionStatus.UnderWrittenProcedure,
            [text.Articles[0].Id] = ProvisionStatus.AdoptedByWrittenProcedure,
        };

        var figures = Convergence.Measure(text, overlay).Totals;

        Assert.Equal((2, 1, 1, 4), (figures.AdoptedByWrittenProcedure, figures.UnderWrittenProcedure, figures.Bracketed, figures.AgreedAdReferendum));
        Assert.Equal(6, figures.Settled);
    }

    [Fact]
    public void Derive_StatusesOfArticlesAndParagraphs()
    {
        var text = HandMade();
        var overlay = new Dictionary<string, ProvisionStatus> { [text.Articles[1].Paragraphs[4].Id] = ProvisionStatus.ReferredToWorkingGroup };

        var statuses = ProvisionStatuses.Derive(text, overlay);

        Assert.Equal(ProvisionStatus.Bracketed, statuses[text.Articles[0].Paragraphs[0].Id]);
        Assert.Equal(ProvisionStatus.AgreedAdReferendum, statuses[text.Articles[1].Paragraphs[1].Id]);
        Assert.Equal(ProvisionStatus.ReferredToWorkingGroup, statuses[text.Articles[1].Paragraphs[4].Id]);
        Assert.Equal(ProvisionStatus.ReferredToWorkingGroup, statuses[text.Articles[1].Id]);
        Assert.Equal(ProvisionStatus.Bracketed, statuses[text.Articles[0].Id]);
    }

    [Fact]
    public void Generate_100Articles_IsAHundredPageProtocol()
    {
        var text = SampleDrafts.Generate(100);

        var figures = Convergence.Measure(text).Totals;

        Assert.Equal(100, text.Articles.Count);
        Assert.InRange(figures.Provisions, 500, 700);
        Assert.InRange(figures.OpenBrackets, 250, 400);
        Assert.Contains(text.Articles.SelectMany(a => a.Paragraphs), p => p.Reservations.Count > 0);
        Assert.Contains(text.Articles.SelectMany(a => a.Paragraphs).SelectMany(p => DraftProvisions.Brackets(p.Content)), b => b.Footnote is not null);
        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(SampleDrafts.Generate(100)));
    }
}
