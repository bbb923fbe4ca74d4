using System.Globalization;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Drafts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Drafts;

/// <summary>
/// The Secretariat launches a written procedure on provisions chosen on the draft's page: each provision's proposed final
/// wording (an option per open bracket, preselected as the one most parties hold, or a wording of its own), the mode
/// and the deadline. The same checks and refusals as <c>POST /api/drafts/{area}/procedures</c>.
/// </summary>
[OffersTrigger("written-procedure", OffersTriggerAttribute.Start)]
public sealed class ProcedureModel(DraftLibrary library, DraftProcedures procedures, IOptions<NegotiationOptions> options) : DraftPageModel(library)
{
    /// <summary>The provisions chosen (paragraphs' stable ids), in order.</summary>
    [BindProperty(SupportsGet = true, Name = "provision")]
    public List<string> Chosen { get; set; } = [];

    [BindProperty]
    public int? BasedOn { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Mode { get; set; }

    [BindProperty]
    public string? Deadline { get; set; }

    [BindProperty]
    public bool Urgent { get; set; }

    [BindProperty]
    public string? UrgentReason { get; set; }

    public string Seat => options.Value.SeatTimeZone;

    public int Minimum => options.Value.MinimumWorkingDays;

    /// <summary>The chosen provisions as they stand, with the choices shown.</summary>
    public IReadOnlyList<ChosenProvision> Items { get; private set; } = [];

    /// <summary>The current text's provision statuses.</summary>
    public IReadOnlyDictionary<string, ProvisionStatus> Statuses { get; private set; } = new Dictionary<string, ProvisionStatus>();

    public async Task<IActionResult> OnGetAsync(string area, CancellationToken cancellationToken)
    {
        var refused = await OpenAsync(area, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (Items.Count == 0)
        {
            Errors["provisions"] = T("drafts.wp.none-selected");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string area, CancellationToken cancellationToken)
    {
        var basedOn = BasedOn;
        var refused = await OpenAsync(area, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var request = new DraftProcedureRequest(
            basedOn,
            [.. Items.Select(i => new ProvisionProposalRequest(i.Provision.Id, new Dictionary<string, int>(i.Choices, StringComparer.Ordinal), i.Wording))],
            Title, Mode, Deadline, Urgent, UrgentReason);
        var text = Shelf.Current is { } current ? await Library.TextAsync(Shelf.Area.Code, current, cancellationToken) : null;
        var outcome = await procedures.LaunchAsync(User, Shelf.Area.Code, text, request, cancellationToken, Submission);
        if (outcome.Key is { } key)
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(key)}");
        }

        AddErrors(outcome.Errors);

        if (outcome.Refusal is { } refusal)
        {
            AddRefusal(refusal, [.. Items.Select((_, i) => $"provisions[{i.ToString(CultureInfo.InvariantCulture)}]"), "provisions", "title", "mode", "deadline", "urgentReason"]);
        }

        BasedOn = basedOn;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Loads the newest revision and the chosen provisions with the choices sent (or the defaults).</summary>
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

        if (await Library.StandingAsync(Shelf, Lang, cancellationToken) is not { } standing)
        {
            return NotFound();
        }

        BasedOn = Shelf.Revisions[^1].Revision;
        Statuses = ProvisionStatuses.Derive(standing.Text, standing.Overlay);
        var parties = await Library.PartyCodesAsync(cancellationToken);
        var form = Request.HasFormContentType ? Request.Form : null;
        var items = new List<ChosenProvision>();
        foreach (var id in Chosen.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal))
        {
            if (DraftProvisions.Find(standing.Text, id) is not { Paragraph: { } paragraph } found)
            {
                continue;
            }

            var choices = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
            {
                choices[bracket.Id] = form is not null && int.TryParse(form[$"choice-{bracket.Id}"], NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) && chosen < bracket.Options.Count
                    ? chosen
                    : ProceduresOnProvisions.DefaultOption(bracket);
            }

            var wording = form?[$"wording-{id}"].ToString();
            wording = string.IsNullOrWhiteSpace(wording) ? null : wording;
            var proposed = ProceduresOnProvisions.Propose(standing.Text, new ProvisionProposal(id, choices, wording), parties);
            items.Add(new ChosenProvision(found, choices, wording, proposed.Wording, DraftProvisions.Render(paragraph.Content)));
        }

        Items = items;
        return null;
    }

    /// <summary>An option's wording as the convention writes it ("delete" for a deletion).</summary>
    public string OptionText(BracketOption option)
    {
        var wording = option.Content.Count == 0 ? T("drafts.wp.option.delete") : DraftProvisions.Render(option.Content);
        var parties = option.ProposedBy.Concat(option.SupportedBy).ToList();
        return parties.Count == 0 ? wording : $"{wording} ({string.Join(", ", parties)})";
    }
}

/// <summary>A provision on the launch form: where it is, the choices, the wording given, the proposed wording, the current line.</summary>
public sealed record ChosenProvision(DraftProvision Provision, IReadOnlyDictionary<string, int> Choices, string? Wording, string? Proposed, string Current);
