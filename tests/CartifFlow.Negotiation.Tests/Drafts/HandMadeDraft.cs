namespace CartifFlow.Negotiation.Tests.Drafts;

/// <summary>A small hand-made text with nested brackets, alternatives, deletion, footnotes and reservations.</summary>
internal static class HandMadeDraft
{
    public const string Markdown = """
        # Part I: General provisions

        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ, MON)] [trade in goods and services (PRC; supported by UZB)] between the Parties.

        2. Each Party shall publish its laws [within [90] [120 (TAJ)] days (KAZ)] [within 150 days (PRC)] [delete (PAK)]^[subject to domestic consultations] of their adoption.

        Reservation (PAK): subject to domestic consultations

        ## Article 2: Publication

        Reservation (TKM): pending internal review

        1. Each Party shall make available [promptly / as soon as possible (GEO)] the information
        referred to in Article 1.

        (a) fees and charges;

        (i) for importation;

        (ii) for exportation; and

        (b) [procedures for appeal (AZE)].

        2. Nothing in this Article requires a Party to publish confidential information.
        """;
}
