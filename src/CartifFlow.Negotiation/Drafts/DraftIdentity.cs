namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// Stable ids of articles ("a…"), paragraphs ("p…") and brackets ("b…"): short, URL-safe ([a-z0-9]), unique in a
/// text. An empty id means "none yet".
/// </summary>
public static class DraftIdentity
{
    /// <summary>
    /// Gives every article, paragraph and bracket with an empty id one: the id of the provision of
    /// <paramref name="previous"/> it continues (matched by content, not by number, so an article inserted before
    /// Article 5 leaves the old Article 5 its id), or a new one. Ids already set are kept.
    /// </summary>
    public static DraftText Assign(DraftText text, DraftText? previous) => throw new NotImplementedException();

    /// <summary>True when <paramref name="id"/> has the form of a stable id of the given kind (prefix a, p or b).</summary>
    public static bool IsWellFormed(string id, char kind) => throw new NotImplementedException();
}
