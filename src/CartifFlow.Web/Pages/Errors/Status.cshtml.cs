using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Errors;

/// <summary>
/// The page shown for 403, 404 and other refusals of pages (the API answers with problem details); for a text a page
/// refused before its handler ran (<see cref="RefusedText"/>), the field named in words and a way back.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    /// <summary>The text refused, when that is why the request was answered 400.</summary>
    public RefusedText? Refused => RefusedText.Of(HttpContext);

    /// <summary>The refused field in words, in the reader's language (its name when the pages have no words for it).</summary>
    public string RefusedField => Refused is not { } refused ? "" : HasText(refused.TextKey) ? T(refused.TextKey) : T("field.other", refused.Field);

    /// <summary>The refused character's code point (<c>202E</c>).</summary>
    public string RefusedCode => Refused is { } refused ? ((int)refused.Character).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>Back to the page that refused it, without what was sent (its address, without the query that carried the character).</summary>
    public string Back => HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original && original.OriginalPath.StartsWith('/') && !original.OriginalPath.StartsWith("//", StringComparison.Ordinal)
        ? original.OriginalPathBase + original.OriginalPath
        : "/";

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
