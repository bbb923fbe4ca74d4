using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Rounds;
using static CartifFlow.Negotiation.Tests.Rounds.RoundFixture;

namespace CartifFlow.Negotiation.Tests.Rounds;

/// <summary>A round's consolidation without the host: the latest version counts, nothing lost, revision N+1 and its provenance.</summary>
public sealed class ConsolidationTests
{
    private static readonly IReadOnlySet<string> Parties = SampleDrafts.PartyCodes;

    /// <summary>Three parties propose on one bracket (Mongolia in two versions), Georgia supports, Uzbekistan withdraws, China replaces a paragraph, Kazakhstan comments.</summary>
    private static (DraftText Text, List<RoundComment> Contributions) Round()
    {
        var text = Revision();
        var scope = BracketOf(text, 0, 0);
        var days = BracketOf(text, 0, 1);
        var publication = Paragraph(text, 1, 0).Id;
        return (text,
        [
            Contribution(text, 1, "KAZ", CommentKind.Proposal, proposal: ProposalKind.NewOption, bracket: days, wording: "within 120 days"),
            Contribution(text, 2, "MON", CommentKind.Proposal, proposal: ProposalKind.NewOption, bracket: days, wording: "within 45 days"),
            Contribution(text, 3, "GEO", CommentKind.Proposal, proposal: ProposalKind.NewOption, bracket: days, wording: "within sixty days"),
            Contribution(text, 4, "UZB", CommentKind.Proposal, proposal: ProposalKind.NewOption, bracket: days, wording: "promptly"),
            Contribution(text, 5, "UZB", CommentKind.Withdrawal, bracket: scope, option: 1),
            Contribution(text, 6, "GEO", CommentKind.Support, bracket: days, option: 0),
            Contribution(text, 7, "PRC", CommentKind.Proposal, target: publication, proposal: ProposalKind.Replacement, wording: "Each Party shall promptly make available the information referred to in Article 1."),
            Contribution(text, 8, "KAZ", CommentKind.Comments, wording: "Kazakhstan will table a single window provision."),
            Contribution(text, 2, "MON", CommentKind.Proposal, proposal: ProposalKind.NewOption, bracket: days, wording: "within 60 days", version: 2),
        ]);
    }

