using DiffPlex;
using DiffPlex.Chunkers;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>What happened to a provision between two revisions.</summary>
public enum ProvisionChangeKind
{
    /// <summary>Same wording, brackets and attribution (it may still be renumbered or moved).</summary>
    Unchanged,

    /// <summary>Only in the later revision.</summary>
    Added,

    /// <summary>Only in the earlier revision.</summary>
    Removed,

    /// <summary>In both, with different wording, brackets, attribution, title or reservations.</summary>
    Changed,
}

/// <summary>A word of a word-by-word diff.</summary>
public enum WordChangeKind
{
    /// <summary>In both.</summary>
    Unchanged,

    /// <summary>Only in the later revision.</summary>
    Inserted,

    /// <summary>Only in the earlier revision.</summary>
    Deleted,
}

/// <summary>A run of words (with the spaces between them) that is unchanged, inserted or deleted.</summary>
/// <param name="Kind">Unchanged, inserted or deleted.</param>
/// <param name="Text">The words, spaces kept.</param>
public sealed record WordChange(WordChangeKind Kind, string Text);

/// <summary>What happened to a bracket.</summary>
public enum BracketChangeKind
{
    /// <summary>A new bracket (positions newly differ).</summary>
    Opened,

    /// <summary>The bracket is gone (settled, or its provision removed).</summary>
    Closed,

    /// <summary>In both, with options added or dropped, attribution or footnote changed.</summary>
    Changed,
}

/// <summary>What happened to an option of a bracket that is in both revisions (options are matched by wording).</summary>
public enum OptionChangeKind
{
    /// <summary>A new option.</summary>
    Added,

    /// <summary>An option no longer there.</summary>
    Dropped,

    /// <summary>The same wording, with parties added or removed.</summary>
    AttributionChanged,
}

/// <summary>An option's change.</summary>
/// <param name="Kind">Added, dropped or attribution changed.</param>
/// <param name="Text">The option's wording in the convention (without attribution); "delete" for a deletion option.</param>
/// <param name="ProposersAdded">Parties now proposing it that did not before (all proposers for an added option).</param>
/// <param name="ProposersRemoved">Parties that proposed it before and no longer do (all for a dropped option).</param>
/// <param name="SupportersAdded">Parties now supporting it that did not before.</param>
/// <param name="SupportersRemoved">Parties that supported it before and no longer do.</param>
public sealed record OptionChange(
    OptionChangeKind Kind,
    string Text,
    IReadOnlyList<string> ProposersAdded,
    IReadOnlyList<string> ProposersRemoved,
    IReadOnlyList<string> SupportersAdded,
    IReadOnlyList<string> SupportersRemoved);

/// <summary>A bracket's change within a provision.</summary>
/// <param name="BracketId">The bracket's stable id.</param>
/// <param name="Kind">Opened, closed or changed.</param>
/// <param name="Text">The bracket in the convention (the later revision's, or the earlier one's for a closed bracket).</param>
/// <param name="Options">Options added, dropped or with attribution changed (empty for an opened or closed bracket).</param>
/// <param name="FootnoteChanged">True when the footnote differs.</param>
public sealed record BracketChange(
    string BracketId,
    BracketChangeKind Kind,
    string Text,
    IReadOnlyList<OptionChange> Options,
    bool FootnoteChanged);

/// <summary>One provision (article or paragraph) compared.</summary>
/// <param name="Id">The provision's stable id.</param>
/// <param name="ArticleId">The article's stable id (the later revision's article for a paragraph in both).</param>
/// <param name="IsArticle">True for an article (its number, title and reservations), false for a paragraph.</param>
/// <param name="FromLabel">"Article 5, paragraph 2" in the earlier revision; null when added.</param>
/// <param name="ToLabel">The label in the later revision; null when removed.</param>
/// <param name="Kind">Added, removed, changed or unchanged.</param>
/// <param name="Renumbered">In both, with a different number (or, for a paragraph, in an article with a different number).</param>
/// <param name="Moved">In both, in another article or out of order among the provisions in both.</param>
/// <param name="Words">Word-by-word diff of the content (of the title for an article) in the convention; for an
/// unchanged provision one unchanged run, for an added one inserted, for a removed one deleted.</param>
/// <param name="Brackets">Brackets opened, closed and changed (nested ones included).</param>
/// <param name="ReservationsAdded">Reservations in the later revision only ("PAK: subject to domestic consultations").</param>
/// <param name="ReservationsRemoved">Reservations in the earlier revision only.</param>
public sealed record ProvisionChange(
    string Id,
    string ArticleId,
    bool IsArticle,
    string? FromLabel,
    string? ToLabel,
    ProvisionChangeKind Kind,
    bool Renumbered,
    bool Moved,
    IReadOnlyList<WordChange> Words,
    IReadOnlyList<BracketChange> Brackets,
    IReadOnlyList<Reservation> ReservationsAdded,
    IReadOnlyList<Reservation> ReservationsRemoved);

