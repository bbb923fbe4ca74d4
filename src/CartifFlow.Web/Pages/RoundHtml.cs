using CartifFlow.Negotiation.Rounds;
using Microsoft.AspNetCore.Html;

namespace CartifFlow.Web.Pages;

/// <summary>The provenance table and the round's matrix as HTML (every string escaped), for the round, consolidation and revision pages.</summary>
internal static class RoundHtml
{
    /// <summary>The provenance table: by provision (party, contribution, decision, with, wording, reasoning), then by party.</summary>
    public static IHtmlContent Provenance(ProvenanceTable table, CartifPageModel page)
    {
        var html = new HtmlContentBuilder();
        html.AppendHtml("<section id=\"provenance\"><h2>").Append(page.T("round.provenance", table.ToRevision)).AppendHtml("</h2>");
        html.AppendHtml("<table id=\"provenance-by-provision\"><thead><tr>");
        foreach (var head in new[] { "round.target", "col.party", "round.col.number", "round.kind", "round.col.decision", "round.provenance.with", "round.provenance.wording", "round.provenance.reasoning" })
        {
            html.AppendHtml("<th scope=\"col\">").Append(page.T(head)).AppendHtml("</th>");
        }

        html.AppendHtml("</tr></thead><tbody>");
        foreach (var group in table.ByProvision)
        {
            var first = true;
            foreach (var e in group)
            {
                html.AppendHtml("<tr>");
                html.AppendHtml(first ? "<th scope=\"row\">" : "<td>").Append(first ? group.Key : "").AppendHtml(first ? "</th>" : "</td>");
                first = false;
                html.AppendHtml("<td>").Append(e.Party.Length == 0 ? page.T("round.secretariat") : e.Party).AppendHtml("</td>");
                html.AppendHtml("<td>").Append(e.Number == 0 ? "" : e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)).AppendHtml("</td>");
                html.AppendHtml("<td>").Append(KindText(e.Kind, page)).AppendHtml("</td>");
                html.AppendHtml("<td class=\"decision-").Append(e.Decision).AppendHtml("\">").Append(page.T("round.decision." + e.Decision)).AppendHtml("</td>");
                html.AppendHtml("<td>").Append(string.Join(", ", e.With)).AppendHtml("</td>");
                html.AppendHtml("<td class=\"text\">").Append(e.Wording ?? "").AppendHtml("</td>");
                html.AppendHtml("<td class=\"text\">").Append(e.Reasoning ?? "").Append(e.Source is { } source ? $" [{source}]" : "").AppendHtml("</td>");
                html.AppendHtml("</tr>");
            }
        }

        html.AppendHtml("</tbody></table><h3>").Append(page.T("round.provenance.by-party")).AppendHtml("</h3><dl id=\"provenance-by-party\">");
        foreach (var group in table.ByParty)
        {
            html.AppendHtml("<dt>").Append(group.Key).AppendHtml("</dt><dd><ul>");
            foreach (var e in group)
            {
                html.AppendHtml("<li>").Append($"{e.Number}. {KindText(e.Kind, page)}, {e.Provision}: {page.T("round.decision." + e.Decision)}").AppendHtml("</li>");
            }

            html.AppendHtml("</ul></dd>");
        }

        return html.AppendHtml("</dl></section>");
    }

    /// <summary>The WTO chairs' matrix: provisions in rows, parties in columns.</summary>
    public static IHtmlContent Matrix(IReadOnlyList<RoundMatrixRow> rows, IReadOnlyList<string> parties, CartifPageModel page)
    {
        var html = new HtmlContentBuilder();
        html.AppendHtml("<table id=\"matrix\"><thead><tr><th scope=\"col\">").Append(page.T("round.target")).AppendHtml("</th>");
        foreach (var party in parties)
        {
            html.AppendHtml("<th scope=\"col\">").Append(party).AppendHtml("</th>");
        }

        html.AppendHtml("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.AppendHtml("<tr><th scope=\"row\">").Append(row.Provision).AppendHtml("</th>");
            foreach (var party in parties)
            {
                html.AppendHtml("<td class=\"text\">");
                if (row.Cells.TryGetValue(party, out var lines))
                {
                    html.AppendHtml("<ul>");
                    foreach (var line in lines)
                    {
                        html.AppendHtml("<li>").Append(line).AppendHtml("</li>");
                    }

                    html.AppendHtml("</ul>");
                }

                html.AppendHtml("</td>");
            }

            html.AppendHtml("</tr>");
        }

        return html.AppendHtml("</tbody></table>");
    }

    public static string KindText(string kind, CartifPageModel page) => page.T(kind == "secretariat-drafting" ? "round.decision.secretariat-drafting" : "round.kind." + kind);
}
