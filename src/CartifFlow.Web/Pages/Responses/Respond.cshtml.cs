using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using CartifFlow.Negotiation.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Responses;

/// <summary>
/// A party's response form. Only a focal point or chief negotiator of that very party may open or post it (403
/// otherwise); the engine checks role and party again when the response is recorded.
/// </summary>
[OffersTrigger(NegotiationWorkflows.WrittenProcedure, "respond")]
public sealed class RespondModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "party")]
    public string RouteParty { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool Recorded { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Comments { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ProposedWording { get; set; }

    /// <summary>
    /// With an objection to a procedure on several provisions: the wording proposed for each (stable id → wording), from
    /// the form's <c>Wordings[id]</c> fields. Read from the form itself: a bound dictionary without such fields would take
    /// every field of the form.
    /// </summary>
    public Dictionary<string, string?> Wordings { get; } = new(StringComparer.Ordinal);

    /// <summary>The provisions the procedure was launched on, in its order (empty for a procedure on a document).</summary>
    public IReadOnlyList<CartifFlow.Negotiation.Drafts.ProcedureProvision> Provisions { get; private set; } = [];

    public ProcedureBoardEntry? Procedure { get; private set; }

    public ProcedureResponse? Current { get; private set; }

    public string PartyName { get; private set; } = "";

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await LoadAsync(cancellationToken);
        if (Current is { } current)
        {
            // The party's own latest answer, to change: its texts as sent (only the party and the Secretariat see it).
            Comments = current.Comments;
            Reason = current.Reason;
            ProposedWording = current.ProposedWording;
            foreach (var (provision, wording) in ObjectionWordings.Read(current.ProvisionWordings))
            {
                Wordings[provision] = wording;
            }
        }

        return page;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(cancellationToken);
        if (Procedure is null)
        {
            return loaded;
        }

        foreach (var (name, value) in Request.Form)
        {
            if (name.StartsWith("Wordings[", StringComparison.Ordinal) && name.EndsWith(']'))
            {
                var text = value.ToString();
                if (TextInput.FirstRefused(text) is { } refused)
                {
                    Errors["wordings"] = T("text-refused.field", ((int)refused).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    return Page();
                }

                Wordings[name["Wordings[".Length..^1]] = text;
            }
        }

        var payload = new JsonObject
        {
            ["kind"] = Kind,
            ["comments"] = Blank(Comments),
            ["reason"] = Blank(Reason),
            ["proposedWording"] = Blank(ProposedWording),
            ["party"] = RouteParty,
            ["wordings"] = Wordings.Any(w => Blank(w.Value) is not null)
                ? new JsonObject(Wordings.Where(w => Blank(w.Value) is not null).Select(w => KeyValuePair.Create(w.Key, (JsonNode?)JsonValue.Create(w.Value))))
                : null,
        };
        foreach (var name in payload.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            payload.Remove(name);
        }

        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, Procedure.Instance.Id, "respond", User.ToActor(), payload, cancellationToken);
        // A second click of the same answer finds it recorded already: the person sees it recorded, once.
        if (result.Applied || RepeatedSteps.IsRepeat(result))
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(Key)}/respond/{Uri.EscapeDataString(RouteParty)}?recorded=true");
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        Errors[result.Field ?? "request"] = result.Outcome is StepOutcome.NotPermitted or StepOutcome.Closed ? T("respond.closed") : Refusal(result);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        // A person answers only for their own party: checked before anything about the procedure is shown.
        if (!string.Equals(Party, RouteParty, StringComparison.Ordinal))
        {
            return Forbid();
        }

        await using var db = factory.Create();
        Now = time.GetUtcNow();
        Procedure = await ProcedureBoard.FindAsync(engine, db, Key, time, options.Value.SeatTimeZone, cancellationToken);
        if (Procedure is null || !Procedure.TakesPart(RouteParty))
        {
            Procedure = null;
            return NotFound();
        }

        Current = Procedure.Parties.First(p => p.Party == RouteParty).Latest;
        Provisions = await CartifFlow.Negotiation.Drafts.ProvisionProcedures.OfProcedureAsync(db, Procedure.Instance.Id, cancellationToken);
        var party = await db.Set<Party>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == RouteParty, cancellationToken);
        PartyName = party is null ? RouteParty : Lang == "ru" ? party.NameRu : party.Name;
        return Page();
    }
}