    [Fact]
    public void Latest_KeepsEveryContributionOnce_AtItsHighestVersion()
    {
        var (_, contributions) = Round();

        var latest = Consolidation.Latest(contributions);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], latest.Select(c => c.Number));
        Assert.Equal(("within 60 days", 2), (latest[1].Text, latest[1].Version));
    }

    [Fact]
    public void Undecided_ListsTheProposalsWithoutADecision_NotTheCommentsSupportsOrWithdrawals()
    {
        var (_, contributions) = Round();

        var undecided = Consolidation.Undecided(contributions, [Decision(1, DecisionKind.Accepted), Decision(4, DecisionKind.Noted)]);

        // A proposal marked as a comment is still undecided: nothing is lost.
        Assert.Equal([2, 3, 4, 7], undecided.Select(c => c.Number));
        Assert.StartsWith("7 (PRC, replacement on Article 2, paragraph 1)", Consolidation.Describe(undecided[3]), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AcceptsMergesBracketsAndRefuses_RevisionTwoHasTheOptionsAttributed_AndEveryContributionOnceInItsProvenance()
    {
        var (text, contributions) = Round();
        ConsolidationDecision[] decisions =
        [
            Decision(1, DecisionKind.Accepted),
            Decision(2, DecisionKind.Merged, mergedWith: 3, wording: "within 60 days"),
            Decision(3, DecisionKind.Merged, mergedWith: 2),
            Decision(4, DecisionKind.NotReflected, reason: "No time limit is not a time limit."),
            Decision(7, DecisionKind.Bracketed),
            Decision(8, DecisionKind.Noted),
        ];

        var result = Consolidation.Build("WG-TF-R1", text, 1, 2, contributions, decisions, Parties);

        var markdown = DraftMarkdown.Write(result.Text);
        Assert.Contains("[trade in goods (KAZ, MON)] [trade in goods and services (PRC)]", markdown, StringComparison.Ordinal);
        Assert.Contains("[within 90 days (KAZ; supported by GEO)] [within 150 days (PRC)] [within 120 days (KAZ)] [within 60 days (MON, GEO)]", markdown, StringComparison.Ordinal);
        Assert.Contains("[Each Party shall make available the information referred to in Article 1.] [Each Party shall promptly make available the information referred to in Article 1. (PRC)]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("promptly]", markdown.Split("Article 2")[0], StringComparison.Ordinal);
        var entries = result.Provenance.Entries;
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], entries.Select(e => e.Number));
        Assert.Equal(
            ["accepted", "merged", "merged", "not-reflected", "applied", "applied", "bracketed", "noted"],
            entries.Select(e => e.Decision));
        Assert.Equal(["GEO"], entries[1].With);
        Assert.Equal("No time limit is not a time limit.", entries[3].Reasoning);
        Assert.Empty(Consolidation.Unexplained(text, result.Text, result.Provenance));
    }

    [Fact]
    public void Build_WithNoProposal_OnlyAppliesTheSupportsAndWithdrawals_AndExplainsEveryChange()
    {
        var text = Revision();
        var days = BracketOf(text, 0, 1);

        var result = Consolidation.Build("WG-TF-R1", text, 1, 2, [Contribution(text, 1, "PRC", CommentKind.Withdrawal, bracket: days, option: 1)], [], Parties);

        var left = (Bracket)Paragraph(result.Text, 0, 1).Content.Single(s => s is Bracket);
        Assert.Equal(["within 90 days"], left.Options.Select(o => DraftProvisions.Render(o.Content)));
        Assert.Empty(Consolidation.Unexplained(text, result.Text, result.Provenance));
    }

    [Fact]
    public void StillHoldingOthers_NamesThePartiesThatNeitherJoinedTheOptionNorWithdrewTheirs()
    {
        var text = Revision();
        var days = BracketOf(text, 0, 1);

        Assert.Equal(["PRC"], Consolidation.StillHoldingOthers(text, days, 0, []));
        Assert.Empty(Consolidation.StillHoldingOthers(text, days, 0, [Contribution(text, 1, "PRC", CommentKind.Withdrawal, bracket: days, option: 1)]));
        Assert.Empty(Consolidation.StillHoldingOthers(text, days, 0, [Contribution(text, 1, "PRC", CommentKind.Support, bracket: days, option: 0)]));
        Assert.Equal(["KAZ", "MON"], Consolidation.StillHoldingOthers(text, BracketOf(text, 0, 0), 1, []));
    }

    [Fact]
    public void Build_ABracketSettledOnAnOption_TakesItsWording_AttributedToItsHoldersInTheProvenance()
    {
        var text = Revision();
        var days = BracketOf(text, 0, 1);
        var withdrawal = Contribution(text, 1, "PRC", CommentKind.Withdrawal, bracket: days, option: 1);

        var result = Consolidation.Build("WG-TF-R1", text, 1, 2, [withdrawal],
            [Decision(null, DecisionKind.Settled, target: days, option: 0, reason: "China withdrew its option.")], Parties);

        Assert.Equal("Each Party shall publish its laws within 90 days of their adoption.", DraftProvisions.Render(Paragraph(result.Text, 0, 1).Content));
        var settled = Assert.Single(result.Provenance.Entries, e => e.Decision == ProvenanceDecisions.Settled);
        Assert.Equal(("", "within 90 days", "China withdrew its option.", "Article 1, paragraph 2"), (settled.Party, settled.Wording, settled.Reasoning, settled.Provision));
        Assert.Equal(["KAZ"], settled.With);
        Assert.Contains(result.Provenance.Entries, e => e.Number == 1 && e.Decision == ProvenanceDecisions.Applied);
        Assert.Empty(Consolidation.Unexplained(text, result.Text, result.Provenance));
    }

    [Fact]
    public void Build_ASettlementTakenBack_LeavesTheBracket()
    {
        var text = Revision();
        var days = BracketOf(text, 0, 1);

        var result = Consolidation.Build("WG-TF-R1", text, 1, 2, [],
            [Decision(null, DecisionKind.Settled, target: days, option: 0), Decision(null, DecisionKind.Settled, target: days)], Parties);

        Assert.Contains("[within 90 days (KAZ)] [within 150 days (PRC)]", DraftMarkdown.Write(result.Text), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Provenance.Entries, e => e.Decision == ProvenanceDecisions.Settled);
    }

    [Fact]
    public void Unexplained_FindsAParagraphChangedWithoutAProposalOrTheSecretariatsDrafting()
    {
        var text = Revision();
        var changed = DraftEdits.ChangeParagraph(text, Paragraph(text, 1, 0).Id, p => p with { Content = [new TextSegment("Each Party shall make available all information.")] });

        var faults = Consolidation.Unexplained(text, changed, new ProvenanceTable("WG-TF-R1", 1, 2, []));

        Assert.Equal(["Article 2, paragraph 1: changed without a party's proposal or the Secretariat's drafting"], faults);
    }

    [Fact]
    public void Matrix_HasTheProvisionsInRowsInTheRevisionsOrder_GeneralLast_AndWhatEachPartySentInItsColumn()
    {
        var (text, contributions) = Round();

        var matrix = Consolidation.Matrix(text, contributions);

        Assert.Equal(["Article 1, paragraph 1", "Article 1, paragraph 2", "Article 2, paragraph 1", "General"], matrix.Select(r => r.Provision));
        Assert.Equal(["GEO", "KAZ", "MON", "UZB"], matrix[1].Cells.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["new-option: within 60 days"], matrix[1].Cells["MON"]);
        Assert.Equal(["new-option: within sixty days", "support (option 1)"], matrix[1].Cells["GEO"]);
    }
}