/// <summary>Two revisions compared, provision by provision.</summary>
/// <param name="Provisions">Every provision of either revision: the later revision's order, removed ones after the
/// provision that preceded them.</param>
public sealed record DraftComparison(IReadOnlyList<ProvisionChange> Provisions)
{
    /// <summary>Provisions added.</summary>
    public int Added => Provisions.Count(p => p.Kind == ProvisionChangeKind.Added);

    /// <summary>Provisions removed.</summary>
    public int Removed => Provisions.Count(p => p.Kind == ProvisionChangeKind.Removed);

    /// <summary>Provisions changed.</summary>
    public int Changed => Provisions.Count(p => p.Kind == ProvisionChangeKind.Changed);

    /// <summary>Provisions in both that are renumbered.</summary>
    public int Renumbered => Provisions.Count(p => p.Renumbered);

    /// <summary>Provisions in both that moved.</summary>
    public int Moved => Provisions.Count(p => p.Moved);
}

/// <summary>Compares two revisions of a draft.</summary>
public static class DraftComparer
{
    /// <summary>
    /// Compares provisions by stable id (so moved and renumbered provisions compare correctly), word by word
    /// (DiffPlex), with brackets opened and closed, options added or dropped and attribution changed.
    /// </summary>
    public static DraftComparison Compare(DraftText from, DraftText to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = Index(from);
        var after = Index(to);
        var moved = MovedIds(from, to, before, after);

        // Removed provisions are listed after the nearest earlier provision that is still there.
        var removedAfter = new Dictionary<string, List<Located>>(StringComparer.Ordinal);
        var removedFirst = new List<Located>();
        string? anchor = null;
        foreach (var provision in before.Order)
        {
            if (after.ById.ContainsKey(provision.Id))
            {
                anchor = provision.Id;
                continue;
            }
            if (anchor is null)
                removedFirst.Add(provision);
            else if (removedAfter.TryGetValue(anchor, out var list))
                list.Add(provision);
            else
                removedAfter[anchor] = [provision];
        }

        var changes = new List<ProvisionChange>(after.Order.Count + removedFirst.Count);
        changes.AddRange(removedFirst.Select(p => Removed(p, after)));
        foreach (var provision in after.Order)
        {
            changes.Add(before.ById.TryGetValue(provision.Id, out var old)
                ? InBoth(old, provision, moved.Contains(provision.Id), before, after)
                : Added(provision, before));
            if (removedAfter.TryGetValue(provision.Id, out var removed))
                changes.AddRange(removed.Select(p => Removed(p, after)));
        }
        return new DraftComparison(changes);
    }

    private sealed record Located(string Id, DraftArticle Article, DraftParagraph? Paragraph, string Label, string Content);

    private sealed class Indexed
    {
        public List<Located> Order { get; } = [];
        public Dictionary<string, Located> ById { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Bracket> Brackets { get; } = new(StringComparer.Ordinal);
    }

    private static Indexed Index(DraftText text)
    {
        var index = new Indexed();
        foreach (var article in text.Articles)
        {
            Add(new Located(article.Id, article, null, DraftProvisions.ArticleLabel(article), article.Title));
            var labels = DraftProvisions.ParagraphLabels(article);
            for (var i = 0; i < article.Paragraphs.Count; i++)
            {
                var paragraph = article.Paragraphs[i];
                Add(new Located(paragraph.Id, article, paragraph, labels[i], DraftProvisions.Render(paragraph.Content)));
                foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                    index.Brackets.TryAdd(bracket.Id, bracket);
            }
        }
        return index;

        void Add(Located located)
        {
            index.Order.Add(located);
            index.ById.TryAdd(located.Id, located);
        }
    }

