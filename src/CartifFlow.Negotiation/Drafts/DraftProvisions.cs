using System.Text;

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
    public static IReadOnlyList<DraftProvision> All(DraftText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = new List<DraftProvision>();
        foreach (var article in text.Articles)
        {
            all.Add(new DraftProvision(article, null, ArticleLabel(article)));
            var labels = ParagraphLabels(article);
            for (var i = 0; i < article.Paragraphs.Count; i++)
                all.Add(new DraftProvision(article, article.Paragraphs[i], labels[i]));
        }
        return all;
    }

    /// <summary>The provision with that stable id, or null.</summary>
    public static DraftProvision? Find(DraftText text, string id)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var article in text.Articles)
        {
            if (article.Id == id)
                return new DraftProvision(article, null, ArticleLabel(article));
            for (var i = 0; i < article.Paragraphs.Count; i++)
            {
                if (article.Paragraphs[i].Id == id)
                    return new DraftProvision(article, article.Paragraphs[i], ParagraphLabels(article)[i]);
            }
        }
        return null;
    }

    /// <summary>"Article 5" or "Article 5, paragraph 2(a)" (a sub-paragraph is named with its paragraph).</summary>
    public static string Label(DraftArticle article, DraftParagraph? paragraph)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (paragraph is null)
            return ArticleLabel(article);
        var index = -1;
        for (var i = 0; i < article.Paragraphs.Count; i++)
        {
            if (ReferenceEquals(article.Paragraphs[i], paragraph) || article.Paragraphs[i].Id == paragraph.Id)
            {
                index = i;
                break;
            }
        }
        return index < 0 ? $"{ArticleLabel(article)}, paragraph {paragraph.Number}" : ParagraphLabels(article)[index];
    }

    /// <summary>All brackets of a content, nested ones after their parent, in reading order.</summary>
    public static IEnumerable<Bracket> Brackets(IEnumerable<Segment> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var segment in content)
        {
            if (segment is not Bracket bracket)
                continue;
            yield return bracket;
            foreach (var option in bracket.Options)
            {
                foreach (var nested in Brackets(option.Content))
                    yield return nested;
            }
        }
    }

    /// <summary>The content as one line in the convention ("within [90 days (KAZ)] [150 days (PRC)]"), without ids.</summary>
    public static string Render(IEnumerable<Segment> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var builder = new StringBuilder();
        DraftConvention.WriteContent(builder, content, withIds: false, inOption: false);
        return builder.ToString();
    }

    internal static string ArticleLabel(DraftArticle article) => $"Article {article.Number}";

    /// <summary>Labels of an article's paragraphs: a sub-paragraph's number follows its paragraph's ("2(a)(i)").</summary>
    internal static string[] ParagraphLabels(DraftArticle article)
    {
        var labels = new string[article.Paragraphs.Count];
        var path = new List<string>();
        var head = ArticleLabel(article);
        for (var i = 0; i < article.Paragraphs.Count; i++)
        {
            var paragraph = article.Paragraphs[i];
            var level = Math.Max(0, paragraph.Level);
            while (path.Count > level)
                path.RemoveAt(path.Count - 1);
            while (path.Count < level)
                path.Add("");
            path.Add(paragraph.Number);
            var number = string.Concat(path);
            labels[i] = number.Length == 0 ? $"{head}, paragraph {i + 1} (unnumbered)" : $"{head}, paragraph {number}";
        }
        return labels;
    }
}
