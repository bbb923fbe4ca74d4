using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

public sealed class DraftComparerTests
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;

    private static DraftText First() => DraftMarkdown.Parse(HandMadeDraft.Markdown, Parties, null).Text!;

    private static DraftText Next(DraftText previous, string markdown)
    {
        var result = DraftMarkdown.Parse(markdown, Parties, previous);
        Assert.True(result.Succeeded, string.Join("\n", result.Faults));
        return result.Text;
    }

    [Fact]
    public void Compare_ArticleInsertedBefore_TheOldArticleIsRenumberedNotChanged()
    {
        var first = First();
        var second = Next(first, HandMadeDraft.Markdown.Replace(
            "## Article 2: Publication",
            "## Article 2: Definitions\n\n1. For the purposes of this Protocol, a Party means a member of CAREC.\n\n## Article 3: Publication",
            StringComparison.Ordinal));

        var comparison = DraftComparer.Compare(first, second);

        var publication = Assert.Single(comparison.Provisions, p => p.Id == first.Articles[1].Id);
        Assert.Equal(ProvisionChangeKind.Unchanged, publication.Kind);
        Assert.True(publication.Renumbered);
        Assert.False(publication.Moved);
        Assert.Equal(("Article 2", "Article 3"), (publication.FromLabel, publication.ToLabel));
        var nothing = Assert.Single(comparison.Provisions, p => p.Id == first.Articles[1].Paragraphs[5].Id);
        Assert.Equal(("Article 2, paragraph 2", "Article 3, paragraph 2"), (nothing.FromLabel, nothing.ToLabel));
        Assert.Equal(ProvisionChangeKind.Unchanged, nothing.Kind);
        Assert.Equal(2, comparison.Added);
        Assert.Equal(0, comparison.Changed + comparison.Removed + comparison.Moved);
        Assert.Equal(
            [ProvisionChangeKind.Added, ProvisionChangeKind.Added],
            comparison.Provisions.Where(p => p.ToLabel is "Article 2" or "Article 2, paragraph 1").Select(p => p.Kind));
    }

    [Fact]
    public void Compare_ParagraphMovedToAnotherArticle_IsMovedAndUnchanged()
    {
        var first = First();
        var moving = first.Articles[1].Paragraphs[5];
        var second = new DraftText(
        [
            first.Articles[0] with { Paragraphs = [.. first.Articles[0].Paragraphs, moving with { Number = "3" }] },
            first.Articles[1] with { Paragraphs = [.. first.Articles[1].Paragraphs.Take(5)] },
        ]);

        var comparison = DraftComparer.Compare(first, second);

        var moved = Assert.Single(comparison.Provisions, p => p.Moved);
        Assert.Equal(moving.Id, moved.Id);
        Assert.Equal(ProvisionChangeKind.Unchanged, moved.Kind);
        Assert.Equal(("Article 2, paragraph 2", "Article 1, paragraph 3"), (moved.FromLabel, moved.ToLabel));
        Assert.Equal(first.Articles[0].Id, moved.ArticleId);
    }

    [Fact]
    public void Compare_ParagraphsSwappedWithinAnArticle_OnlyOneIsMoved()
    {
        var first = First();
        var scope = first.Articles[0];
        var second = new DraftText(
        [
            scope with { Paragraphs = [scope.Paragraphs[1] with { Number = "1" }, scope.Paragraphs[0] with { Number = "2" }] },
            first.Articles[1],
        ]);

        var comparison = DraftComparer.Compare(first, second);

        Assert.Equal(1, comparison.Moved);
        Assert.Equal(2, comparison.Provisions.Count(p => p.Renumbered));
    }

    [Fact]
    public void Compare_BracketClosed_IsReportedWithItsIdAndTheWordsDeleted()
    {
        var first = First();
        var bracket = (Bracket)first.Articles[1].Paragraphs[4].Content[0];
        var second = Next(first, HandMadeDraft.Markdown.Replace("(b) [procedures for appeal (AZE)].", "(b) procedures for appeal.", StringComparison.Ordinal));

        var comparison = DraftComparer.Compare(first, second);

        var change = Assert.Single(comparison.Provisions, p => p.Kind == ProvisionChangeKind.Changed);
        Assert.Equal(first.Articles[1].Paragraphs[4].Id, change.Id);
        var closed = Assert.Single(change.Brackets);
        Assert.Equal((bracket.Id, BracketChangeKind.Closed), (closed.BracketId, closed.Kind));
        Assert.Equal("[procedures for appeal (AZE)]", closed.Text);
        Assert.Contains(change.Words, w => w.Kind == WordChangeKind.Deleted && w.Text.Contains('['));
        Assert.Contains(change.Words, w => w.Kind == WordChangeKind.Unchanged && w.Text.Contains("appeal", StringComparison.Ordinal));
        Assert.Equal("procedures for appeal.", string.Concat(change.Words.Where(w => w.Kind != WordChangeKind.Deleted).Select(w => w.Text)));
        Assert.Equal("[procedures for appeal (AZE)].", string.Concat(change.Words.Where(w => w.Kind != WordChangeKind.Inserted).Select(w => w.Text)));
    }

    [Fact]
    public void Compare_OptionAddedByAParty_AndAPartyJoiningAnOption()
    {
        var first = First();
        var bracket = (Bracket)first.Articles[0].Paragraphs[1].Content[1];
        var second = Next(first, HandMadeDraft.Markdown.Replace(
            "[within 150 days (PRC)]",
            "[within 150 days (PRC; supported by KGZ)] [within 120 days (TKM)]",
            StringComparison.Ordinal));

        var comparison = DraftComparer.Compare(first, second);

        var change = Assert.Single(comparison.Provisions, p => p.Kind == ProvisionChangeKind.Changed);
        var bracketChange = Assert.Single(change.Brackets);
        Assert.Equal((bracket.Id, BracketChangeKind.Changed), (bracketChange.BracketId, bracketChange.Kind));
        var added = Assert.Single(bracketChange.Options, o => o.Kind == OptionChangeKind.Added);
        Assert.Equal("within 120 days", added.Text);
        Assert.Equal(["TKM"], added.ProposersAdded);
        var joined = Assert.Single(bracketChange.Options, o => o.Kind == OptionChangeKind.AttributionChanged);
        Assert.Equal("within 150 days", joined.Text);
        Assert.Equal(["KGZ"], joined.SupportersAdded);
        Assert.Empty(joined.ProposersRemoved);
    }

    [Fact]
    public void Compare_ReservationWithdrawn_AndProvisionRemoved()
    {
        var first = First();
        var second = Next(first, HandMadeDraft.Markdown
            .Replace("Reservation (PAK): subject to domestic consultations\n", "", StringComparison.Ordinal)
            .Replace("2. Nothing in this Article requires a Party to publish confidential information.", "", StringComparison.Ordinal));

        var comparison = DraftComparer.Compare(first, second);

        var withdrawn = Assert.Single(comparison.Provisions, p => p.ReservationsRemoved.Count > 0);
        Assert.Equal(new Reservation("PAK", "subject to domestic consultations"), Assert.Single(withdrawn.ReservationsRemoved));
        var removed = Assert.Single(comparison.Provisions, p => p.Kind == ProvisionChangeKind.Removed);
        Assert.Equal(("Article 2, paragraph 2", null), (removed.FromLabel, removed.ToLabel));
        Assert.Same(removed, comparison.Provisions[^1]);
    }

    [Fact]
    public void Compare_GeneratedRevisions_EveryProvisionOfBothAppearsOnce()
    {
        var first = SampleDrafts.Generate(100);
        var second = SampleDrafts.NextRevision(first);

        var comparison = DraftComparer.Compare(first, second);

        var ids = first.Articles.Select(a => a.Id).Concat(first.Articles.SelectMany(a => a.Paragraphs).Select(p => p.Id))
            .Union(second.Articles.Select(a => a.Id).Concat(second.Articles.SelectMany(a => a.Paragraphs).Select(p => p.Id)))
            .ToHashSet();
        Assert.Equal(ids.Count, comparison.Provisions.Count);
        Assert.Equal(ids, comparison.Provisions.Select(p => p.Id).ToHashSet());
        Assert.Equal(3, comparison.Added);
        Assert.Equal(0, comparison.Removed);
        Assert.Contains(comparison.Provisions, p => p.Brackets.Any(b => b.Kind == BracketChangeKind.Closed));
        Assert.Contains(comparison.Provisions, p => p.Brackets.Any(b => b.Options.Any(o => o.Kind == OptionChangeKind.Added)));
        Assert.Contains(comparison.Provisions, p => p.Brackets.Any(b => b.Options.Any(o => o.Kind == OptionChangeKind.AttributionChanged)));
    }
}
