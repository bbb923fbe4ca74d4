using System.Globalization;
using System.Text.Json.Serialization;
using CartifFlow.Negotiation.Drafts;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>
/// One line of a provenance table: a contribution of a round (or the Secretariat's own drafting) and what the
/// consolidation did with it.
/// </summary>
/// <param name="Number">The contribution's number in the round (0 for the Secretariat's drafting).</param>
/// <param name="Party">The party's code; empty for the Secretariat's drafting.</param>
/// <param name="Kind">new-option, replacement, insertion, deletion, support, withdrawal, comments or secretariat-drafting.</param>
/// <param name="Decision">accepted, merged, bracketed, not-reflected, noted, addressed, applied or secretariat-drafting.</param>
/// <param name="ProvisionId">The provision's stable id in revision N (null for a general comment).</param>
/// <param name="Provision">The provision's label in revision N ("Article 1, paragraph 2"), or "General".</param>
/// <param name="ResultId">The provision in revision N+1 the contribution ended up in, when that is another (an inserted paragraph).</param>
/// <param name="Wording">The wording proposed (or merged, or drafted).</param>
/// <param name="Reasoning">The Secretariat's reasoning, if any.</param>
/// <param name="With">For a merge: the other parties whose proposals went into the same option.</param>
/// <param name="Source">Where a proposal made on the party's behalf came from.</param>
public sealed record ProvenanceEntry(
    int Number, string Party, string Kind, string Decision, string? ProvisionId, string Provision, string? ResultId,
    string? Wording, string? Reasoning, IReadOnlyList<string> With, string? Source)
{
    /// <summary>True when the entry changed the text (anything but a proposal not reflected or a comment).</summary>
    [JsonIgnore]
    public bool Reflected => Decision is ProvenanceDecisions.Accepted or ProvenanceDecisions.Merged or ProvenanceDecisions.Bracketed or ProvenanceDecisions.Applied or ProvenanceDecisions.SecretariatDrafting or ProvenanceDecisions.Settled;
}

/// <summary>
/// Where revision N+1 came from: every contribution of the round once, with the decision on it. Stored with the
/// revision (<see cref="DraftRevision.Provenance"/>) and shown with its circulation.
/// </summary>
/// <param name="Round">The round's key.</param>
/// <param name="FromRevision">Revision N.</param>
/// <param name="ToRevision">Revision N+1.</param>
/// <param name="Entries">The contributions, in order of number, then the Secretariat's drafting.</param>
public sealed record ProvenanceTable(string Round, int FromRevision, int ToRevision, IReadOnlyList<ProvenanceEntry> Entries)
{
    /// <summary>The entries grouped by provision, in the order of the entries.</summary>
    [JsonIgnore]
    public IEnumerable<IGrouping<string, ProvenanceEntry>> ByProvision => Entries.GroupBy(e => e.Provision);

    /// <summary>The parties' entries grouped by party (the Secretariat's drafting not included), by party code.</summary>
    [JsonIgnore]
    public IEnumerable<IGrouping<string, ProvenanceEntry>> ByParty => Entries.Where(e => e.Party.Length > 0).OrderBy(e => e.Party, StringComparer.Ordinal).GroupBy(e => e.Party);
}

/// <summary>The names a provenance table uses for its decisions.</summary>
public static class ProvenanceDecisions
{
    /// <summary>In revision N+1 as proposed.</summary>
    public const string Accepted = "accepted";
    /// <summary>Merged with another party's proposal.</summary>
    public const string Merged = "merged";
    /// <summary>Bracketed as an alternative.</summary>
    public const string Bracketed = "bracketed";
    /// <summary>Not reflected (with a reason).</summary>
    public const string NotReflected = "not-reflected";
    /// <summary>A comment noted.</summary>
    public const string Noted = "noted";
    /// <summary>A comment addressed.</summary>
    public const string Addressed = "addressed";
    /// <summary>A support or withdrawal: the party's own position, applied as sent.</summary>
    public const string Applied = "applied";
    /// <summary>The Secretariat's own drafting.</summary>
    public const string SecretariatDrafting = "secretariat-drafting";
    /// <summary>A bracket settled on an option every remaining holder holds.</summary>
    public const string Settled = "settled";

