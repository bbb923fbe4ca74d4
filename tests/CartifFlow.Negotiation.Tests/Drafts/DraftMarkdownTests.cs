using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftMarkdownTests
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;

    [Fact]
    public void Parse_HandMadeText_ReadsStructureBracketsAndAttribution()
    {
        var result = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null);

        Assert.True(result.Succeeded, string.Join("\n", result.Faults));
        var text = result.Text;
        Assert.Equal(["1", "2"], text.Articles.Select(a => a.Number));
        Assert.Equal("Part I: General provisions", text.Articles[1].Part);
        Assert.Equal("Scope", text.Articles[0].Title);

        var scope = text.Articles[0].Paragraphs[0];
        var alternatives = Assert.IsType<Bracket>(scope.Content[1]);
        Assert.Equal(["KAZ", "MON"], alternatives.Options[0].ProposedBy);
        Assert.Equal(["PRC"], alternatives.Options[1].ProposedBy);
        Assert.Equal(["UZB"], alternatives.Options[1].SupportedBy);
        Assert.Equal("trade in goods and services", Assert.IsType<TextSegment>(Assert.Single(alternatives.Options[1].Content)).Text);
        Assert.Equal(" between the Parties.", Assert.IsType<TextSegment>(scope.Content[2]).Text);

        var publish = text.Articles[0].Paragraphs[1];
        var deadline = Assert.IsType<Bracket>(publish.Content[1]);
        Assert.Equal(3, deadline.Options.Count);
        Assert.Equal("subject to domestic consultations", deadline.Footnote);
        Assert.Empty(deadline.Options[2].Content);
        Assert.Equal(["PAK"], deadline.Options[2].ProposedBy);
        var nested = Assert.IsType<Bracket>(deadline.Options[0].Content[1]);
        Assert.Equal(["TAJ"], nested.Options[1].ProposedBy);
        Assert.Equal([new Reservation("PAK", "subject to domestic consultations")], publish.Reservations);

        var publication = text.Articles[1];
        Assert.Equal([new Reservation("TKM", "pending internal review")], publication.Reservations);
        Assert.Equal(["1", "(a)", "(i)", "(ii)", "(b)", "2"], publication.Paragraphs.Select(p => p.Number));
        Assert.Equal([0, 1, 2, 2, 1, 0], publication.Paragraphs.Select(p => p.Level));
        var slash = Assert.IsType<Bracket>(publication.Paragraphs[0].Content[1]);
        Assert.Equal(2, slash.Options.Count);
        Assert.Empty(slash.Options[0].ProposedBy);
        Assert.Equal(["GEO"], slash.Options[1].ProposedBy);
        Assert.Equal(" the information referred to in Article 1.", Assert.IsType<TextSegment>(publication.Paragraphs[0].Content[2]).Text);
    }

    [Fact]
    public void Parse_TextWithoutIds_GivesEveryProvisionAndBracketAShortUrlSafeId()
    {
        var text = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;

        var ids = text.Articles.Select(a => a.Id)
            .Concat(text.Articles.SelectMany(a => a.Paragraphs).Select(p => p.Id))
            .Concat(text.Articles.SelectMany(a => a.Paragraphs).SelectMany(p => DraftProvisions.Brackets(p.Content)).Select(b => b.Id))
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[apb][a-z0-9]{6}$", id));
    }

    [Fact]
    public void RoundTrip_HandMadeText_ParsesBackToAnEqualModel()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;

        var written = DraftMarkdown.Write(first);
        var second = DraftMarkdown.Parse(written, Parties, null);

        Assert.True(second.Succeeded, string.Join("\n", second.Faults));
        Assert.Equal(DraftJson.Serialize(first), DraftJson.Serialize(second.Text));
    }

    [Fact]
    public void RoundTrip_Generated100PageText_ParsesBackToAnEqualModel()
    {
        var generated = SampleDrafts.Generate(100);

        var written = DraftMarkdown.Write(generated);
        var read = DraftMarkdown.Parse(written, Parties, null);

        Assert.True(read.Succeeded, string.Join("\n", read.Faults.Take(5)));
        Assert.Equal(DraftJson.Serialize(generated), DraftJson.Serialize(read.Text));
    }

    [Fact]
    public void RoundTrip_TextNeedingEscapes_ParsesBackToAnEqualModel()
    {
        var text = DraftIdentity.Assign(new DraftText(
        [
            new DraftArticle("", "1", "Odd characters", null,
            [
                new DraftParagraph("", "1", 0,
                [
                    new TextSegment("Square [brackets] and {braces} and a back\\slash, and / alone "),
                    new Bracket("", [
                        new BracketOption([new TextSegment("the Agreement (TFA)")], [], []),
                        new BracketOption([new TextSegment("delete")], ["KAZ"], []),
                        new BracketOption([new TextSegment("one / two")], ["MON"], []),
                    ], "a note with [brackets]"),
                ], []),
                new DraftParagraph("", "", 0, [new TextSegment("1. looks numbered but is not")], []),
            ], []),
        ]), null);

        var read = DraftMarkdown.Parse(DraftMarkdown.Write(text), Parties, null);

        Assert.True(read.Succeeded, string.Join("\n", read.Faults));
        Assert.Equal(DraftJson.Serialize(text), DraftJson.Serialize(read.Text));
    }

    [Fact]
    public void Parse_PreviousRevision_KeepsIdsOfAnArticleRenumberedByAnInsertion()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        // A new article inserted before the old Article 2, which becomes Article 3.
        var inserted = HandMadeDraft.Markdown.Replace(
            "## Article 2: Publication",
            "## Article 2: Definitions\n\n1. For the purposes of this Protocol, a Party means a member of CAREC.\n\n## Article 3: Publication",
            StringComparison.Ordinal);

        var second = DraftMarkdown.Parse(inserted, Parties, first).Text!;

        Assert.Equal(first.Articles[0].Id, second.Articles[0].Id);
        Assert.Equal(first.Articles[1].Id, second.Articles[2].Id);
        Assert.Equal("3", second.Articles[2].Number);
        Assert.DoesNotContain(second.Articles[1].Id, first.Articles.Select(a => a.Id));
        Assert.Equal(first.Articles[1].Paragraphs.Select(p => p.Id), second.Articles[2].Paragraphs.Select(p => p.Id));
        Assert.Equal(
            DraftProvisions.Brackets(first.Articles[0].Paragraphs[1].Content).Select(b => b.Id),
            DraftProvisions.Brackets(second.Articles[0].Paragraphs[1].Content).Select(b => b.Id));
    }

    [Fact]
    public void Parse_PreviousRevision_KeepsTheIdOfAnEditedParagraphAndBracket()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        var edited = HandMadeDraft.Markdown.Replace("[within 150 days (PRC)]", "[within 150 days (PRC, KGZ)]", StringComparison.Ordinal);

        var second = DraftMarkdown.Parse(edited, Parties, first).Text!;

        Assert.Equal(first.Articles[0].Paragraphs[1].Id, second.Articles[0].Paragraphs[1].Id);
        Assert.Equal(((Bracket)first.Articles[0].Paragraphs[1].Content[1]).Id, ((Bracket)second.Articles[0].Paragraphs[1].Content[1]).Id);
    }

    [Fact]
    public void ReplaceParagraphContent_KeepsIdsAndChangesOnlyThatParagraph()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;
        var paragraph = first.Articles[0].Paragraphs[0];
        var content = DraftMarkdown.WriteParagraphContent(paragraph).Replace("(KAZ, MON)", "(KAZ, MON, KGZ)", StringComparison.Ordinal);

        var result = DraftMarkdown.ReplaceParagraphContent(first, paragraph.Id, content, Parties);

        Assert.True(result.Succeeded, string.Join("\n", result.Faults));
        var changed = result.Text.Articles[0].Paragraphs[0];
        Assert.Equal(paragraph.Id, changed.Id);
        Assert.Equal(["KAZ", "MON", "KGZ"], ((Bracket)changed.Content[1]).Options[0].ProposedBy);
        Assert.Equal(((Bracket)paragraph.Content[1]).Id, ((Bracket)changed.Content[1]).Id);
        Assert.Equal(DraftJson.Serialize(new DraftText([first.Articles[1]])), DraftJson.Serialize(new DraftText([result.Text.Articles[1]])));
    }

    [Fact]
    public void ReplaceParagraphContent_UnbalancedBracket_IsRefusedAtTheProvision()
    {
        var first = DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;

        var result = DraftMarkdown.ReplaceParagraphContent(first, first.Articles[1].Paragraphs[0].Id, "Each Party [shall", Parties);

        var fault = Assert.Single(result.Faults);
        Assert.Equal("Article 2, paragraph 1", fault.Location);
        Assert.Null(result.Text);
    }
}
