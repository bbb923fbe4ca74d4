using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Approvals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Transitions;

/// <summary>
/// A stage transition for the Secretariat at <c>/transitions/{key}</c>: each party's answer, and the Secretariat's
/// steps its state permits: revise after a rejection, extend after an escalation, withdraw — the engine steps of
/// <c>/api/transitions/{key}/revision|extension|withdrawal</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.StageTransition, "revise")]
[OffersTrigger(NegotiationWorkflows.StageTransition, "extend")]
[OffersTrigger(NegotiationWorkflows.StageTransition, "withdraw")]
public sealed class TransitionModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public TransitionView? Transition { get; private set; }

    public InstanceView? Instance { get; private set; }

    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public string? ReviseDeadline { get; set; }
    [BindProperty] public string? ExtendDeadline { get; set; }
    [BindProperty] public string? ExtendReason { get; set; }
    [BindProperty] public string? WithdrawReason { get; set; }
    [BindProperty] public bool ReviseUrgent { get; set; }
    [BindProperty] public string? ReviseUrgentReason { get; set; }
    [BindProperty] public bool ExtendUrgent { get; set; }
    [BindProperty] public string? ExtendUrgentReason { get; set; }

    /// <summary>The minimum of working days every party must have to answer.</summary>
    public int Minimum => Options.Value.TransitionMinimumWorkingDays;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviseAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var deadline = Instant(ReviseDeadline, Seat, "revise", "deadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "revise", new JsonObject { ["justification"] = Blank(Justification), ["deadline"] = deadline, ["urgent"] = ReviseUrgent, ["urgentReason"] = Blank(ReviseUrgentReason) }, "revise", ["justification", "deadline", "urgentReason"], cancellationToken);
        return After(refusal, $"/transitions/{Uri.EscapeDataString(Key)}", "revise");
    }

    public async Task<IActionResult> OnPostExtendAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var deadline = Instant(ExtendDeadline, Seat, "extend", "deadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "extend", new JsonObject { ["deadline"] = deadline, ["reason"] = Blank(ExtendReason), ["urgent"] = ExtendUrgent, ["urgentReason"] = Blank(ExtendUrgentReason) }, "extend", ["deadline", "reason", "urgentReason"], cancellationToken);
        return After(refusal, $"/transitions/{Uri.EscapeDataString(Key)}", "extend");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var refusal = await FireAsync(Instance!, "withdraw", new JsonObject { ["reason"] = Blank(WithdrawReason) }, "withdraw", ["reason"], cancellationToken);
        return After(refusal, $"/transitions/{Uri.EscapeDataString(Key)}", "withdraw");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Instance = await Engine.FindAsync(NegotiationWorkflows.StageTransition, Key, cancellationToken);
        if (Instance is null)
        {
            return false;
        }

        Transition = await TransitionsApi.ViewAsync(Api(cancellationToken), Key);
        await PermittedAsync(Instance, cancellationToken);
        Justification ??= Transition!.Justification;
        return true;
    }
}
