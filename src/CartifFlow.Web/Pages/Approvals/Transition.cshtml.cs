using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Approvals;

/// <summary>
/// One stage transition for the party's Chief Negotiator (or current delegate): the justification, proposer,
/// deadline, every party's answer; approve, or reject with a reason. The answer carries the round of the proposal
/// the reader saw: an answer to a proposal revised meanwhile is refused, not misapplied; other parties' answers
/// given meanwhile do not refuse it.
/// </summary>
[OffersTrigger(NegotiationWorkflows.StageTransition, "approve")]
[OffersTrigger(NegotiationWorkflows.StageTransition, "reject")]
public sealed class TransitionModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Answered { get; set; }

    /// <summary>The round of the proposal the reader saw (a revision opens the next).</summary>
    [BindProperty]
    public int? Round { get; set; }

    [BindProperty]
    public string? Statement { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public TransitionView? Transition { get; private set; }

    public string Proposer { get; private set; } = "";

    public DateTimeOffset Now { get; private set; }

    public bool MayAnswer => Transition?.YouMay.Contains("approve") == true;

    public string? Mine => Transition?.Parties.FirstOrDefault(p => p.Party == Party)?.Answer;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) => AnswerAsync("approve", Statement, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) => AnswerAsync("reject", Reason, cancellationToken);

    private async Task<IActionResult> AnswerAsync(string trigger, string? reason, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var payload = WorkflowCommands.Clean(new JsonObject { ["reason"] = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ["party"] = Party, ["round"] = Round });
        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, Transition!.InstanceId, trigger, User.ToActor(), payload, cancellationToken);
        // The same answer again (a double click) finds the first recorded: the person sees it recorded, once.
        if (result.Applied || RepeatedSteps.IsRepeat(result))
        {
            return Redirect($"/approvals/{Uri.EscapeDataString(Key)}?answered={trigger}");
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        switch (result.Outcome)
        {
            case StepOutcome.Conflict:
                Errors["request"] = T("approvals.stale");
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case StepOutcome.NotPermitted or StepOutcome.Closed:
                Errors["request"] = T("approvals.closed");
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                // The approval's statement and the rejection's reason both go as the payload's reason.
                Errors[result.Field != "reason" ? "request" : trigger == "approve" ? "statement" : "reason"] = Refusal(result);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }

        return Page();
    }

    /// <summary>Null when the page may be shown; otherwise 403 (not the party's approver) or 404.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        await using var db = factory.Create();
        if (!await Approvers.MayAnswerAsync(db, User, Now, cancellationToken))
        {
            return Forbid();
        }

        Transition = await TransitionsApi.ViewAsync(ApiRequest.For(this, engine, factory, options, time, cancellationToken), Key);
        if (Transition is null)
        {
            return NotFound();
        }

        var instance = await engine.GetInstanceAsync(Transition.InstanceId, cancellationToken);
        Proposer = await Approvers.NameAsync(db, instance?.Text("proposedBy"), cancellationToken);
        return null;
    }
}
