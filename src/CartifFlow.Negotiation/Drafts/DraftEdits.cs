namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// Changes to a text by stable id, as a consolidation or a written procedure's outcome makes them (revision N+1 from
/// revision N). Each returns a new text; ids are kept; text is left in the form an import would read (adjacent text
/// joined, spaces collapsed), so that the result exports and imports back equal. An unknown id or option index throws
/// <see cref="ArgumentException"/>: check with <see cref="DraftProvisions.Find"/> or <see cref="FindBracket"/> first.
/// </summary>
public static class DraftEdits
{
    /// <summary>The bracket with that id and the article and paragraph holding it, or null.</summary>
    public static (DraftArticle Article, DraftParagraph Paragraph, Bracket Bracket)? FindBracket(DraftText text, string bracketId)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var article in text.Articles)
        {
            foreach (var paragraph in article.Paragraphs)
            {
                foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                {
                    if (bracket.Id == bracketId)
                        return (article, paragraph, bracket);
                }
            }
        }
        return null;
    }

    /// <summary>Adds an option at the end of a bracket (a party's proposal bracketed as an alternative).</summary>
    public static DraftText AddOption(DraftText text, string bracketId, BracketOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return ChangeBracket(text, bracketId, b => [b with { Options = [.. b.Options, option] }]);
    }

    /// <summary>A party joins an option's supporters (nothing changes if it already proposes or supports it).</summary>
    public static DraftText Support(DraftText text, string bracketId, int optionIndex, string party) =>
        ChangeOption(text, bracketId, optionIndex, o => o.ProposedBy.Contains(party) || o.SupportedBy.Contains(party)
            ? o
            : o with { SupportedBy = [.. o.SupportedBy, party] });

    /// <summary>
    /// A party withdraws from an option (as proposer or supporter). An option nobody holds any more is dropped; a
    /// bracket left without options is removed with its wording (nobody holds it).
    /// </summary>
    public static DraftText Withdraw(DraftText text, string bracketId, int optionIndex, string party) =>
        ChangeBracket(text, bracketId, b =>
        {
            CheckIndex(b, optionIndex);
            var option = b.Options[optionIndex];
            var changed = option with
            {
                ProposedBy = [.. option.ProposedBy.Where(p => p != party)],
                SupportedBy = [.. option.SupportedBy.Where(p => p != party)],
            };
            var held = option.ProposedBy.Count + option.SupportedBy.Count > 0;
            var orphan = held && changed.ProposedBy.Count + changed.SupportedBy.Count == 0;
            var options = b.Options.Select((o, i) => i == optionIndex ? changed : o).Where((o, i) => !(orphan && i == optionIndex)).ToList();
            return options.Count == 0 ? [] : [b with { Options = options }];
        });

    /// <summary>
    /// Settles a bracket on one of its options: the option's wording (its nested brackets kept) replaces the bracket;
    /// a deletion option removes it.
    /// </summary>
    public static DraftText Settle(DraftText text, string bracketId, int optionIndex) =>
        ChangeBracket(text, bracketId, b =>
        {
            CheckIndex(b, optionIndex);
            return [.. b.Options[optionIndex].Content];
        });

    /// <summary>Changes one paragraph (its id and position kept); the change may set content and reservations.</summary>
    public static DraftText ChangeParagraph(DraftText text, string paragraphId, Func<DraftParagraph, DraftParagraph> change)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(change);
        var found = false;
        var articles = text.Articles.Select(a => a.Paragraphs.All(p => p.Id != paragraphId) ? a : a with
        {
            Paragraphs = [.. a.Paragraphs.Select(p =>
            {
                if (p.Id != paragraphId)
                    return p;
                found = true;
                var changed = change(p);
                return changed with { Id = p.Id, Content = Normalise(changed.Content) };
            })],
        }).ToList();
        if (!found)
            throw new ArgumentException($"No paragraph {paragraphId} in this text.", nameof(paragraphId));
        return new DraftText(articles);
    }

    private static DraftText ChangeOption(DraftText text, string bracketId, int optionIndex, Func<BracketOption, BracketOption> change) =>
        ChangeBracket(text, bracketId, b =>
        {
            CheckIndex(b, optionIndex);
            return [b with { Options = [.. b.Options.Select((o, i) => i == optionIndex ? change(o) : o)] }];
        });

    private static DraftText ChangeBracket(DraftText text, string bracketId, Func<Bracket, IReadOnlyList<Segment>> change)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = FindBracket(text, bracketId)
            ?? throw new ArgumentException($"No bracket {bracketId} in this text.", nameof(bracketId));
        return ChangeParagraph(text, found.Paragraph.Id, p => p with { Content = Replace(p.Content, bracketId, change) });
    }

    private static List<Segment> Replace(IReadOnlyList<Segment> content, string bracketId, Func<Bracket, IReadOnlyList<Segment>> change)
    {
        var result = new List<Segment>(content.Count);
        foreach (var segment in content)
        {
            if (segment is not Bracket bracket)
            {
                result.Add(segment);
                continue;
            }
            if (bracket.Id == bracketId)
            {
                result.AddRange(change(bracket));
                continue;
            }
            result.Add(bracket with
            {
                Options = [.. bracket.Options.Select(o => o with { Content = Normalise(Replace(o.Content, bracketId, change), trim: true) })],
            });
        }
        return result;
    }

    private static void CheckIndex(Bracket bracket, int optionIndex)
    {
        if (optionIndex < 0 || optionIndex >= bracket.Options.Count)
            throw new ArgumentException($"Bracket {bracket.Id} has no option {optionIndex}.", nameof(optionIndex));
    }

    /// <summary>Joins adjacent text, collapses spaces and trims the ends, as the reader reads text.</summary>
    private static List<Segment> Normalise(IReadOnlyList<Segment> content, bool trim = true)
    {
        var merged = new List<Segment>(content.Count);
        foreach (var segment in content)
        {
            if (segment is TextSegment text && merged.Count > 0 && merged[^1] is TextSegment previous)
                merged[^1] = new TextSegment(previous.Text + text.Text);
            else
                merged.Add(segment);
        }
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i] is TextSegment text)
                merged[i] = new TextSegment(DraftConvention.Collapse(text.Text));
        }
        if (trim && merged.Count > 0 && merged[0] is TextSegment first)
            merged[0] = new TextSegment(first.Text.TrimStart());
        if (trim && merged.Count > 0 && merged[^1] is TextSegment last)
            merged[^1] = new TextSegment(last.Text.TrimEnd());
        merged.RemoveAll(s => s is TextSegment { Text.Length: 0 });
        return merged;
    }
}
