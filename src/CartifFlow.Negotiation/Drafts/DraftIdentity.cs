using System.Text;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// Stable ids of articles ("a…"), paragraphs ("p…") and brackets ("b…"): short, URL-safe ([a-z0-9], 7 characters),
/// unique in a text. An empty id means "none yet".
/// </summary>
public static class DraftIdentity
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const int IdLength = 7;
    private const double ArticleThreshold = 0.5;
    private const double ParagraphThreshold = 0.5;
    private const double MovedParagraphThreshold = 0.6;
    private const double BracketThreshold = 0.3;
    private const long MaxPairs = 1_000_000;

    /// <summary>
    /// Gives every article, paragraph and bracket with an empty id one: the id of the provision of
    /// <paramref name="previous"/> it continues (matched by content, not by number, so an article inserted before
    /// Article 5 leaves the old Article 5 its id), or a new one. Ids already set are kept.
    /// </summary>
    public static DraftText Assign(DraftText text, DraftText? previous)
    {
        ArgumentNullException.ThrowIfNull(text);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var article in text.Articles)
        {
            used.Add(article.Id);
            foreach (var paragraph in article.Paragraphs)
            {
                used.Add(paragraph.Id);
                foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                    used.Add(bracket.Id);
            }
        }
        used.Remove("");

        var articleIds = new Dictionary<DraftArticle, string>(ReferenceEqualityComparer.Instance);
        var paragraphIds = new Dictionary<DraftParagraph, string>(ReferenceEqualityComparer.Instance);
        var bracketIds = new Dictionary<Bracket, string>(ReferenceEqualityComparer.Instance);
        if (previous is not null)
            Match(text, previous, used, articleIds, paragraphIds, bracketIds);
        if (previous is not null)
        {
            foreach (var article in previous.Articles)
            {
                used.Add(article.Id);
                foreach (var paragraph in article.Paragraphs)
                {
                    used.Add(paragraph.Id);
                    foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                        used.Add(bracket.Id);
                }
            }
        }

        var articles = new List<DraftArticle>(text.Articles.Count);
        var ordinal = 0;
        foreach (var article in text.Articles)
        {
            var articleId = article.Id.Length > 0 ? article.Id
                : articleIds.TryGetValue(article, out var matched) ? matched
                : NewId('a', $"{article.Number}\n{article.Title}\n{ordinal++}", used);
            var paragraphs = new List<DraftParagraph>(article.Paragraphs.Count);
            foreach (var paragraph in article.Paragraphs)
            {
                var paragraphId = paragraph.Id.Length > 0 ? paragraph.Id
                    : paragraphIds.TryGetValue(paragraph, out var matchedParagraph) ? matchedParagraph
                    : NewId('p', $"{articleId}\n{paragraph.Number}\n{ordinal++}", used);
                var content = WithBracketIds(paragraph.Content, paragraphId, bracketIds, used, ref ordinal);
                paragraphs.Add(paragraph with { Id = paragraphId, Content = content });
            }
            articles.Add(article with { Id = articleId, Paragraphs = paragraphs });
        }
        return new DraftText(articles);
    }

    /// <summary>True when <paramref name="id"/> has the form of a stable id of the given kind (prefix a, p or b).</summary>
    public static bool IsWellFormed(string id, char kind) =>
        id is { Length: >= 2 and <= 32 } && id[0] == kind && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static IReadOnlyList<Segment> WithBracketIds(
        IReadOnlyList<Segment> content, string paragraphId, Dictionary<Bracket, string> matched, HashSet<string> used, ref int ordinal)
    {
        if (!content.Any(s => s is Bracket))
            return content;
        var result = new List<Segment>(content.Count);
        foreach (var segment in content)
        {
            if (segment is not Bracket bracket)
            {
                result.Add(segment);
                continue;
            }
            var id = bracket.Id.Length > 0 ? bracket.Id
                : matched.TryGetValue(bracket, out var previousId) ? previousId
                : NewId('b', $"{paragraphId}\n{ordinal++}", used);
            var options = new List<BracketOption>(bracket.Options.Count);
            foreach (var option in bracket.Options)
                options.Add(option with { Content = WithBracketIds(option.Content, paragraphId, matched, used, ref ordinal) });
            result.Add(bracket with { Id = id, Options = options });
        }
        return result;
    }

    private static string NewId(char kind, string seed, HashSet<string> used)
    {
        for (var salt = 0; ; salt++)
        {
            var hash = Fnv1a(salt == 0 ? seed : $"{seed}\n{salt}");
            var builder = new StringBuilder(IdLength);
            builder.Append(kind);
            for (var i = 1; i < IdLength; i++)
            {
                builder.Append(Alphabet[(int)(hash & 31)]);
                hash >>= 5;
            }
            var id = builder.ToString();
            if (used.Add(id))
                return id;
        }
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static void Match(
        DraftText text,
        DraftText previous,
        HashSet<string> used,
        Dictionary<DraftArticle, string> articleIds,
        Dictionary<DraftParagraph, string> paragraphIds,
        Dictionary<Bracket, string> bracketIds)
    {
        var rendered = new Dictionary<DraftParagraph, string>(ReferenceEqualityComparer.Instance);
        string Rendered(DraftParagraph p)
        {
            if (!rendered.TryGetValue(p, out var line))
                rendered[p] = line = DraftProvisions.Render(p.Content);
            return line;
        }

        // Articles: exact content first, then similarity of title and wording.
        var previousArticles = previous.Articles.Where(a => !used.Contains(a.Id)).ToList();
        var newArticles = text.Articles.Where(a => a.Id.Length == 0).ToList();
        var articleKeys = new Dictionary<DraftArticle, string>(ReferenceEqualityComparer.Instance);
        string articleKey(DraftArticle a)
        {
            if (!articleKeys.TryGetValue(a, out var key))
                articleKeys[a] = key = a.Title + "\n" + string.Join("\n", a.Paragraphs.Select(Rendered));
            return key;
        }
        var claimedArticles = new HashSet<DraftArticle>(ReferenceEqualityComparer.Instance);
        var byKey = previousArticles.GroupBy(articleKey).ToDictionary(g => g.Key, g => new Queue<DraftArticle>(g));
        foreach (var article in newArticles)
        {
            if (byKey.TryGetValue(articleKey(article), out var queue) && queue.Count > 0)
            {
                var old = queue.Dequeue();
                articleIds[article] = old.Id;
                claimedArticles.Add(old);
            }
        }
        Greedy(
            newArticles.Where(a => !articleIds.ContainsKey(a)).ToList(),
            previousArticles.Where(a => !claimedArticles.Contains(a)).ToList(),
            a => Tokens(articleKey(a)),
            ArticleThreshold,
            (n, o) => articleIds[n] = o.Id);

        // Which previous article each article of the new text continues.
        var continues = new Dictionary<DraftArticle, string>(ReferenceEqualityComparer.Instance);
        foreach (var article in text.Articles)
            continues[article] = article.Id.Length > 0 ? article.Id : articleIds.GetValueOrDefault(article, "");

        var previousParagraphs = new List<(DraftParagraph Paragraph, string ArticleId)>();
        foreach (var article in previous.Articles)
        {
            foreach (var paragraph in article.Paragraphs)
            {
                if (!used.Contains(paragraph.Id))
                    previousParagraphs.Add((paragraph, article.Id));
            }
        }
        var newParagraphs = new List<(DraftParagraph Paragraph, string ArticleId)>();
        foreach (var article in text.Articles)
        {
            foreach (var paragraph in article.Paragraphs)
            {
                if (paragraph.Id.Length == 0)
                    newParagraphs.Add((paragraph, continues[article]));
            }
        }

        var claimed = new HashSet<DraftParagraph>(ReferenceEqualityComparer.Instance);
        var matchedParagraph = new Dictionary<DraftParagraph, DraftParagraph>(ReferenceEqualityComparer.Instance);
        var byContent = previousParagraphs.GroupBy(p => Rendered(p.Paragraph)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (paragraph, articleId) in newParagraphs)
        {
            if (!byContent.TryGetValue(Rendered(paragraph), out var candidates))
                continue;
            var pick = candidates.FindIndex(c => c.ArticleId == articleId && !claimed.Contains(c.Paragraph));
            if (pick < 0)
                pick = candidates.FindIndex(c => !claimed.Contains(c.Paragraph));
            if (pick < 0)
                continue;
            var old = candidates[pick].Paragraph;
            claimed.Add(old);
            matchedParagraph[paragraph] = old;
        }

        // Within the same article, then across articles (a paragraph moved and edited).
        var tokenCache = new Dictionary<DraftParagraph, HashSet<string>>(ReferenceEqualityComparer.Instance);
        HashSet<string> ParagraphTokens(DraftParagraph p)
        {
            if (!tokenCache.TryGetValue(p, out var tokens))
                tokenCache[p] = tokens = Tokens(Rendered(p));
            return tokens;
        }
        foreach (var group in newParagraphs.Where(p => !matchedParagraph.ContainsKey(p.Paragraph) && p.ArticleId.Length > 0).GroupBy(p => p.ArticleId))
        {
            Greedy(
                group.Select(p => p.Paragraph).ToList(),
                previousParagraphs.Where(p => p.ArticleId == group.Key && !claimed.Contains(p.Paragraph)).Select(p => p.Paragraph).ToList(),
                ParagraphTokens,
                ParagraphThreshold,
                (n, o) =>
                {
                    matchedParagraph[n] = o;
                    claimed.Add(o);
                });
        }
        Greedy(
            newParagraphs.Where(p => !matchedParagraph.ContainsKey(p.Paragraph)).Select(p => p.Paragraph).ToList(),
            previousParagraphs.Where(p => !claimed.Contains(p.Paragraph)).Select(p => p.Paragraph).ToList(),
            ParagraphTokens,
            MovedParagraphThreshold,
            (n, o) =>
            {
                matchedParagraph[n] = o;
                claimed.Add(o);
            });
        foreach (var (paragraph, old) in matchedParagraph)
            paragraphIds[paragraph] = old.Id;

        // Brackets: within the paragraph each continues (and paragraphs that kept their id).
        var previousById = previous.Articles.SelectMany(a => a.Paragraphs).ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var article in text.Articles)
        {
            foreach (var paragraph in article.Paragraphs)
            {
                var old = matchedParagraph.GetValueOrDefault(paragraph)
                    ?? (paragraph.Id.Length > 0 ? previousById.GetValueOrDefault(paragraph.Id) : null);
                if (old is null)
                    continue;
                var fresh = DraftProvisions.Brackets(paragraph.Content).Where(b => b.Id.Length == 0).ToList();
                if (fresh.Count == 0)
                    continue;
                var candidates = DraftProvisions.Brackets(old.Content).Where(b => !used.Contains(b.Id)).ToList();
                var claimedBrackets = new HashSet<Bracket>(ReferenceEqualityComparer.Instance);
                foreach (var bracket in fresh)
                {
                    var line = DraftProvisions.Render([bracket]);
                    var same = candidates.FirstOrDefault(c => !claimedBrackets.Contains(c) && DraftProvisions.Render([c]) == line);
                    if (same is null)
                        continue;
                    claimedBrackets.Add(same);
                    bracketIds[bracket] = same.Id;
                }
                Greedy(
                    fresh.Where(b => !bracketIds.ContainsKey(b)).ToList(),
                    candidates.Where(c => !claimedBrackets.Contains(c)).ToList(),
                    b => Tokens(DraftProvisions.Render([b])),
                    BracketThreshold,
                    (n, o) => bracketIds[n] = o.Id);
            }
        }
    }

    /// <summary>Pairs items with the most similar candidates first, each at most once, above a threshold.</summary>
    private static void Greedy<T>(List<T> items, List<T> candidates, Func<T, HashSet<string>> tokens, double threshold, Action<T, T> pair)
        where T : class
    {
        if (items.Count == 0 || candidates.Count == 0 || (long)items.Count * candidates.Count > MaxPairs)
            return;
        var itemTokens = items.Select(tokens).ToList();
        var candidateTokens = candidates.Select(tokens).ToList();
        var scores = new List<(double Score, int Item, int Candidate)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var c = 0; c < candidates.Count; c++)
            {
                var score = Jaccard(itemTokens[i], candidateTokens[c]);
                if (score >= threshold)
                    scores.Add((score, i, c));
            }
        }
        scores.Sort((x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Item != y.Item ? x.Item.CompareTo(y.Item) : x.Candidate.CompareTo(y.Candidate));
        var itemTaken = new bool[items.Count];
        var candidateTaken = new bool[candidates.Count];
        foreach (var (_, i, c) in scores)
        {
            if (itemTaken[i] || candidateTaken[c])
                continue;
            itemTaken[i] = candidateTaken[c] = true;
            pair(items[i], candidates[c]);
        }
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
            return 1;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = 0;
        foreach (var token in small)
        {
            if (large.Contains(token))
                common++;
        }
        return (double)common / (a.Count + b.Count - common);
    }

    private static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
                start = i;
            else if (!isWord && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return tokens;
    }
}
