namespace CartifFlow.Negotiation.Drafts;

/// <summary>Deterministic generated protocols for tests, the benchmark and the demo seed.</summary>
public static class SampleDrafts
{
    /// <summary>The CARTIF parties' codes.</summary>
    public static IReadOnlyList<string> Parties { get; } = ["AZE", "PRC", "GEO", "KAZ", "KGZ", "MON", "PAK", "TAJ", "TKM", "UZB"];

    /// <summary>The parties' codes as a set, for the importers.</summary>
    public static IReadOnlySet<string> PartyCodes { get; } = new HashSet<string>(Parties, StringComparer.Ordinal);

    /// <summary>
    /// A protocol of <paramref name="articles"/> articles in parts of ten, six provisions each on average (paragraphs
    /// and sub-paragraphs), about half of them bracketed (nested brackets, alternatives, deletion options, footnotes),
    /// a few reservations; 100 articles make a "100-page protocol" (~600 provisions, ~300 brackets). Same seed, same text.
    /// </summary>
    public static DraftText Generate(int articles = 100, int seed = 1) => throw new NotImplementedException();

    /// <summary>
    /// The next revision of a generated text, as a round would make it: a new article inserted near the start
    /// (renumbering the rest), about a third of the brackets closed on their first option, a party joining an option,
    /// a new option on a bracket. Same input and seed, same output.
    /// </summary>
    public static DraftText NextRevision(DraftText previous, int seed = 1) => throw new NotImplementedException();
}