    /// <summary>The name of a decision.</summary>
    public static string Of(DecisionKind kind) => kind switch
    {
        DecisionKind.Accepted => Accepted,
        DecisionKind.Merged => Merged,
        DecisionKind.Bracketed => Bracketed,
        DecisionKind.NotReflected => NotReflected,
        DecisionKind.Noted => Noted,
        DecisionKind.Addressed => Addressed,
        DecisionKind.Settled => Settled,
        _ => SecretariatDrafting,
    };
}

/// <summary>A row of the round's matrix: one provision, and what each party sent on it.</summary>
/// <param name="ProvisionId">The provision's stable id, or null for general contributions.</param>
/// <param name="Provision">Its label.</param>
/// <param name="Cells">Per party code, one line per contribution ("new-option: within 120 days").</param>
public sealed record RoundMatrixRow(string? ProvisionId, string Provision, IReadOnlyDictionary<string, IReadOnlyList<string>> Cells);

/// <summary>The result of a consolidation: revision N+1 and its provenance.</summary>
/// <param name="Text">Revision N+1 (ids assigned).</param>
/// <param name="Provenance">Every contribution once, with its decision.</param>
public sealed record ConsolidationResult(DraftText Text, ProvenanceTable Provenance);

/// <summary>
/// A round's consolidation on a structured revision: revision N+1 made from revision N by the parties' supports and
/// withdrawals, the Secretariat's decisions on their proposals and its own drafting, through <see cref="DraftEdits"/>;
/// the provenance table; the round's matrix; and the check that nothing was added or dropped that no party proposed
/// unless marked as the Secretariat's drafting.
/// </summary>
public static class Consolidation
{
    private static readonly string[] Suffixes = ["bis", "ter", "quater", "quinquies"];

    /// <summary>The latest version of each contribution, in order of number.</summary>
    public static IReadOnlyList<RoundComment> Latest(IEnumerable<RoundComment> contributions) =>
        [.. contributions.Where(c => c.Number > 0).GroupBy(c => c.Number).Select(g => g.OrderBy(c => c.Version).ThenBy(c => c.Id).Last()).OrderBy(c => c.Number)];

    /// <summary>The latest decision on each contribution, by number.</summary>
    public static IReadOnlyDictionary<int, ConsolidationDecision> LatestDecisions(IEnumerable<ConsolidationDecision> decisions) =>
        decisions.Where(d => d.Number is not null).GroupBy(d => d.Number!.Value).ToDictionary(g => g.Key, g => g.OrderBy(d => d.At).ThenBy(d => d.Id).Last());

    /// <summary>The Secretariat's latest drafting of each paragraph (an empty wording takes it back).</summary>
    public static IReadOnlyList<ConsolidationDecision> LatestDrafting(IEnumerable<ConsolidationDecision> decisions) =>
        [.. decisions.Where(d => d.Decision == DecisionKind.SecretariatDrafting && d.Target is not null).GroupBy(d => d.Target!)
            .Select(g => g.OrderBy(d => d.At).ThenBy(d => d.Id).Last()).Where(d => !string.IsNullOrWhiteSpace(d.Wording)).OrderBy(d => d.Id)];

    /// <summary>The Secretariat's latest settlement of each bracket (one without an option takes it back), in order.</summary>
    public static IReadOnlyList<ConsolidationDecision> LatestSettlements(IEnumerable<ConsolidationDecision> decisions) =>
        [.. decisions.Where(d => d.Decision == DecisionKind.Settled && d.Target is not null).GroupBy(d => d.Target!)
            .Select(g => g.OrderBy(d => d.At).ThenBy(d => d.Id).Last()).Where(d => d.OptionIndex is not null).OrderBy(d => d.Id)];

