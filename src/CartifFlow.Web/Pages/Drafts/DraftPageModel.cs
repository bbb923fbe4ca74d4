using System.Globalization;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using Microsoft.AspNetCore.Html;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>What the drafts pages share: the area's draft as the reader may see it, and how figures and statuses read.</summary>
public abstract class DraftPageModel(DraftLibrary library) : CartifFormPageModel
{
    protected DraftLibrary Library => library;

    /// <summary>The area's draft as the reader may see it (set by <see cref="LoadAsync"/>).</summary>
    public DraftShelf Shelf { get; private set; } = null!;

    public string AreaName => Lang == "ru" ? Shelf.Area.NameRu : Shelf.Area.Name;

    /// <summary>Loads the area; false with the page's answer (404, or the refusal page) when the reader may not see it.</summary>
    protected async Task<bool> LoadAsync(string area, CancellationToken cancellationToken)
    {
        var shelf = await library.ShelfAsync(User, area, cancellationToken);
        if (shelf is null || shelf.Access == DraftAccess.None)
        {
            return false;
        }

        Shelf = shelf;
        return true;
    }

    /// <summary>The answer when <see cref="LoadAsync"/> found nothing the reader may see: 404 for an unknown area, else 403.</summary>
    protected async Task<Microsoft.AspNetCore.Mvc.IActionResult> RefusedAsync(string area, CancellationToken cancellationToken) =>
        await library.ShelfAsync(User, area, cancellationToken) is null ? NotFound() : StatusCode(StatusCodes.Status403Forbidden);

    public string Status(ProvisionStatus status) => T("drafts.status." + status);

    public string Source(RevisionSource source) => T("drafts.source." + source);

    public string When(DateTimeOffset at) => Display.Instant(at, Zone);

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    public string Summary(ConvergenceFigures f) => Summary(this, f);

    /// <summary>A revision's figures in a sentence, in the page's language (the drafts' pages and the working group's page).</summary>
    public static string Summary(CartifPageModel page, ConvergenceFigures f) => DraftDisplay.Summary(page, f);

    /// <summary>HTML the text library wrote (every text in it encoded).</summary>
    public static IHtmlContent Raw(string html) => DraftDisplay.Raw(html);
}