    private static ProvisionChange Added(Located provision, Indexed before) => new(
        provision.Id,
        provision.Article.Id,
        provision.Paragraph is null,
        null,
        provision.Label,
        ProvisionChangeKind.Added,
        Renumbered: false,
        Moved: false,
        Run(WordChangeKind.Inserted, provision.Content),
        provision.Paragraph is null ? [] : [.. DraftProvisions.Brackets(provision.Paragraph.Content)
            .Where(b => !before.Brackets.ContainsKey(b.Id))
            .Select(b => new BracketChange(b.Id, BracketChangeKind.Opened, DraftProvisions.Render([b]), [], false))],
        Reservations(provision),
        []);

    private static ProvisionChange Removed(Located provision, Indexed after) => new(
        provision.Id,
        provision.Article.Id,
        provision.Paragraph is null,
        provision.Label,
        null,
        ProvisionChangeKind.Removed,
        Renumbered: false,
        Moved: false,
        Run(WordChangeKind.Deleted, provision.Content),
        provision.Paragraph is null ? [] : [.. DraftProvisions.Brackets(provision.Paragraph.Content)
            .Where(b => !after.Brackets.ContainsKey(b.Id))
            .Select(b => new BracketChange(b.Id, BracketChangeKind.Closed, DraftProvisions.Render([b]), [], false))],
        [],
        Reservations(provision));

    private static ProvisionChange InBoth(Located old, Located now, bool moved, Indexed before, Indexed after)
    {
        var renumbered = old.Label != now.Label;
        var words = old.Content == now.Content ? Run(WordChangeKind.Unchanged, now.Content) : WordDiff(old.Content, now.Content);
        var brackets = new List<BracketChange>();
        if (old.Paragraph is not null && now.Paragraph is not null && old.Content != now.Content)
        {
            foreach (var bracket in DraftProvisions.Brackets(now.Paragraph.Content))
            {
                if (!before.Brackets.TryGetValue(bracket.Id, out var previous))
                    brackets.Add(new BracketChange(bracket.Id, BracketChangeKind.Opened, DraftProvisions.Render([bracket]), [], false));
                else if (CompareBracket(previous, bracket) is { } change)
                    brackets.Add(change);
            }
            foreach (var bracket in DraftProvisions.Brackets(old.Paragraph.Content))
            {
                if (!after.Brackets.ContainsKey(bracket.Id))
                    brackets.Add(new BracketChange(bracket.Id, BracketChangeKind.Closed, DraftProvisions.Render([bracket]), [], false));
            }
        }
        var oldReservations = Reservations(old);
        var newReservations = Reservations(now);
        var added = newReservations.Except(oldReservations).ToList();
        var removed = oldReservations.Except(newReservations).ToList();
        var changed = old.Content != now.Content || added.Count > 0 || removed.Count > 0;
        return new ProvisionChange(
            now.Id,
            now.Article.Id,
            now.Paragraph is null,
            old.Label,
            now.Label,
            changed ? ProvisionChangeKind.Changed : ProvisionChangeKind.Unchanged,
            renumbered,
            moved,
            words,
            brackets,
            added,
            removed);
    }

    private static BracketChange? CompareBracket(Bracket old, Bracket now)
    {
        var options = new List<OptionChange>();
        var oldOptions = old.Options.Select(o => (Text: DraftConvention.OptionText(o), Option: o)).ToList();
        var newOptions = now.Options.Select(o => (Text: DraftConvention.OptionText(o), Option: o)).ToList();
        var unmatchedOld = new List<(string Text, BracketOption Option)>(oldOptions);
        foreach (var (text, option) in newOptions)
        {
            var match = unmatchedOld.FindIndex(o => o.Text == text);
            if (match < 0)
            {
                options.Add(new OptionChange(OptionChangeKind.Added, text, option.ProposedBy, [], option.SupportedBy, []));
                continue;
            }
            var previous = unmatchedOld[match].Option;
            unmatchedOld.RemoveAt(match);
            var proposersAdded = option.ProposedBy.Except(previous.ProposedBy).ToList();
            var proposersRemoved = previous.ProposedBy.Except(option.ProposedBy).ToList();
            var supportersAdded = option.SupportedBy.Except(previous.SupportedBy).ToList();
            var supportersRemoved = previous.SupportedBy.Except(option.SupportedBy).ToList();
            if (proposersAdded.Count + proposersRemoved.Count + supportersAdded.Count + supportersRemoved.Count > 0)
                options.Add(new OptionChange(OptionChangeKind.AttributionChanged, text, proposersAdded, proposersRemoved, supportersAdded, supportersRemoved));
        }
        foreach (var (text, option) in unmatchedOld)
            options.Add(new OptionChange(OptionChangeKind.Dropped, text, [], option.ProposedBy, [], option.SupportedBy));
        var footnoteChanged = old.Footnote != now.Footnote;
        return options.Count == 0 && !footnoteChanged
            ? null
            : new BracketChange(now.Id, BracketChangeKind.Changed, DraftProvisions.Render([now]), options, footnoteChanged);
    }

