using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Tests.Drafts;

/// <summary>One test per fault kind: the fault is located, and no text is returned.</summary>
public sealed class DraftImportFaultTests
{
    private static DraftImportFault SingleFault(string markdown, DraftImportFaultKind kind, DraftText? previous = null)
    {
        var result = DraftMarkdown.Parse(markdown, SampleDrafts.PartyCodes, previous);

        Assert.False(result.Succeeded);
        Assert.Null(result.Text);
        var fault = Assert.Single(result.Faults);
        Assert.Equal(kind, fault.Kind);
        return fault;
    }

    [Fact]
    public void BracketNeverClosed_IsLocatedAtArticleParagraphAndLine()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Goods in transit.\n\n2. Each Party shall [within 90 days notify.\n", DraftImportFaultKind.BracketNeverClosed);

        Assert.Equal("Article 5, paragraph 2 (line 5)", fault.Location);
        Assert.StartsWith("bracket opened here is never closed: \"[within 90 days", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosingBracketWithoutOpening_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Each Party shall notify] the others.\n", DraftImportFaultKind.ClosingBracketWithoutOpening);

        Assert.Equal("Article 5, paragraph 1 (line 3)", fault.Location);
        Assert.StartsWith("closing bracket without an opening one", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPartyCode_IsLocatedOnTheSubParagraph()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Each Party:\n\n(a) shall [notify (KAZ, XYZ)] the others.\n", DraftImportFaultKind.UnknownPartyCode);

        Assert.Equal("Article 5, paragraph 1(a) (line 5)", fault.Location);
        Assert.StartsWith("unknown party code XYZ", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPartyCodeInAReservation_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\nReservation (XYZ): pending\n\n1. Text.\n", DraftImportFaultKind.UnknownPartyCode);

        Assert.Equal("Article 5 (line 3)", fault.Location);
    }

    [Fact]
    public void MalformedAttribution_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Each Party shall [notify (KAZ; backed by MON)] the others.\n", DraftImportFaultKind.MalformedAttribution);

        Assert.Equal("Article 5, paragraph 1 (line 3)", fault.Location);
        Assert.Contains("(KAZ; backed by MON)", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOption_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Each Party shall [notify (KAZ)] [ (MON)] the others.\n", DraftImportFaultKind.EmptyOption);

        Assert.Equal("Article 5, paragraph 1 (line 3)", fault.Location);
        Assert.StartsWith("empty option", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateParty_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Each Party shall [notify (KAZ; supported by KAZ)] the others.\n", DraftImportFaultKind.DuplicateParty);

        Assert.Equal("Article 5, paragraph 1 (line 3)", fault.Location);
    }

    [Fact]
    public void DuplicateArticleNumber_IsLocatedAtTheSecondHeading()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Text.\n\n## Article 5: Fees\n\n1. Text.\n", DraftImportFaultKind.DuplicateArticleNumber);

        Assert.Equal("Article 5 (line 5)", fault.Location);
    }

    [Fact]
    public void DuplicateParagraphNumber_IsLocated()
    {
        var fault = SingleFault("## Article 5: Transit\n\n1. Text.\n\n(a) one;\n\n2. Text.\n\n(a) one again;\n\n2. Text again.\n", DraftImportFaultKind.DuplicateParagraphNumber);

        Assert.Equal("Article 5, paragraph 2 (line 11)", fault.Location);
    }

    [Fact]
    public void TextBeforeTheFirstArticle_IsLocatedAtItsLine()
    {
        var fault = SingleFault("The Parties, recognising the importance of trade,\n\n## Article 1: Scope\n\n1. Text.\n", DraftImportFaultKind.TextBeforeFirstArticle);

        Assert.Equal("line 1", fault.Location);
    }

    [Fact]
    public void NoArticles_IsRefused()
    {
        var fault = SingleFault("\n\n", DraftImportFaultKind.NoArticles);

        Assert.Equal("the document", fault.Location);
    }

    [Fact]
    public void DuplicateStableId_IsLocatedAtTheSecondUse()
    {
        var fault = SingleFault("## Article 1: Scope {#a111111}\n\n1. Text. {#p111111}\n\n2. Other text. {#p111111}\n", DraftImportFaultKind.DuplicateStableId);

        Assert.Equal("Article 1, paragraph 2 (line 5)", fault.Location);
        Assert.Contains("already used at Article 1, paragraph 1 (line 3)", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownStableId_AgainstThePreviousRevision_IsLocated()
    {
        var previous = DraftMarkdown.Parse("## Article 1: Scope\n\n1. Text.\n", SampleDrafts.PartyCodes, null).Text!;

        var fault = SingleFault($"## Article 1: Scope {{#{previous.Articles[0].Id}}}\n\n1. Text. {{#pzzzzzz}}\n", DraftImportFaultKind.UnknownStableId, previous);

        Assert.Equal("Article 1, paragraph 1 (line 3)", fault.Location);
        Assert.Contains("not in the previous revision", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StableIdOfAnotherKind_IsLocated()
    {
        var fault = SingleFault("## Article 1: Scope {#p111111}\n\n1. Text.\n", DraftImportFaultKind.UnknownStableId);

        Assert.Equal("Article 1 (line 1)", fault.Location);
    }

    [Fact]
    public void MisplacedFootnote_IsLocated()
    {
        var fault = SingleFault("## Article 1: Scope\n\n1. Text^[a note] here.\n", DraftImportFaultKind.MisplacedFootnote);

        Assert.Equal("Article 1, paragraph 1 (line 3)", fault.Location);
    }

    [Fact]
    public void MalformedReservation_IsLocated()
    {
        var fault = SingleFault("## Article 1: Scope\n\n1. Text.\n\nReservation PAK subject to consultations\n", DraftImportFaultKind.MalformedReservation);

        Assert.Equal("Article 1, paragraph 1 (line 5)", fault.Location);
    }

    [Fact]
    public void MalformedHeading_IsLocated()
    {
        var fault = SingleFault("## Article 1: Scope\n\n1. Text.\n\n## Transit\n\n1. Text.\n", DraftImportFaultKind.MalformedHeading);

        Assert.Equal("Article 1 (line 5)", fault.Location);
    }

    [Fact]
    public void SeveralFaults_AreAllReportedInDocumentOrder()
    {
        var result = DraftMarkdown.Parse(
            "Preamble.\n\n## Article 1: Scope\n\n1. [open\n\n## Article 1: Again\n\n1. [x (XYZ)]\n",
            SampleDrafts.PartyCodes,
            null);

        Assert.Null(result.Text);
        Assert.Equal(
            [DraftImportFaultKind.TextBeforeFirstArticle, DraftImportFaultKind.BracketNeverClosed, DraftImportFaultKind.DuplicateArticleNumber, DraftImportFaultKind.UnknownPartyCode],
            result.Faults.Select(f => f.Kind));
    }
}
