using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Consultations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Consultations;

/// <summary>
/// One readiness consultation at <c>/consultations/{key}</c>, seen by the Secretariat and the party consulted only: the
/// Secretariat schedules (or moves) the interview, records it and the findings; the party's focal point or chief
/// negotiator may decline it (it is voluntary) — the engine steps of <c>/api/consultations/{key}/…</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.ReadinessConsultation, "schedule-interview")]
[OffersTrigger(NegotiationWorkflows.ReadinessConsultation, "record-interview")]
[OffersTrigger(NegotiationWorkflows.ReadinessConsultation, "record-findings")]
[OffersTrigger(NegotiationWorkflows.ReadinessConsultation, "decline")]
public sealed class ConsultationModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public ConsultationView? Consultation { get; private set; }

    public InstanceView? Instance { get; private set; }

    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? Format { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? HeldAt { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty, FormField("findings")] public string? Priorities { get; set; }
    [BindProperty, FormField("findings")] public string? Sensitivities { get; set; }
    [BindProperty, FormField("findings")] public string? SequencingPreferences { get; set; }
    [BindProperty, FormField("findings")] public string? OtherAgreementObligations { get; set; }
    [BindProperty, FormField("findings")] public string? AssistanceNeeds { get; set; }
    [BindProperty] public string? DeclineReason { get; set; }

    private string Here => $"/consultations/{Uri.EscapeDataString(Key)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostInterviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var at = Instant(At, Seat, "interview", "at");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "schedule-interview", new JsonObject { ["at"] = at, ["format"] = Blank(Format), ["place"] = Blank(Place) }, "interview", ["at", "format", "place"], cancellationToken);
        return After(refusal, Here, "schedule-interview");
    }

    public async Task<IActionResult> OnPostHeldAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var heldAt = Instant(HeldAt, Seat, "held", "heldAt", required: false);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "record-interview", new JsonObject { ["heldAt"] = heldAt, ["notes"] = Blank(Notes) }, "held", ["heldAt", "notes"], cancellationToken);
        return After(refusal, Here, "record-interview");
    }

    public async Task<IActionResult> OnPostFindingsAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "record-findings", new JsonObject
        {
            ["priorities"] = Blank(Priorities),
            ["sensitivities"] = Blank(Sensitivities),
            ["sequencingPreferences"] = Blank(SequencingPreferences),
            ["otherAgreementObligations"] = Blank(OtherAgreementObligations),
            ["assistanceNeeds"] = Blank(AssistanceNeeds),
        }, "findings", ["priorities", "sensitivities", "sequencingPreferences", "otherAgreementObligations", "assistanceNeeds"], cancellationToken);
        return After(refusal, Here, "record-findings");
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "decline", new JsonObject { ["reason"] = Blank(DeclineReason) }, "decline", ["reason"], cancellationToken);
        return After(refusal, Here, "decline");
    }

    /// <summary>Null when the reader may see it: the Secretariat, or the party consulted.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Instance = await Engine.FindAsync(NegotiationWorkflows.ReadinessConsultation, Key, cancellationToken);
        if (Instance is null)
        {
            return NotFound();
        }

        Consultation = await ConsultationsApi.ViewAsync(Api(cancellationToken), Key);
        if (!User.IsInRole(NegotiationRoles.Secretariat) && Consultation!.Party != Party)
        {
            return Forbid();
        }

        await PermittedAsync(Instance, cancellationToken);
        return null;
    }
}
