using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>One revision of an area's draft, as the reader may read it (observers: circulated revisions only).</summary>
public sealed class RevisionModel(DraftLibrary library) : DraftPageModel(library)
{
    public DraftRevisionInfo Info { get; private set; } = null!;

    public string? Html { get; private set; }

    public ConvergenceFigures? Figures { get; private set; }

    public int? Previous { get; private set; }

    public CartifFlow.Negotiation.Rounds.ProvenanceTable? Provenance { get; private set; }

    public async Task<IActionResult> OnGetAsync(string area, int n, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (Shelf.Revision(n) is not { } info)
        {
            return NotFound();
        }

        Info = info;
        Previous = Shelf.Revisions.LastOrDefault(r => r.Structured && r.Revision < n)?.Revision;
        if (await Library.TextAsync(Shelf.Area.Code, info, cancellationToken) is { } text)
        {
            Html = DraftHtml.Write(text, ProvisionStatuses.Derive(text), Lang);
            Figures = Library.Convergence(info, text).Totals;
            // The provenance table is the round's record (every party's proposals): the Secretariat's and the members',
            // never the observers' (RoundVisibility).
            Provenance = DraftsApi.SeesProvenance(Shelf) ? await Library.ProvenanceAsync(Shelf.Area.Code, n, cancellationToken) : null;
        }

        return Page();
    }
}
