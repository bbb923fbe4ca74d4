using System.Globalization;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>
/// An area's draft: its current text with brackets highlighted, each option's parties and each provision's status,
/// the convergence chart across revisions, the revisions; the Secretariat imports and circulates; a party keeps its
/// private notes. The same steps and refusals as the API.
/// </summary>
[OffersTrigger(DraftSteps.WorkflowId, OffersTriggerAttribute.Start)]
[OffersTrigger(DraftSteps.WorkflowId, DraftSteps.ImportRevision)]
[OffersTrigger(DraftSteps.WorkflowId, DraftSteps.CirculateRevision)]
[OffersTrigger(DraftSteps.WorkflowId, DraftSteps.Conclude)]
[RequestSizeLimit(DraftImports.MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = DraftImports.MaxFileBytes + 64 * 1024)]
public sealed class AreaModel(DraftLibrary library, DraftImports imports) : DraftPageModel(library)
{
    public DraftRevisionInfo? Current { get; private set; }

    public DraftText? Text { get; private set; }

    public string? Html { get; private set; }

    public DraftConvergence? Convergence { get; private set; }

    public string? Chart { get; private set; }

    public IReadOnlyList<SoleHolding>? SoleHoldings { get; private set; }

    public IReadOnlyList<DraftProvision> Provisions { get; private set; } = [];

    /// <summary>Every provision's status, the written procedures' included.</summary>
    public IReadOnlyDictionary<string, ProvisionStatus> Statuses { get; private set; } = new Dictionary<string, ProvisionStatus>();

    /// <summary>The provisions under a running written procedure, with its key (Secretariat).</summary>
    public IReadOnlyDictionary<string, string> UnderProcedure { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<DraftProvision> Paragraphs => [.. Provisions.Where(p => p.Paragraph is not null)];

    public IReadOnlyDictionary<string, PrivateNote> Notes { get; private set; } = new Dictionary<string, PrivateNote>();

    public bool MayKeepNotes { get; private set; }

    public List<string> Faults { get; } = [];

    public string? Done { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public string? Provision { get; set; }

    [BindProperty]
    public string? NoteText { get; set; }

    public string LabelOf(string provisionId) => Provisions.FirstOrDefault(p => p.Id == provisionId)?.Label ?? provisionId;

    public async Task<IActionResult> OnGetAsync(string area, string? done, int? n, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        Done = done switch
        {
            "imported" when n is not null => T("drafts.imported", n),
            "circulated" when n is not null => T("drafts.circulated", n),
            "concluded" => T("drafts.concluded"),
            "note" => T("drafts.notes.saved"),
            _ => null,
        };
        await ShowAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (Shelf.Access != DraftAccess.Edit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var format = DraftImports.FormatOf(Upload?.FileName, Upload?.ContentType);
        if (Upload is null || Upload.Length == 0 || format is null)
        {
            Errors["file"] = T("drafts.upload.file-required");
        }
        else if (Upload.Length > DraftImports.MaxFileBytes)
        {
            Errors["file"] = T("drafts.upload.file-too-large");
        }

        var limits = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        FieldError.Limit(limits, "note", Note, DraftSteps.MaxNote);
        AddErrors(limits);

        if (Errors.Count == 0)
        {
            await using var stream = new MemoryStream();
            await Upload!.CopyToAsync(stream, cancellationToken);
            stream.Position = 0;
            var change = await imports.ImportAsync(User, Shelf.Area.Code, stream, Path.GetFileName(Upload.FileName), format!, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), cancellationToken);
            if (change.Applied)
            {
                return Redirect($"/drafts/{Shelf.Area.Code}?done=imported&n={change.Revision!.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            Faults.AddRange(change.Faults.Select(f => f.ToString()));
            if (change.Refusal is { } refusal)
            {
                AddRefusal(refusal, "file", "note");
            }
        }

        await ShowAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostConcludeAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (Shelf.Access != DraftAccess.Edit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var change = await imports.ConcludeAsync(User, Shelf.Area.Code, cancellationToken);
        if (change.Refusal is null)
        {
            return Redirect($"/drafts/{Shelf.Area.Code}?done=concluded");
        }

        AddRefusal(change.Refusal);
        await ShowAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostCirculateAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (Shelf.Access != DraftAccess.Edit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var change = await imports.CirculateAsync(User, Shelf.Area.Code, Revision ?? 0, cancellationToken);
        if (change.Applied)
        {
            return Redirect($"/drafts/{Shelf.Area.Code}?done=circulated&n={change.Revision!.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        AddRefusal(change.Refusal!);
        await ShowAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (!Shelf.Readers.MayKeepNotes(Shelf.Area.Code))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await ShowAsync(cancellationToken);
        if (Provision is null || Provisions.All(p => p.Id != Provision))
        {
            Errors["provision"] = T("drafts.notes.provision-unknown");
        }

        var limits = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        FieldError.Limit(limits, "noteText", NoteText, DraftSteps.MaxNote);
        AddErrors(limits);

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await Library.SaveNoteAsync(Shelf.Area.Code, Shelf.Readers.Party!, Provision!, NoteText, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, cancellationToken);
        return Redirect($"/drafts/{Shelf.Area.Code}?done=note#notes");
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        if (await Library.StandingAsync(Shelf, Lang, cancellationToken) is { } standing)
        {
            (Current, Text, Convergence, Chart) = (standing.Current, standing.Text, standing.Convergence, standing.Chart);
            Statuses = ProvisionStatuses.Derive(Text, standing.Overlay);
            Html = DraftHtml.Write(Text, Statuses, Lang);
            if (Shelf.Access == DraftAccess.Edit)
            {
                UnderProcedure = await Library.UnderProcedureAsync(Shelf.Area.Code, cancellationToken);
            }

            Provisions = DraftProvisions.All(Text);
            SoleHoldings = Shelf.Access == DraftAccess.Edit || Shelf.Readers.Party is not null ? DraftsApi.SoleHoldingsFor(Shelf, Convergence) : null;
        }

        MayKeepNotes = Shelf.Readers.MayKeepNotes(Shelf.Area.Code);
        if (MayKeepNotes)
        {
            Notes = await Library.NotesAsync(Shelf.Area.Code, Shelf.Readers.Party!, cancellationToken);
        }
    }
}