    /// <summary>
    /// The parties that would lose their option if bracket <paramref name="bracketId"/> of <paramref name="revision"/>
    /// were settled on option <paramref name="option"/> (0-based): those still holding another option after the
    /// round's supports and withdrawals without holding the chosen one. Empty when the others joined it or withdrew.
    /// </summary>
    public static IReadOnlyList<string> StillHoldingOthers(DraftText revision, string bracketId, int option, IEnumerable<RoundComment> contributions)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (DraftEdits.FindBracket(revision, bracketId) is not { } found || option < 0 || option >= found.Bracket.Options.Count)
            return [];
        var latest = Latest(contributions).Where(c => c.BracketId == bracketId && c.OptionIndex is not null).ToList();
        HashSet<string> Holders(int i)
        {
            var o = found.Bracket.Options[i];
            var holders = o.ProposedBy.Concat(o.SupportedBy).ToHashSet(StringComparer.Ordinal);
            holders.UnionWith(latest.Where(c => c.Kind == CommentKind.Support && c.OptionIndex == i).Select(c => c.PartyCode));
            holders.ExceptWith(latest.Where(c => c.Kind == CommentKind.Withdrawal && c.OptionIndex == i).Select(c => c.PartyCode));
            return holders;
        }

        var chosen = Holders(option);
        return [.. Enumerable.Range(0, found.Bracket.Options.Count).Where(i => i != option).SelectMany(Holders)
            .Where(p => !chosen.Contains(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The proposals (latest versions) that have no decision yet: nothing may be circulated while there is one.</summary>
    public static IReadOnlyList<RoundComment> Undecided(IEnumerable<RoundComment> contributions, IEnumerable<ConsolidationDecision> decisions)
    {
        var decided = LatestDecisions(decisions);
        return [.. Latest(contributions).Where(c => c.Kind == CommentKind.Proposal && (!decided.TryGetValue(c.Number, out var d) || d.Decision is DecisionKind.Noted or DecisionKind.Addressed or DecisionKind.SecretariatDrafting))];
    }

    /// <summary>"3 (KAZ, new option on Article 1, paragraph 2)": how a page or an error names a proposal.</summary>
    public static string Describe(RoundComment c) =>
        $"{c.Number.ToString(CultureInfo.InvariantCulture)} ({c.PartyCode}, {KindName(c)}{(c.Provision is { } p ? " on " + p : "")})";

    /// <summary>new-option, replacement, insertion, deletion, support, withdrawal, comments or no-comments.</summary>
    public static string KindName(RoundComment c) => c.Kind switch
    {
        CommentKind.Proposal => c.Proposal switch
        {
            ProposalKind.NewOption => "new-option",
            ProposalKind.Replacement => "replacement",
            ProposalKind.Insertion => "insertion",
            ProposalKind.Deletion => "deletion",
            _ => "proposal",
        },
        CommentKind.Support => "support",
        CommentKind.Withdrawal => "withdrawal",
        CommentKind.Comments => "comments",
        _ => "no-comments",
    };

    /// <summary>
    /// Parses a proposal's wording (the import convention: brackets and attribution allowed) against the paragraph it
    /// concerns; "delete" alone is a deletion option (no content). Bracket ids are cleared: the revision assigns them.
    /// </summary>
    public static DraftImportResult ParseWording(DraftText revision, string paragraphId, string wording, IReadOnlySet<string> partyCodes)
    {
        ArgumentNullException.ThrowIfNull(wording);
        var result = DraftMarkdown.ReplaceParagraphContent(revision, paragraphId, wording, partyCodes);
        return result;
    }

    /// <summary>The content a wording parses to (see <see cref="ParseWording"/>), or null with faults.</summary>
    public static IReadOnlyList<Segment>? Content(DraftText revision, string paragraphId, string wording, IReadOnlySet<string> partyCodes)
    {
        if (wording.Trim() == "delete")
            return [];
        var result = ParseWording(revision, paragraphId, wording, partyCodes);
        if (!result.Succeeded)
            return null;
        return ClearIds(DraftProvisions.Find(result.Text, paragraphId)!.Paragraph!.Content);
    }

    /// <summary>Builds revision N+1 from revision N and the round's contributions and decisions (checked complete by the caller).</summary>
    public static ConsolidationResult Build(
        string round, DraftText revision, int fromRevision, int toRevision, IEnumerable<RoundComment> contributions,
        IEnumerable<ConsolidationDecision> decisions, IReadOnlySet<string> partyCodes)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var latest = Latest(contributions);
        var decisionList = decisions.ToList();
        var decided = LatestDecisions(decisionList);
        var byNumber = latest.ToDictionary(c => c.Number);
        var text = revision;
        var entries = new List<ProvenanceEntry>();
        var inserted = new Dictionary<DraftParagraph, int>(ReferenceEqualityComparer.Instance);

        string Label(string? id)
        {
            if (id is null)
                return "General";
            if (DraftProvisions.Find(revision, id) is { } p)
                return p.Label;
            return DraftEdits.FindBracket(revision, id) is { } b ? DraftProvisions.Label(b.Article, b.Paragraph) : id;
        }

        string? ParagraphOf(RoundComment c) => c.BracketId is { } b && DraftEdits.FindBracket(revision, b) is { } found ? found.Paragraph.Id : c.Target;

        // 1. Supports: the party joins an option of revision N (indices are N's; options are only appended before withdrawals).
        foreach (var c in latest.Where(c => c.Kind == CommentKind.Support))
        {
            if (c.BracketId is { } b && c.OptionIndex is { } i && DraftEdits.FindBracket(text, b) is not null)
                text = DraftEdits.Support(text, b, i, c.PartyCode);
            entries.Add(Entry(c, ProvenanceDecisions.Applied, ParagraphOf(c), Label(ParagraphOf(c)), null, null, []));
        }

        // 2. Proposals: merged ones in groups (one option, every party attributed), the others one by one.
        var proposals = latest.Where(c => c.Kind == CommentKind.Proposal).ToList();
        var groups = MergeGroups(proposals, decided);
        var paragraphChanges = new List<(RoundComment Lead, IReadOnlyList<RoundComment> Group, DecisionKind Decision, string? Wording)>();
        foreach (var c in proposals)
        {
            if (!decided.TryGetValue(c.Number, out var d))
                continue;
            if (d.Decision == DecisionKind.NotReflected)
            {
                entries.Add(Entry(c, ProvenanceDecisions.NotReflected, ParagraphOf(c), Label(ParagraphOf(c)), null, d.Reason, []));
                continue;
            }

            var group = d.Decision == DecisionKind.Merged ? groups[c.Number] : [c];
            var lead = group[0];
            var wording = d.Decision == DecisionKind.Merged
                ? group.Select(g => decided[g.Number]).Where(x => !string.IsNullOrWhiteSpace(x.Wording)).OrderBy(x => x.At).ThenBy(x => x.Id).LastOrDefault()?.Wording ?? lead.Text
                : c.Text;
            var others = group.Where(g => g.PartyCode != c.PartyCode).Select(g => g.PartyCode).Distinct(StringComparer.Ordinal).ToList();
            entries.Add(Entry(c, ProvenanceDecisions.Of(d.Decision), ParagraphOf(c), Label(ParagraphOf(c)), d.Decision == DecisionKind.Merged ? wording : null, d.Reason, others));
            if (!ReferenceEquals(lead, c))
                continue; // the group's change is made once, for its first proposal

            if (c.Proposal == ProposalKind.NewOption)
            {
                var paragraph = ParagraphOf(c)!;
                var content = Content(revision, paragraph, wording ?? string.Empty, partyCodes) ?? [];
                if (DraftEdits.FindBracket(text, c.BracketId!) is not null)
                    text = DraftEdits.AddOption(text, c.BracketId!, new BracketOption(content, Parties(group), []));
            }
            else
            {
                paragraphChanges.Add((c, group, d.Decision, wording));
            }
        }

        // 2b. Brackets the Secretariat settles on an option of revision N (before withdrawals, so that N's indices
        // hold): the option's wording replaces the bracket, attributed to its holders in the provenance table.
        foreach (var d in LatestSettlements(decisionList))
        {
            if (DraftEdits.FindBracket(text, d.Target!) is not { } found || d.OptionIndex is not { } i || i >= found.Bracket.Options.Count)
                continue;
            var held = found.Bracket.Options[i];
            var holders = held.ProposedBy.Concat(held.SupportedBy).Distinct(StringComparer.Ordinal).ToList(); // supports applied above
            text = DraftEdits.Settle(text, d.Target!, i);
            entries.Add(new ProvenanceEntry(0, string.Empty, "settlement", ProvenanceDecisions.Settled, found.Paragraph.Id, Label(found.Paragraph.Id), null,
                DraftProvisions.Render(held.Content), d.Reason, holders, null));
        }

        // 3. Withdrawals, highest option first in each bracket so that the lower indices stay N's.
        foreach (var c in latest.Where(c => c.Kind == CommentKind.Withdrawal).OrderBy(c => c.BracketId, StringComparer.Ordinal).ThenByDescending(c => c.OptionIndex))
        {
            if (c.BracketId is { } b && c.OptionIndex is { } i && DraftEdits.FindBracket(text, b) is { } found && i < found.Bracket.Options.Count)
                text = DraftEdits.Withdraw(text, b, i, c.PartyCode);
            entries.Add(Entry(c, ProvenanceDecisions.Applied, ParagraphOf(c), Label(ParagraphOf(c)), null, null, []));
        }

        // 4. The Secretariat's drafting, then replacements, insertions and deletions of whole paragraphs.
        foreach (var d in LatestDrafting(decisionList))
        {
            if (DraftProvisions.Find(text, d.Target!)?.Paragraph is not null && Content(text, d.Target!, d.Wording!, partyCodes) is { } drafted)
                text = DraftEdits.ChangeParagraph(text, d.Target!, p => p with { Content = drafted });
            entries.Add(new ProvenanceEntry(0, string.Empty, "secretariat-drafting", ProvenanceDecisions.SecretariatDrafting, d.Target, Label(d.Target), null, d.Wording, d.Reason, [], null));
        }

        foreach (var (lead, group, decision, wording) in paragraphChanges.Where(x => x.Lead.Proposal == ProposalKind.Replacement))
        {
            var id = lead.Target!;
            if (DraftProvisions.Find(text, id)?.Paragraph is not { } current)
                continue;
            var proposed = Content(revision, id, wording ?? string.Empty, partyCodes) ?? [];
            text = decision == DecisionKind.Accepted
                ? DraftEdits.ChangeParagraph(text, id, p => p with { Content = proposed })
                : DraftEdits.ChangeParagraph(text, id, p => p with { Content = [new Bracket(string.Empty, [new BracketOption(current.Content, [], []), new BracketOption(proposed, Parties(group), [])], null)] });
        }

        foreach (var (lead, group, decision, wording) in paragraphChanges.Where(x => x.Lead.Proposal == ProposalKind.Insertion))
        {
            var proposed = Content(revision, lead.Target!, wording ?? string.Empty, partyCodes) ?? [];
            var content = decision == DecisionKind.Accepted ? proposed : [new Bracket(string.Empty, [new BracketOption(proposed, Parties(group), [])], null)];
            text = Insert(text, lead.Target!, content, out var paragraph);
            if (paragraph is not null)
                inserted[paragraph] = lead.Number;
        }

        foreach (var (lead, group, decision, _) in paragraphChanges.Where(x => x.Lead.Proposal == ProposalKind.Deletion))
        {
            var id = lead.Target!;
            if (DraftProvisions.Find(text, id)?.Paragraph is not { } current)
                continue;
            text = decision == DecisionKind.Accepted
                ? new DraftText([.. text.Articles.Select(a => a with { Paragraphs = [.. a.Paragraphs.Where(p => p.Id != id)] })])
                : DraftEdits.ChangeParagraph(text, id, p => p with { Content = [new Bracket(string.Empty, [new BracketOption(current.Content, [], []), new BracketOption([], Parties(group), [])], null)] });
        }

        // 5. Comments: noted unless marked addressed.
        foreach (var c in latest.Where(c => c.Kind == CommentKind.Comments))
        {
            var d = decided.GetValueOrDefault(c.Number);
            var decision = d?.Decision == DecisionKind.Addressed ? ProvenanceDecisions.Addressed : ProvenanceDecisions.Noted;
            entries.Add(Entry(c, decision, c.Target, Label(c.Target), null, d?.Reason, []));
        }

        // Ids: new brackets and inserted paragraphs get theirs as an import would (matched to N, else new).
        var positions = new Dictionary<(int, int), int>();
        for (var a = 0; a < text.Articles.Count; a++)
        {
            for (var p = 0; p < text.Articles[a].Paragraphs.Count; p++)
            {
                if (inserted.TryGetValue(text.Articles[a].Paragraphs[p], out var number))
                    positions[(a, p)] = number;
            }
        }

        var assigned = DraftIdentity.Assign(text, revision);
        var resultIds = positions.ToDictionary(kv => kv.Value, kv => assigned.Articles[kv.Key.Item1].Paragraphs[kv.Key.Item2].Id);
        var ordered = entries.Select(e => resultIds.TryGetValue(e.Number, out var id) && e.Party.Length > 0 ? e with { ResultId = id } : e)
            .OrderBy(e => e.Number == 0 ? int.MaxValue : e.Number).ToList();
        return new ConsolidationResult(assigned, new ProvenanceTable(round, fromRevision, toRevision, ordered));
    }

    /// <summary>
    /// The provisions of revision N+1 changed, added or dropped (against revision N) that no reflected entry of the
    /// provenance table accounts for: empty when consolidation added and dropped nothing that no party proposed,
    /// except what is marked as the Secretariat's drafting.
    /// </summary>
    public static IReadOnlyList<string> Unexplained(DraftText from, DraftText to, ProvenanceTable provenance)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(provenance);
        var explained = provenance.Entries.Where(e => e.Reflected).SelectMany(e => new[] { e.ProvisionId, e.ResultId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var before = DraftProvisions.All(from).Where(p => p.Paragraph is not null).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var after = DraftProvisions.All(to).Where(p => p.Paragraph is not null).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var faults = new List<string>();
        foreach (var (id, p) in after)
        {
            var changed = !before.TryGetValue(id, out var old) || DraftProvisions.Render(old.Paragraph!.Content) != DraftProvisions.Render(p.Paragraph!.Content);
            if (changed && !explained.Contains(id))
                faults.Add($"{p.Label}: {(old is null ? "added" : "changed")} without a party's proposal or the Secretariat's drafting");
        }

        foreach (var (id, p) in before)
        {
            if (!after.ContainsKey(id) && !explained.Contains(id))
                faults.Add($"{p.Label}: dropped without a party's proposal or the Secretariat's drafting");
        }

        return faults;
    }

    /// <summary>The WTO chairs' matrix: provisions in rows (in the order of revision N, general last), parties in columns.</summary>
    public static IReadOnlyList<RoundMatrixRow> Matrix(DraftText revision, IEnumerable<RoundComment> contributions)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var latest = Latest(contributions).Where(c => c.Kind != CommentKind.NoComments).ToList();
        var order = DraftProvisions.All(revision).Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        string? Key(RoundComment c) => c.BracketId is { } b && DraftEdits.FindBracket(revision, b) is { } found ? found.Paragraph.Id : c.Target;
        return [.. latest.GroupBy(Key)
            .OrderBy(g => g.Key is null ? int.MaxValue : order.GetValueOrDefault(g.Key, int.MaxValue - 1))
            .Select(g => new RoundMatrixRow(
                g.Key,
                g.Key is null ? "General" : DraftProvisions.Find(revision, g.Key)?.Label ?? g.Key,
                g.GroupBy(c => c.PartyCode).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Select(Cell)], StringComparer.Ordinal)))];

        static string Cell(RoundComment c)
        {
            var kind = KindName(c);
            var option = c.OptionIndex is { } i ? $" (option {(i + 1).ToString(CultureInfo.InvariantCulture)})" : "";
            return string.IsNullOrWhiteSpace(c.Text) ? kind + option : $"{kind}{option}: {c.Text}";
        }
    }

