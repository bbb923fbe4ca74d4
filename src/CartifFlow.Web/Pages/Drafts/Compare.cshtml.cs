using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>Two revisions the reader may read, compared provision by provision (by stable id) and word by word.</summary>
public sealed class CompareModel(DraftLibrary library) : DraftPageModel(library)
{
    [FromQuery(Name = "from")]
    public int? From { get; set; }

    [FromQuery(Name = "to")]
    public int? To { get; set; }

    public DraftComparison? Comparison { get; private set; }

    public async Task<IActionResult> OnGetAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (From is null && To is null)
        {
            return Page();
        }

        var a = From is null ? null : Shelf.Revision(From.Value);
        var b = To is null ? null : Shelf.Revision(To.Value);
        if (a is not { Structured: true })
        {
            Errors["from"] = T("drafts.compare.choose");
        }

        if (b is not { Structured: true })
        {
            Errors["to"] = T("drafts.compare.choose");
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Comparison = DraftComparer.Compare((await Library.TextAsync(Shelf.Area.Code, a!, cancellationToken))!, (await Library.TextAsync(Shelf.Area.Code, b!, cancellationToken))!);
        return Page();
    }
}
