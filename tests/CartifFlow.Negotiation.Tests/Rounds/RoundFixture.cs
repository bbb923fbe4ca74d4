using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Rounds;

namespace CartifFlow.Negotiation.Tests.Rounds;

/// <summary>A revision of the trade facilitation draft and the contributions and decisions of a round on it, made by hand.</summary>
internal static class RoundFixture
{
    public static readonly DateTimeOffset Opened = new(2026, 7, 7, 1, 0, 0, TimeSpan.Zero);

    public const string Markdown = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ, MON)] [trade in goods and services (PRC; supported by UZB)] between the Parties.

        2. Each Party shall publish its laws [within 90 days (KAZ)] [within 150 days (PRC)] of their adoption.

        ## Article 2: Publication

        1. Each Party shall make available the information referred to in Article 1.
        """;

    public static DraftText Revision() => DraftMarkdown.Parse(Markdown, SampleDrafts.PartyCodes).Text!;

    public static DraftParagraph Paragraph(DraftText text, int article, int paragraph) => text.Articles[article].Paragraphs[paragraph];

    public static string BracketOf(DraftText text, int article, int paragraph) => ((Bracket)Paragraph(text, article, paragraph).Content.First(s => s is Bracket)).Id;

    /// <summary>A contribution as the round's step records it (on the bracket's paragraph when it names a bracket).</summary>
    public static RoundComment Contribution(
        DraftText text, int number, string party, CommentKind kind, string? target = null, ProposalKind? proposal = null, string? bracket = null,
        int? option = null, string? wording = null, int version = 1)
    {
        var paragraph = bracket is not null ? DraftEdits.FindBracket(text, bracket)!.Value.Paragraph.Id : target;
        return new RoundComment
        {
            Id = number * 10 + version,
            PartyCode = party,
            PersonId = "fp-" + party.ToLowerInvariant(),
            Kind = kind,
            Proposal = proposal,
            Target = paragraph,
            Provision = paragraph is null ? null : DraftProvisions.Find(text, paragraph)!.Label,
            BracketId = bracket,
            OptionIndex = option,
            Text = wording,
            Number = number,
            Version = version,
            BasedOnRevision = 1,
            At = Opened.AddHours(number * 10 + version),
        };
    }

    private static int _decisions;

    public static ConsolidationDecision Decision(int? number, DecisionKind kind, int? mergedWith = null, string? wording = null, string? reason = null, string? target = null, int? option = null)
    {
        var n = Interlocked.Increment(ref _decisions);
        return new ConsolidationDecision
        {
            Id = n,
            Number = number,
            Decision = kind,
            MergedWith = mergedWith,
            Wording = wording,
            Reason = reason,
            Target = target,
            OptionIndex = option,
            DecidedBy = "sec-1",
            At = Opened.AddDays(20).AddMinutes(n),
        };
    }
}
