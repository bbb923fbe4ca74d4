using System.Globalization;
using CartifFlow.Negotiation.Drafts;
using Microsoft.AspNetCore.Html;

namespace CartifFlow.Web.Pages;

/// <summary>How a draft's figures and the text library's HTML are shown, on the drafts' pages and on the pages of other folders that show a draft (working groups, reports).</summary>
internal static class DraftDisplay
{
    /// <summary>The convergence figures in one sentence, in the reader's language.</summary>
    public static string Summary(CartifPageModel page, ConvergenceFigures f) =>
        page.T("drafts.figures.summary", f.Agreed + f.AgreedAdReferendum, f.Provisions, f.AgreedAdReferendum, f.Bracketed, f.OpenBrackets, f.Options, f.ShareOfWordsOutsideBrackets.ToString("P0", CultureInfo.InvariantCulture));

    /// <summary>HTML the text library wrote (every text in it encoded).</summary>
    public static IHtmlContent Raw(string html) => new HtmlString(html);
}
