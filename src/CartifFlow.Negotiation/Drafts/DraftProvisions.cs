namespace CartifFlow.Negotiation.Drafts;

/// <summary>A provision located in a text: an article (Paragraph null) or one of its paragraphs.</summary>
/// <param name="Article">The article.</param>
/// <param name="Paragraph">The paragraph, or null for the article itself.</param>
/// <param name="Label">"Article 5" or "Article 5, paragraph 2(a)".</param>
public sealed record DraftProvision(DraftArticle Article, DraftParagraph? Paragraph, string Label)
{
    /// <summary>The provision's stable id.</summary>
    public string Id => Paragraph?.Id ?? Article.Id;
}

/// <summary>Finding provisions and brackets of a text by stable id, and naming them.</summary>
public static class DraftProvisions
{
    /// <summary>Every article followed by its paragraphs, in document order.</summary>
    public static IReadOnlyList<DraftProvision> All(DraftText text) => throw new NotImplementedException();

    /// <summary>The provision with that stable id, or null.</summary>
    public static DraftProvision? Find(DraftText text, string id) => throw new NotImplementedException();

    /// <summary>"Article 5" or "Article 5, paragraph 2(a)" (a sub-paragraph is named with its paragraph).</summary>
    public static string Label(DraftArticle article, DraftParagraph? paragraph) => throw new NotImplementedException();

    /// <summary>All brackets of a content, nested ones after their parent, in reading order.</summary>
    public static IEnumerable<Bracket> Brackets(IEnumerable<Segment> content) => throw new NotImplementedException();

    /// <summary>The content as one line in the convention ("within [90 days (KAZ)] [150 days (PRC)]"), without ids.</summary>
    public static string Render(IEnumerable<Segment> content) => throw new NotImplementedException();
}
