using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Approvals;

/// <summary>
/// One stage transition for the party's Chief Negotiator (or current delegate): the justification, proposer,
/// deadline, every party's answer; approve, or reject with a reason. The answer goes through the engine with the
/// version the reader saw, so an answer to a transition that changed meanwhile is refused, not misapplied.
/// </summary>
public sealed class TransitionModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Answered { get; set; }

    [BindProperty]
    public int? Version { get; set; }

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

        var payload = WorkflowCommands.Clean(new JsonObject { ["reason"] = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ["party"] = Party });
        var result = await engine.FireAsync(Transition!.InstanceId, trigger, User.ToActor(), payload, Version, cancellationToken);
        if (result.Applied)
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
            // The form sent twice (a double click): the first answer took the version, and the party's answer now is
            // this very answer by this person. It is recorded, once; the second click is told so, not that it is stale.
            case StepOutcome.Conflict when Transition?.Parties.FirstOrDefault(p => p.Party == Party) is { } now
                && now.Answer == trigger && now.By == User.ToActor().Id && now.Reason == payload["reason"]?.GetValue<string>():
                return Redirect($"/approvals/{Uri.EscapeDataString(Key)}?answered={trigger}");
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

        Transition = await TransitionsApi.ViewAsync(Approvers.Request(this, engine, factory, options, time, cancellationToken), Key);
        if (Transition is null)
        {
            return NotFound();
        }

        var instance = await engine.GetInstanceAsync(Transition.InstanceId, cancellationToken);
        Proposer = await Approvers.NameAsync(db, instance?.Text("proposedBy"), cancellationToken);
        return null;
    }
}
