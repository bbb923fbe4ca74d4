using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.WorkingGroups;

/// <summary>
/// Phase 3: the Secretariat proposes a working group for an area the Zero Round agreed (<c>/working-groups/new</c>);
/// its terms of reference go to written procedure. The same checks and engine step as <c>POST /api/negotiation/working-groups</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Negotiation, "propose-working-group")]
public sealed class ProposeModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty, FormField("wg-area")] public string? Area { get; set; }
    [BindProperty, FormField("wg-members")] public string? Members { get; set; }
    [BindProperty, FormField("wg-observers")] public string? Observers { get; set; }
    [BindProperty, FormField("wg-termsTitle")] public string? TermsTitle { get; set; }
    [BindProperty, FormField("wg-termsText")] public string? TermsText { get; set; }
    [BindProperty, FormField("wg-termsDocument")] public string? TermsDocument { get; set; }
    [BindProperty, FormField("wg-termsDeadline")] public string? TermsDeadline { get; set; }
    [BindProperty, FormField("wg-termsMode")] public string? TermsMode { get; set; }
    /// <summary>Whether the terms of reference let observer parties comment in the rounds (comments only).</summary>
    [BindProperty] public bool ObserversMayComment { get; set; }

    public InstanceView? Negotiation { get; private set; }

    public IReadOnlyList<string> Agreed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            Errors["request"] = T("propose.not-started");
            return Refused();
        }

        var area = Required(Area, "wg", "area", "step.area-required")?.ToUpperInvariant();
        Required(TermsTitle, "wg", "termsTitle", "step.title-required");
        if (string.IsNullOrWhiteSpace(TermsText) && string.IsNullOrWhiteSpace(TermsDocument))
        {
            Errors["wg-termsText"] = T("step.terms-required");
        }

        if (TermsMode is not (null or "" or "silence" or "consent"))
        {
            Errors["wg-termsMode"] = T("working-group.mode-invalid");
        }

        Limit("wg", "termsTitle", TermsTitle, FieldError.Short);
        Limit("wg", "termsText", TermsText, FieldError.Long);
        Limit("wg", "termsDocument", TermsDocument, FieldError.Short);
        var deadline = Instant(TermsDeadline, Seat, "wg", "termsDeadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(negotiation, "propose-working-group", new JsonObject
        {
            ["key"] = $"WG-{area}",
            ["area"] = area,
            ["members"] = WorkflowCommands.Codes(CodeList(Members)),
            ["observers"] = WorkflowCommands.Codes(CodeList(Observers)),
            ["termsTitle"] = Blank(TermsTitle),
            ["termsText"] = Blank(TermsText),
            ["termsDocument"] = Blank(TermsDocument),
            ["termsDeadline"] = deadline,
            ["termsMode"] = Blank(TermsMode),
            ["observersComment"] = ObserversMayComment ? "yes" : null,
        }, "wg", ["area", "members", "observers", "termsTitle", "termsText", "termsDocument", "termsDeadline", "termsMode"], cancellationToken);
        return After(refusal, Errors.Count == 0 && refusal is null ? $"/working-groups/{area}" : "/working-groups/new", "proposed");
    }

    private async Task<InstanceView?> LoadAsync(CancellationToken cancellationToken)
    {
        Negotiation = await Engine.FindAsync(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, cancellationToken);
        await PermittedAsync(Negotiation, cancellationToken);
        Agreed = Negotiation?.Text("agreedWorkingGroups")?.Split(',') ?? [];
        return Negotiation;
    }
}
