using CartifFlow.Web.Workflows;
using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace CartifFlow.Web.Pages;

/// <summary>
/// A deadline set with the parties' calendars in view, as the pages show it (every string escaped): the review kept
/// with a procedure, a transition, a round or a meeting, and the urgency fields of the forms that set or extend one.
/// </summary>
internal static class DeadlineHtml
{
    /// <summary>Each party's working days until the deadline and where it falls badly (weekend, holiday named, outside working hours); the urgency and its reason.</summary>
    public static IHtmlContent Review(DeadlineCalendarView? calendar, CartifPageModel page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (calendar is null)
        {
            return HtmlString.Empty;
        }

        var html = new HtmlContentBuilder();
        html.AppendHtml("<section id=\"deadline-review\"><h2>").Append(page.T("procedure.calendars")).AppendHtml("</h2>");
        if (calendar.Urgent)
        {
            html.AppendHtml("<p class=\"notice\" id=\"deadline-urgent\">").Append(page.T("procedure.urgent", calendar.UrgentReason ?? "")).AppendHtml("</p>");
        }

        html.AppendHtml("<table><thead><tr><th scope=\"col\">").Append(page.T("col.party")).AppendHtml("</th><th scope=\"col\">").Append(page.T("procedure.working-days"))
            .AppendHtml("</th><th scope=\"col\">").Append(page.T("procedure.deadline-falls")).AppendHtml("</th></tr></thead><tbody>");
        foreach (var w in calendar.WorkingDays)
        {
            var falls = calendar.Findings.Where(f => f.Party == w.Party).Select(f => f.LocalTime + ": " + (f.Kind == "holiday"
                ? (page.Lang == "ru" ? f.HolidayRu : f.Holiday) + (f.Expected ? " (" + page.T("procedure.expected") + ")" : "")
                : page.T("procedure.falls." + f.Kind)));
            html.AppendHtml("<tr><th scope=\"row\">").Append(w.Party).AppendHtml("</th><td>").Append(w.WorkingDays.ToString(CultureInfo.InvariantCulture))
                .AppendHtml("</td><td>").Append(string.Join("; ", falls)).AppendHtml("</td></tr>");
        }

        html.AppendHtml("</tbody></table></section>");
        return html;
    }

    /// <summary>
    /// The urgency fields of a form that sets or extends a deadline: a box to mark it urgent and the reason, named
    /// <c>{prefix}Urgent</c> and <c>{prefix}UrgentReason</c>, with ids and errors under <c>{form}-</c> (none for a page's only form).
    /// None where the kind of deadline has no minimum (configured as 0).
    /// </summary>
    public static IHtmlContent UrgentFields(CartifPageModel page, Func<string, IHtmlContent> errorFor, string? form, string prefix, bool urgent, string? reason, int minimum, string legend = "deadline.urgent-legend")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(errorFor);
        if (minimum <= 0)
        {
            return HtmlString.Empty; // no minimum for this kind of deadline: nothing is refused, nothing to mark urgent
        }

        var id = form is null ? "" : form + "-";
        var html = new HtmlContentBuilder();
        html.AppendHtml($"<fieldset id=\"{id}urgency\"><legend>").Append(page.T(legend, minimum)).AppendHtml("</legend>");
        html.AppendHtml($"<input type=\"checkbox\" id=\"{id}urgent\" name=\"{prefix}Urgent\" value=\"true\"").AppendHtml(urgent ? " checked" : "").AppendHtml("> ")
            .AppendHtml($"<label for=\"{id}urgent\">").Append(page.T("launch.urgent")).AppendHtml("</label><br>");
        html.AppendHtml($"<label for=\"{id}urgent-reason\">").Append(page.T("launch.urgent-reason")).AppendHtml("</label>");
        html.AppendHtml($"<textarea id=\"{id}urgent-reason\" name=\"{prefix}UrgentReason\" maxlength=\"2000\" aria-describedby=\"{id}urgentReason-error\">").Append(reason ?? "").AppendHtml("</textarea>");
        html.AppendHtml(errorFor(id + "urgentReason"));
        html.AppendHtml("</fieldset>");
        return html;
    }
}
