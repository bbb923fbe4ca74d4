using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>Every area's draft the reader may read, with its convergence.</summary>
public sealed class IndexModel(DraftLibrary library) : DraftPageModel(library)
{
    public sealed record Row(DraftShelf Shelf, ConvergenceFigures? Figures);

    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    /// <summary><c>with-revision</c>: only areas with a readable text; all when empty.</summary>
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    /// <summary>One page of the drafts; the texts (for the figures) are read for this page's areas only.</summary>
    public ListPage<Row> Drafts { get; private set; } = ListPages.Empty<Row>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var shelves = (await Library.ShelvesAsync(User, cancellationToken))
            .Where(s => string.IsNullOrWhiteSpace(Area) || string.Equals(s.Area.Code, Area.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(s => State != "with-revision" || s.Current is not null)
            .ToList();
        var page = ListPages.Of<DraftShelf>(shelves, PageNumber);
        var rows = new List<Row>();
        foreach (var shelf in page.Items)
        {
            var current = shelf.Current;
            var text = current is null ? null : await Library.TextAsync(shelf.Area.Code, current, cancellationToken);
            rows.Add(new Row(shelf, text is null ? null : Library.Convergence(current!, text).Totals));
        }

        Drafts = page.With<Row>(rows);
    }
}
