namespace CartifFlow.Negotiation.Drafts;

/// <summary>Derives provision statuses from the text and the procedures on it.</summary>
public static class ProvisionStatuses
{
    /// <summary>A paragraph's status from its text alone: bracketed with an open bracket; agreed ad referendum with a
    /// reservation on it or on its article; agreed otherwise.</summary>
    public static ProvisionStatus FromText(DraftArticle article, DraftParagraph paragraph) => throw new NotImplementedException();

    /// <summary>
    /// The status of every article and paragraph, by stable id. <paramref name="overlay"/> (stable id → status from
    /// written procedures) wins over the text; an article's entry applies to its paragraphs that have none. An
    /// article without overlay takes the least settled of its paragraphs' statuses (referred, under written
    /// procedure, bracketed, ad referendum, adopted, agreed), or its own when it has no paragraph.
    /// </summary>
    public static IReadOnlyDictionary<string, ProvisionStatus> Derive(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? overlay = null) =>
        throw new NotImplementedException();
}
