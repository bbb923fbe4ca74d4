using System.Globalization;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Drafts;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>
/// The Secretariat edits one paragraph in the browser: revision N+1 with its wording replaced, written in the import
/// convention. The same step and refusals as <c>POST /api/drafts/{area}/provisions/{id}/wording</c>.
/// </summary>
[OffersTrigger(DraftSteps.WorkflowId, DraftSteps.EditProvision)]
public sealed class EditModel(DraftLibrary library, DraftImports imports) : DraftPageModel(library)
{
    [BindProperty(SupportsGet = true)]
    public string? Provision { get; set; }

    [BindProperty]
    public int? BasedOn { get; set; }

    [BindProperty, FormField("text")]
    public string? Wording { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public string Label { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(string area, CancellationToken cancellationToken)
    {
        var refused = await OpenAsync(area, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string area, CancellationToken cancellationToken)
    {
        var wording = Wording;
        var basedOn = BasedOn;
        var refused = await OpenAsync(area, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        Wording = wording;
        BasedOn = basedOn;
        if (string.IsNullOrWhiteSpace(Wording))
        {
            Errors["text"] = T("drafts.edit.text-required");
        }

        var limits = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        FieldError.Limit(limits, "text", Wording, DraftSteps.MaxProvisionText);
        FieldError.Limit(limits, "note", Note, DraftSteps.MaxNote);
        AddErrors(limits);

        if (Errors.Count == 0)
        {
            var change = await imports.EditAsync(User, Shelf.Area.Code, BasedOn, Provision!, Wording, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), cancellationToken);
            if (change.Applied)
            {
                return Redirect($"/drafts/{Shelf.Area.Code}?done=imported&n={change.Revision!.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            AddRefusal(change.Refusal!, "text", "note", "basedOn");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Loads the newest revision and the paragraph; the refusal (403, 404) when there is none to edit.</summary>
    private async Task<IActionResult?> OpenAsync(string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(area, cancellationToken))
        {
            return await RefusedAsync(area, cancellationToken);
        }

        if (Shelf.Access != DraftAccess.Edit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (Shelf.Current is not { } current || Provision is null)
        {
            return NotFound();
        }

        var text = (await Library.TextAsync(Shelf.Area.Code, current, cancellationToken))!;
        if (DraftProvisions.Find(text, Provision) is not { Paragraph: { } paragraph } found)
        {
            return NotFound();
        }

        Label = found.Label;
        BasedOn = Shelf.Revisions[^1].Revision;
        Wording = DraftMarkdown.WriteParagraphContent(paragraph);
        return null;
    }
}
