namespace CartifFlow.Negotiation.Drafts;

/// <summary>How far a text (or an article of it) has converged. Provisions are paragraphs (and articles without
/// paragraphs).</summary>
/// <param name="Provisions">All provisions.</param>
/// <param name="Agreed">Agreed, no reservation.</param>
/// <param name="AgreedAdReferendum">Agreed with a party's reservation.</param>
/// <param name="Bracketed">With an open bracket.</param>
/// <param name="UnderWrittenProcedure">Under a written procedure (from the status overlay).</param>
/// <param name="AdoptedByWrittenProcedure">Adopted by a written procedure (from the status overlay).</param>
/// <param name="ReferredToWorkingGroup">Referred to the working group after an objection (from the status overlay).</param>
/// <param name="OpenBrackets">Brackets, nested ones included.</param>
/// <param name="Options">Options of all brackets (a single-option bracket counts one).</param>
/// <param name="Words">Words of the text: outside brackets plus every option's words.</param>
/// <param name="WordsOutsideBrackets">Words outside any bracket.</param>
public sealed record ConvergenceFigures(
    int Provisions,
    int Agreed,
    int AgreedAdReferendum,
    int Bracketed,
    int UnderWrittenProcedure,
    int AdoptedByWrittenProcedure,
    int ReferredToWorkingGroup,
    int OpenBrackets,
    int Options,
    int Words,
    int WordsOutsideBrackets)
{
    /// <summary>Provisions settled: agreed, agreed ad referendum or adopted by written procedure.</summary>
    public int Settled => Agreed + AgreedAdReferendum + AdoptedByWrittenProcedure;

    /// <summary>Provisions not settled: bracketed, under written procedure or referred.</summary>
    public int Open => Provisions - Settled;

    /// <summary>Words outside brackets as a share of all words, 0–1 (1 for a text without words).</summary>
    public double ShareOfWordsOutsideBrackets => Words == 0 ? 1 : (double)WordsOutsideBrackets / Words;
}

/// <summary>An article's figures.</summary>
/// <param name="ArticleId">Its stable id.</param>
/// <param name="Number">Its number.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">Its status (the least settled of its paragraphs, or its own).</param>
/// <param name="Figures">Its figures.</param>
public sealed record ArticleConvergence(string ArticleId, string Number, string Title, ProvisionStatus Status, ConvergenceFigures Figures);

/// <summary>A bracket option held by one party alone (it proposed or supports it, and nobody else does).</summary>
/// <param name="Party">The party's code.</param>
/// <param name="BracketId">The bracket's stable id.</param>
/// <param name="ProvisionId">The paragraph's stable id.</param>
/// <param name="Label">"Article 5, paragraph 2".</param>
/// <param name="OptionIndex">The option's index in the bracket (0-based).</param>
/// <param name="OptionText">The option's wording in the convention, without attribution ("delete" for deletion).</param>
public sealed record SoleHolding(string Party, string BracketId, string ProvisionId, string Label, int OptionIndex, string OptionText);

/// <summary>A revision's convergence: totals, per article, and per party its sole holdings. Sole holdings are
/// visible only to the Secretariat and that party: filter by party before showing.</summary>
/// <param name="Totals">The whole text.</param>
/// <param name="Articles">Per article, in document order.</param>
/// <param name="SoleHoldings">Every sole holding, by party then document order.</param>
public sealed record DraftConvergence(ConvergenceFigures Totals, IReadOnlyList<ArticleConvergence> Articles, IReadOnlyList<SoleHolding> SoleHoldings)
{
    /// <summary>The sole holdings of one party.</summary>
    public IReadOnlyList<SoleHolding> SoleHoldingsOf(string party) => [.. SoleHoldings.Where(h => h.Party == party)];
}

