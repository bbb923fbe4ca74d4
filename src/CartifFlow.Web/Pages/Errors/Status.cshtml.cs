using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Errors;

/// <summary>The page shown for 403, 404 and other refusals of pages (the API answers with problem details).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
