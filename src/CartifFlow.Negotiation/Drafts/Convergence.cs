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
    public static DraftConvergence Measure(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? overlay = null) =>
        throw new NotImplementedException();
}
