namespace CartifFlow.Negotiation.Drafts;

/// <summary>Derives provision statuses from the text and the procedures on it.</summary>
public static class ProvisionStatuses
{
    /// <summary>A paragraph's status from its text alone: bracketed with an open bracket; agreed ad referendum with a
    /// reservation on it or on its article; agreed otherwise.</summary>
    public static ProvisionStatus FromText(DraftArticle article, DraftParagraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(paragraph);
        if (paragraph.Content.Any(s => s is Bracket))
            return ProvisionStatus.Bracketed;
        return paragraph.Reservations.Count > 0 || article.Reservations.Count > 0 ? ProvisionStatus.AgreedAdReferendum : ProvisionStatus.Agreed;
    }

    /// <summary>
    /// The status of every article and paragraph, by stable id. <paramref name="overlay"/> (stable id → status from
    /// written procedures) wins over the text; an article's entry applies to its paragraphs that have none. An
    /// article without overlay takes the least settled of its paragraphs' statuses (referred, under written
    /// procedure, bracketed, ad referendum, adopted, agreed), or its own when it has no paragraph.
    /// </summary>
    public static IReadOnlyDictionary<string, ProvisionStatus> Derive(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var statuses = new Dictionary<string, ProvisionStatus>(StringComparer.Ordinal);
        foreach (var article in text.Articles)
        {
            var articleOverlay = overlay is not null && overlay.TryGetValue(article.Id, out var own) ? own : (ProvisionStatus?)null;
            var least = (ProvisionStatus?)null;
            foreach (var paragraph in article.Paragraphs)
            {
                var status = overlay is not null && overlay.TryGetValue(paragraph.Id, out var set) ? set
                    : articleOverlay ?? FromText(article, paragraph);
                statuses[paragraph.Id] = status;
                if (least is null || Rank(status) > Rank(least.Value))
                    least = status;
            }
            statuses[article.Id] = articleOverlay
                ?? least
                ?? (article.Reservations.Count > 0 ? ProvisionStatus.AgreedAdReferendum : ProvisionStatus.Agreed);
        }
        return statuses;
    }

    /// <summary>How far from settled: agreed 0 … referred 5.</summary>
    internal static int Rank(ProvisionStatus status) => status switch
    {
        ProvisionStatus.Agreed => 0,
        ProvisionStatus.AdoptedByWrittenProcedure => 1,
        ProvisionStatus.AgreedAdReferendum => 2,
        ProvisionStatus.Bracketed => 3,
        ProvisionStatus.UnderWrittenProcedure => 4,
        _ => 5,
    };
}