    private static List<Reservation> Reservations(Located provision) =>
        [.. provision.Paragraph?.Reservations ?? provision.Article.Reservations];

    private static List<WordChange> Run(WordChangeKind kind, string text) => text.Length == 0 ? [] : [new WordChange(kind, text)];

    private static List<WordChange> WordDiff(string old, string now)
    {
        var diff = Differ.Instance.CreateDiffs(old, now, false, false, WordChunker.Instance);
        var runs = new List<WordChange>();
        var a = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; a < block.DeleteStartA; a++)
                Append(runs, WordChangeKind.Unchanged, diff.PiecesOld[a]);
            for (var k = 0; k < block.DeleteCountA; k++)
                Append(runs, WordChangeKind.Deleted, diff.PiecesOld[block.DeleteStartA + k]);
            for (var k = 0; k < block.InsertCountB; k++)
                Append(runs, WordChangeKind.Inserted, diff.PiecesNew[block.InsertStartB + k]);
            a = block.DeleteStartA + block.DeleteCountA;
        }
        for (; a < diff.PiecesOld.Count; a++)
            Append(runs, WordChangeKind.Unchanged, diff.PiecesOld[a]);
        return runs;
    }

    private static void Append(List<WordChange> runs, WordChangeKind kind, string piece)
    {
        if (runs.Count > 0 && runs[^1].Kind == kind)
            runs[^1] = runs[^1] with { Text = runs[^1].Text + piece };
        else
            runs.Add(new WordChange(kind, piece));
    }

    /// <summary>
    /// Provisions in both that moved: a paragraph now in another article, or out of order (not on the longest run of
    /// provisions kept in the same order) among the provisions of its article, or an article out of order.
    /// </summary>
    private static HashSet<string> MovedIds(DraftText from, DraftText to, Indexed before, Indexed after)
    {
        var moved = new HashSet<string>(StringComparer.Ordinal);
        var articlePositions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < from.Articles.Count; i++)
            articlePositions.TryAdd(from.Articles[i].Id, i);
        MarkOutOfOrder(to.Articles.Select(a => a.Id).Where(articlePositions.ContainsKey).ToList(), articlePositions, moved);

        foreach (var article in to.Articles)
        {
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            var kept = new List<string>();
            foreach (var paragraph in article.Paragraphs)
            {
                if (!before.ById.TryGetValue(paragraph.Id, out var old))
                    continue;
                if (old.Article.Id != article.Id)
                {
                    moved.Add(paragraph.Id);
                    continue;
                }
                kept.Add(paragraph.Id);
            }
            if (kept.Count < 2 || !before.ById.TryGetValue(article.Id, out var oldArticle))
                continue;
            for (var i = 0; i < oldArticle.Article.Paragraphs.Count; i++)
                positions.TryAdd(oldArticle.Article.Paragraphs[i].Id, i);
            MarkOutOfOrder(kept, positions, moved);
        }
        _ = after;
        return moved;
    }

    /// <summary>Marks the ids not on a longest increasing run of their earlier positions (O(n log n)).</summary>
    private static void MarkOutOfOrder(List<string> ids, Dictionary<string, int> earlierPosition, HashSet<string> moved)
    {
        var n = ids.Count;
        if (n < 2)
            return;
        var tails = new List<int>();
        var tailIndex = new List<int>();
        var parent = new int[n];
        for (var i = 0; i < n; i++)
        {
            var value = earlierPosition[ids[i]];
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (tails[mid] < value)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            parent[i] = lo > 0 ? tailIndex[lo - 1] : -1;
            if (lo == tails.Count)
            {
                tails.Add(value);
                tailIndex.Add(i);
            }
            else
            {
                tails[lo] = value;
                tailIndex[lo] = i;
            }
        }
        var onRun = new bool[n];
        for (var k = tailIndex[^1]; k >= 0; k = parent[k])
            onRun[k] = true;
        for (var i = 0; i < n; i++)
        {
            if (!onRun[i])
                moved.Add(ids[i]);
        }
    }
}
