namespace CartifFlow.Negotiation.Drafts;

/// <summary>Deterministic generated protocols for tests, the benchmark and the demo seed.</summary>
public static class SampleDrafts
{
    private static readonly string[] Subjects =
    [
        "Each Party", "The Parties", "The competent authorities of each Party", "The customs administrations",
        "The Joint Committee", "A Party that applies a measure under this Article", "The Secretariat",
    ];

    private static readonly string[] Verbs =
    [
        "shall publish", "shall notify", "shall endeavour to make available", "shall ensure the availability of",
        "may maintain", "shall review", "shall cooperate on", "shall not apply",
    ];

    private static readonly string[] Objects =
    [
        "its laws and regulations of general application relating to transit",
        "information on fees and charges imposed on or in connection with importation",
        "procedures for the release of goods",
        "advance rulings on tariff classification and origin",
        "the use of electronic payment for duties and taxes",
        "a single window for the submission of documentation",
        "risk management systems for customs control",
        "measures affecting trade in goods between the Parties",
    ];

    private static readonly string[] Qualifiers =
    [
        "in a non-discriminatory manner", "through an official website", "in accordance with its domestic law",
        "to the extent practicable", "in English or Russian", "without undue delay", "on a reciprocal basis",
    ];

    private static readonly string[] Alternatives =
    [
        "within 90 days", "within 150 days", "within a reasonable period", "promptly", "as soon as possible",
        "not later than the date of entry into force", "at least 30 days before", "no later than six months",
        "shall", "should", "may", "including", "in particular", "where appropriate", "upon request",
        "the Joint Committee", "a working group", "the Parties by consensus", "each Party",
    ];

    private static readonly string[] Footnotes =
    [
        "subject to domestic consultations", "pending the outcome of the working group on transit",
        "to be reviewed at the next round", "the Secretariat to propose a compromise",
    ];

    private static readonly string[] Titles =
    [
        "Definitions", "Scope", "Publication", "Enquiry points", "Advance rulings", "Appeal procedures",
        "Fees and charges", "Release of goods", "Risk management", "Post-clearance audit", "Transit",
        "Cooperation", "Single window", "Border agency cooperation", "Institutional arrangements",
        "Transparency", "Notification", "Consultations", "Review", "Special and differential treatment",
    ];

    private static readonly string[] PartTitles =
    [
        "General provisions", "Transparency", "Customs procedures", "Transit", "Cooperation",
        "Institutional provisions", "Dispute settlement", "Final provisions", "Capacity building", "Review",
    ];

    /// <summary>The CARTIF parties' codes.</summary>
    public static IReadOnlyList<string> Parties { get; } = ["AZE", "PRC", "GEO", "KAZ", "KGZ", "MON", "PAK", "TAJ", "TKM", "UZB"];

    /// <summary>The parties' codes as a set, for the importers.</summary>
    public static IReadOnlySet<string> PartyCodes { get; } = new HashSet<string>(Parties, StringComparer.Ordinal);

    /// <summary>
    /// A protocol of <paramref name="articles"/> articles in parts of ten, six provisions each on average (paragraphs
    /// and sub-paragraphs), about half of them bracketed (nested brackets, alternatives, deletion options, footnotes),
    /// a few reservations; 100 articles make a "100-page protocol" (~600 provisions, ~300 brackets). Same seed, same text.
    /// </summary>
    public static DraftText Generate(int articles = 100, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(articles);
        var random = new Random(seed);
        var list = new List<DraftArticle>(articles);
        for (var a = 0; a < articles; a++)
        {
            var part = $"Part {RomanNumeral(a / 10 + 1)}: {PartTitles[a / 10 % PartTitles.Length]}";
            var paragraphs = new List<DraftParagraph>();
            var numbered = random.Next(3, 5);
            for (var n = 1; n <= numbered; n++)
            {
                paragraphs.Add(Paragraph(random, n.ToString(System.Globalization.CultureInfo.InvariantCulture), 0));
                if (n == 2 && random.Next(3) > 0)
                {
                    var letters = random.Next(2, 4);
                    for (var l = 0; l < letters; l++)
                    {
                        paragraphs.Add(Paragraph(random, $"({(char)('a' + l)})", 1));
                        if (l == 0 && random.Next(3) == 0)
                        {
                            paragraphs.Add(Paragraph(random, "(i)", 2));
                            paragraphs.Add(Paragraph(random, "(ii)", 2));
                        }
                    }
                }
            }
            var reservations = random.Next(30) == 0 ? new List<Reservation> { new(Pick(random, Parties), Pick(random, Footnotes)) } : [];
            var title = Titles[(a + random.Next(3)) % Titles.Length];
            list.Add(new DraftArticle("", (a + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), title, part, paragraphs, reservations));
        }
        return DraftIdentity.Assign(new DraftText(list), null);
    }