/// <summary>Measures a revision's convergence.</summary>
public static class Convergence
{
    /// <summary>Measures the text; <paramref name="overlay"/> maps stable ids to procedure-derived statuses (see
    /// <see cref="ProvisionStatuses.Derive"/>).</summary>
    public static DraftConvergence Measure(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var statuses = ProvisionStatuses.Derive(text, overlay);
        var articles = new List<ArticleConvergence>(text.Articles.Count);
        var holdings = new List<SoleHolding>();
        var total = new Tally();
        foreach (var article in text.Articles)
        {
            var tally = new Tally();
            if (article.Paragraphs.Count == 0)
                tally.Count(statuses[article.Id]);
            var labels = DraftProvisions.ParagraphLabels(article);
            for (var p = 0; p < article.Paragraphs.Count; p++)
            {
                var paragraph = article.Paragraphs[p];
                tally.Count(statuses[paragraph.Id]);
                foreach (var segment in paragraph.Content)
                {
                    if (segment is TextSegment textSegment)
                    {
                        var words = Words(textSegment.Text);
                        tally.Words += words;
                        tally.WordsOutside += words;
                    }
                    else if (segment is Bracket bracket)
                    {
                        tally.Words += BracketWords(bracket);
                    }
                }
                foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                {
                    tally.Brackets++;
                    tally.Options += bracket.Options.Count;
                    for (var o = 0; o < bracket.Options.Count; o++)
                    {
                        var option = bracket.Options[o];
                        var holders = option.ProposedBy.Concat(option.SupportedBy).Distinct(StringComparer.Ordinal).ToList();
                        if (holders.Count == 1)
                            holdings.Add(new SoleHolding(holders[0], bracket.Id, paragraph.Id, labels[p], o, DraftConvention.OptionText(option)));
                    }
                }
            }
            var figures = tally.Figures();
            articles.Add(new ArticleConvergence(article.Id, article.Number, article.Title, statuses[article.Id], figures));
            total.Add(tally);
        }
        var sorted = holdings.OrderBy(h => h.Party, StringComparer.Ordinal).ToList();
        return new DraftConvergence(total.Figures(), articles, sorted);
    }

    private static int BracketWords(Bracket bracket)
    {
        var words = 0;
        foreach (var option in bracket.Options)
        {
            foreach (var segment in option.Content)
                words += segment is TextSegment text ? Words(text.Text) : BracketWords((Bracket)segment);
        }
        return words;
    }

    /// <summary>Runs of characters between whitespace that hold a letter or a digit.</summary>
    internal static int Words(string text)
    {
        var count = 0;
        var inWord = false;
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inWord && hasLetter)
                    count++;
                inWord = hasLetter = false;
            }
            else
            {
                inWord = true;
                hasLetter |= char.IsLetterOrDigit(c);
            }
        }
        if (inWord && hasLetter)
            count++;
        return count;
    }

    private sealed class Tally
    {
        private readonly int[] _byStatus = new int[6];

        public int Brackets { get; set; }

        public int Options { get; set; }

        public int Words { get; set; }

        public int WordsOutside { get; set; }

        public void Count(ProvisionStatus status) => _byStatus[(int)status]++;

        public void Add(Tally other)
        {
            for (var i = 0; i < _byStatus.Length; i++)
                _byStatus[i] += other._byStatus[i];
            Brackets += other.Brackets;
            Options += other.Options;
            Words += other.Words;
            WordsOutside += other.WordsOutside;
        }

        public ConvergenceFigures Figures() => new(
            _byStatus.Sum(),
            _byStatus[(int)ProvisionStatus.Agreed],
            _byStatus[(int)ProvisionStatus.AgreedAdReferendum],
            _byStatus[(int)ProvisionStatus.Bracketed],
            _byStatus[(int)ProvisionStatus.UnderWrittenProcedure],
            _byStatus[(int)ProvisionStatus.AdoptedByWrittenProcedure],
            _byStatus[(int)ProvisionStatus.ReferredToWorkingGroup],
            Brackets,
            Options,
            Words,
            WordsOutside);
    }
}
