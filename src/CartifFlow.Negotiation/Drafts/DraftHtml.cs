using System.Net;
using System.Text;

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
    public static string Write(DraftText text, IReadOnlyDictionary<string, ProvisionStatus>? statuses = null, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(text);
        statuses ??= ProvisionStatuses.Derive(text);
        var html = new StringBuilder();
        var notes = new List<(string Id, string Text)>();
        html.Append("<div class=\"draft\" lang=\"").Append(language == "ru" ? "ru" : "en").Append("\">\n");
        string? part = null;
        foreach (var article in text.Articles)
        {
            if (article.Part is not null && article.Part != part)
                html.Append("<h2 class=\"draft-part\">").Append(Encode(article.Part)).Append("</h2>\n");
            part = article.Part;
            var articleStatus = statuses.TryGetValue(article.Id, out var s) ? s : ProvisionStatus.Agreed;
            html.Append("<article class=\"draft-article\" id=\"").Append(Encode(article.Id)).Append("\" data-status=\"").Append(Slug(articleStatus)).Append("\">\n");
            html.Append("<h3>").Append(Encode(DraftTexts.Format(language, "article", article.Number)));
            if (article.Title.Length > 0)
                html.Append(": ").Append(Encode(article.Title));
            html.Append(' ');
            Status(html, articleStatus, language);
            html.Append("</h3>\n");
            Reservations(html, article.Reservations, language);
            foreach (var paragraph in article.Paragraphs)
            {
                var status = statuses.TryGetValue(paragraph.Id, out var ps) ? ps : ProvisionStatuses.FromText(article, paragraph);
                html.Append("<p class=\"draft-paragraph draft-level-").Append(paragraph.Level).Append("\" id=\"").Append(Encode(paragraph.Id))
                    .Append("\" data-status=\"").Append(Slug(status)).Append("\">");
                if (paragraph.Number.Length > 0)
                {
                    html.Append("<span class=\"draft-number\">")
                        .Append(Encode(paragraph.Number.StartsWith('(') ? paragraph.Number : paragraph.Number + "."))
                        .Append("</span> ");
                }
                Content(html, paragraph.Content, language, notes);
                html.Append(' ');
                Status(html, status, language);
                html.Append("</p>\n");
                Reservations(html, paragraph.Reservations, language);
            }
            html.Append("</article>\n");
        }
        if (notes.Count > 0)
        {
            html.Append("<section class=\"draft-footnotes\"><h2>").Append(Encode(DraftTexts.Get(language, "footnotes"))).Append("</h2>\n<ol>\n");
            foreach (var (id, note) in notes)
                html.Append("<li id=\"note-").Append(Encode(id)).Append("\">").Append(Encode(note)).Append("</li>\n");
            html.Append("</ol></section>\n");
        }
        html.Append("</div>\n");
        return html.ToString();
    }

    private static void Content(StringBuilder html, IEnumerable<Segment> content, string language, List<(string Id, string Text)> notes)
    {
        foreach (var segment in content)
        {
            if (segment is TextSegment text)
            {
                html.Append(Encode(text.Text));
                continue;
            }
            var bracket = (Bracket)segment;
            html.Append("<span class=\"draft-bracket\" id=\"").Append(Encode(bracket.Id)).Append("\">");
            for (var i = 0; i < bracket.Options.Count; i++)
            {
                if (i > 0)
                    html.Append(' ');
                var option = bracket.Options[i];
                html.Append("<span class=\"draft-option\">[");
                if (option.Content.Count == 0)
                    html.Append("<span class=\"draft-delete\">").Append(Encode(DraftTexts.Get(language, "delete"))).Append("</span>");
                else
                    Content(html, option.Content, language, notes);
                if (option.ProposedBy.Count + option.SupportedBy.Count > 0)
                {
                    html.Append(" <span class=\"draft-parties\">(").Append(Encode(string.Join(", ", option.ProposedBy)));
                    if (option.SupportedBy.Count > 0)
                    {
                        if (option.ProposedBy.Count > 0)
                            html.Append("; ");
                        html.Append(Encode(DraftTexts.Get(language, "supported-by"))).Append(' ').Append(Encode(string.Join(", ", option.SupportedBy)));
                    }
                    html.Append(")</span>");
                }
                html.Append("]</span>");
            }
            if (bracket.Footnote is { } footnote)
            {
                notes.Add((bracket.Id, footnote));
                html.Append("<sup class=\"draft-footnote\"><a href=\"#note-").Append(Encode(bracket.Id)).Append("\" title=\"").Append(Encode(footnote)).Append("\">")
                    .Append(notes.Count).Append("</a></sup>");
            }
            html.Append("</span>");
        }
    }

    private static void Reservations(StringBuilder html, IEnumerable<Reservation> reservations, string language)
    {
        foreach (var reservation in reservations)
        {
            html.Append("<p class=\"draft-reservation\">")
                .Append(Encode(DraftTexts.Format(language, "reservation", reservation.Party, reservation.Text)))
                .Append("</p>\n");
        }
    }

    private static void Status(StringBuilder html, ProvisionStatus status, string language) =>
        html.Append("<span class=\"draft-status draft-status-").Append(Slug(status)).Append("\">")
            .Append(Encode(DraftTexts.Status(language, status))).Append("</span>");

    /// <summary>"agreed-ad-referendum": the status as a CSS class and data value.</summary>
    public static string Slug(ProvisionStatus status)
    {
        var name = status.ToString();
        var slug = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                slug.Append('-');
            slug.Append(char.ToLowerInvariant(name[i]));
        }
        return slug.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