    /// <summary>
    /// The next revision of a generated text, as a round would make it: a new article inserted after the first
    /// (renumbering the rest), about a third of the brackets closed on their first option, a party joining an option,
    /// a new option on a bracket. Same input and seed, same output.
    /// </summary>
    public static DraftText NextRevision(DraftText previous, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var random = new Random(seed);
        var articles = new List<DraftArticle>();
        foreach (var article in previous.Articles)
        {
            var paragraphs = article.Paragraphs
                .Select(p => p with { Content = Revise(random, p.Content) })
                .ToList();
            articles.Add(article with { Paragraphs = paragraphs });
        }
        if (articles.Count > 0)
        {
            var inserted = new DraftArticle(
                "",
                "",
                "Electronic commerce facilitation",
                articles[0].Part,
                [Paragraph(random, "1", 0), Paragraph(random, "2", 0)],
                []);
            articles.Insert(Math.Min(1, articles.Count), inserted);
        }
        for (var i = 0; i < articles.Count; i++)
            articles[i] = articles[i] with { Number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return DraftIdentity.Assign(new DraftText(articles), previous);
    }

    private static List<Segment> Revise(Random random, IReadOnlyList<Segment> content)
    {
        var result = new List<Segment>();
        foreach (var segment in content)
        {
            if (segment is not Bracket bracket)
            {
                result.Add(segment);
                continue;
            }
            var roll = random.Next(10);
            if (roll < 3)
            {
                // Closed on its first option.
                result.AddRange(bracket.Options[0].Content);
            }
            else if (roll == 3)
            {
                var option = bracket.Options[0];
                var joining = Parties.FirstOrDefault(p => !option.ProposedBy.Contains(p) && !option.SupportedBy.Contains(p));
                var options = bracket.Options.ToList();
                if (joining is not null)
                    options[0] = option with { SupportedBy = [.. option.SupportedBy, joining] };
                result.Add(bracket with { Options = options });
            }
            else if (roll == 4)
            {
                result.Add(bracket with
                {
                    Options = [.. bracket.Options, new BracketOption([new TextSegment("within 120 days")], [Pick(random, Parties)], [])],
                });
            }
            else
            {
                result.Add(bracket);
            }
        }
        return Merge(result);
    }

    /// <summary>Joins adjacent text segments, as the reader would read them.</summary>
    private static List<Segment> Merge(List<Segment> segments)
    {
        var merged = new List<Segment>();
        foreach (var segment in segments)
        {
            if (segment is TextSegment text && merged.Count > 0 && merged[^1] is TextSegment previous)
                merged[^1] = new TextSegment(previous.Text + text.Text);
            else
                merged.Add(segment);
        }
        if (merged.Count > 0 && merged[0] is TextSegment first)
            merged[0] = new TextSegment(first.Text.TrimStart());
        if (merged.Count > 0 && merged[^1] is TextSegment last)
            merged[^1] = new TextSegment(last.Text.TrimEnd());
        merged.RemoveAll(s => s is TextSegment { Text.Length: 0 });
        return merged;
    }

    private static DraftParagraph Paragraph(Random random, string number, int level)
    {
        var content = new List<Segment>();
        var subject = Pick(random, Subjects);
        var verb = Pick(random, Verbs);
        var obj = Pick(random, Objects);
        var qualifier = Pick(random, Qualifiers);
        var kind = random.Next(12);
        if (kind < 6)
        {
            content.Add(new TextSegment($"{subject} {verb} {obj}"));
        }
        else if (kind < 9)
        {
            content.Add(new TextSegment($"{subject} "));
            content.Add(Bracket(random, nested: kind == 8));
            content.Add(new TextSegment($" {obj}"));
        }
        else if (kind < 11)
        {
            content.Add(new TextSegment($"{subject} {verb} {obj} "));
            content.Add(Bracket(random, nested: false));
        }
        else
        {
            // A whole bracketed provision against deletion.
            content.Add(new Bracket("", [Option(random, [new TextSegment($"{subject} {verb} {obj} {qualifier}")])], null));
            return new DraftParagraph("", number, level, content, []);
        }
        content.Add(new TextSegment($" {qualifier}."));
        var merged = Merge(content);
        var reservations = random.Next(25) == 0 ? new List<Reservation> { new(Pick(random, Parties), Pick(random, Footnotes)) } : [];
        return new DraftParagraph("", number, level, merged, reservations);
    }

    private static Bracket Bracket(Random random, bool nested)
    {
        var count = random.Next(1, 4);
        var used = new HashSet<string>();
        var options = new List<BracketOption>();
        for (var o = 0; o < count; o++)
        {
            string wording;
            do
            {
                wording = Pick(random, Alternatives);
            }
            while (!used.Add(wording));
            if (o == 0 && nested)
            {
                options.Add(Option(random,
                [
                    new TextSegment($"{wording} "),
                    new Bracket("", [Option(random, [new TextSegment("or transit")]), Option(random, [])], null),
                ]));
            }
            else if (o == count - 1 && count > 1 && random.Next(5) == 0)
            {
                options.Add(Option(random, []));
            }
            else
            {
                options.Add(Option(random, [new TextSegment(wording)]));
            }
        }
        var footnote = random.Next(8) == 0 ? Pick(random, Footnotes) : null;
        return new Bracket("", options, footnote);
    }

    private static BracketOption Option(Random random, IReadOnlyList<Segment> content)
    {
        var proposers = Pick(random, random.Next(1, 4), []);
        var supporters = random.Next(3) == 0 ? Pick(random, random.Next(1, 3), proposers) : [];
        return new BracketOption(content, proposers, supporters);
    }

    private static List<string> Pick(Random random, int count, IReadOnlyCollection<string> excluding)
    {
        var pool = Parties.Where(p => !excluding.Contains(p)).ToList();
        var picked = new List<string>();
        for (var i = 0; i < count && pool.Count > 0; i++)
        {
            var index = random.Next(pool.Count);
            picked.Add(pool[index]);
            pool.RemoveAt(index);
        }
        return picked;
    }

    private static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    private static string RomanNumeral(int value)
    {
        var numerals = new (int Value, string Text)[] { (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") };
        var result = "";
        foreach (var (v, t) in numerals)
        {
            while (value >= v)
            {
                result += t;
                value -= v;
            }
        }
        return result;
    }
}