    private static ProvenanceEntry Entry(RoundComment c, string decision, string? provisionId, string label, string? wording, string? reason, IReadOnlyList<string> with) =>
        new(c.Number, c.PartyCode, KindName(c), decision, provisionId, label, null, wording ?? (c.Kind is CommentKind.Support or CommentKind.Withdrawal ? null : c.Text), reason, with, c.Source);

    private static List<string> Parties(IEnumerable<RoundComment> group) => [.. group.Select(g => g.PartyCode).Distinct(StringComparer.Ordinal)];

    /// <summary>The proposals merged together, for each merged proposal's number: connected through "merged with", in order of number.</summary>
    private static Dictionary<int, List<RoundComment>> MergeGroups(List<RoundComment> proposals, IReadOnlyDictionary<int, ConsolidationDecision> decided)
    {
        var parent = proposals.ToDictionary(p => p.Number, p => p.Number);
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var p in proposals)
        {
            if (decided.TryGetValue(p.Number, out var d) && d.Decision == DecisionKind.Merged && d.MergedWith is { } other && parent.ContainsKey(other))
                parent[Find(p.Number)] = Find(other);
        }

        var merged = proposals.Where(p => decided.TryGetValue(p.Number, out var d) && d.Decision == DecisionKind.Merged).ToList();
        return merged.ToDictionary(p => p.Number, p => merged.Where(q => Find(q.Number) == Find(p.Number)).OrderBy(q => q.Number).ToList());
    }

    private static DraftText Insert(DraftText text, string afterId, IReadOnlyList<Segment> content, out DraftParagraph? paragraph)
    {
        DraftParagraph? made = null;
        var articles = text.Articles.Select(a =>
        {
            var index = -1;
            for (var i = 0; i < a.Paragraphs.Count; i++)
            {
                if (a.Paragraphs[i].Id == afterId)
                    index = i;
            }

            if (index < 0)
                return a;
            var after = a.Paragraphs[index];
            // The inserted paragraph goes after the target and its sub-paragraphs, numbered "2bis" after "2".
            var end = index + 1;
            while (end < a.Paragraphs.Count && a.Paragraphs[end].Level > after.Level)
                end++;
            var numbers = a.Paragraphs.Select(p => p.Number).ToHashSet(StringComparer.Ordinal);
            var number = string.Empty;
            if (after.Number.Length > 0 && char.IsAsciiDigit(after.Number[0]))
                number = Suffixes.Select(s => after.Number + s).FirstOrDefault(n => !numbers.Contains(n)) ?? string.Empty;
            made = new DraftParagraph(string.Empty, number, number.Length > 0 ? after.Level : 0, content, []);
            var paragraphs = a.Paragraphs.ToList();
            paragraphs.Insert(end, made);
            return a with { Paragraphs = paragraphs };
        }).ToList();
        paragraph = made;
        return new DraftText(articles);
    }

    private static List<Segment> ClearIds(IReadOnlyList<Segment> content) =>
        [.. content.Select(s => s is Bracket b ? b with { Id = string.Empty, Options = [.. b.Options.Select(o => o with { Content = ClearIds(o.Content) })] } : s)];
}
