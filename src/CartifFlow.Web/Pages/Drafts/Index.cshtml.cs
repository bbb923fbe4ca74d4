using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>Every area's draft the reader may read, with its convergence.</summary>
public sealed class IndexModel(DraftLibrary library) : DraftPageModel(library)
{
    public sealed record Row(DraftShelf Shelf, ConvergenceFigures? Figures);

    public List<Row> Drafts { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        foreach (var shelf in await Library.ShelvesAsync(User, cancellationToken))
        {
            var current = shelf.Current;
            var text = current is null ? null : await Library.TextAsync(shelf.Area.Code, current, cancellationToken);
            Drafts.Add(new Row(shelf, text is null ? null : Library.Convergence(current!, text).Totals));
        }
    }
}
