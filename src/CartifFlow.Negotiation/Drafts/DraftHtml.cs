namespace CartifFlow.Negotiation.Drafts;

/// <summary>The HTML export of a revision (format=html): a fragment, no script, no style.</summary>
public static class DraftHtml
{
    /// <summary>
    /// Writes the text as an HTML fragment: <c>&lt;article class="draft-article" id="…"&gt;</c> per article, a
    /// <c>&lt;p class="draft-paragraph" data-status="bracketed"&gt;</c> per paragraph with its status label, each bracket a
    /// <c>&lt;span class="draft-bracket"&gt;</c> with its options (<c>class="draft-option"</c>) and their parties
    /// (<c>class="draft-parties"</c>), footnotes and reservations. All text is HTML-encoded.
    /// </summary>
    /// <param name="text">The revision's text.</param>
    /// <param name="statuses">Statuses by stable id (from <see cref="ProvisionStatuses.Derive"/>); derived from the text when null.</param>
    /// <param name="language">"en" or "ru" for the status labels.</param>
    public static string Write(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? statuses = null, string language = "en") =>
        throw new NotImplementedException();
}
