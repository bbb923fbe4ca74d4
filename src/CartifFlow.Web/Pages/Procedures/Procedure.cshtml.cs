using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using CartifFlow.Web.Workflows;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>
/// One procedure for the Secretariat: the text, the response matrix, extend and withdraw (through the engine), and once
/// escalated, close as not adopted.
/// </summary>
[OffersTrigger(NegotiationWorkflows.WrittenProcedure, "extend")]
[OffersTrigger(NegotiationWorkflows.WrittenProcedure, "withdraw")]
[OffersTrigger(NegotiationWorkflows.WrittenProcedure, "close")]
public sealed class ProcedureModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    [BindProperty]
    public string? Deadline { get; set; }

    [BindProperty]
    [FormField("reason", Handler = "extend")]
    [FormField("withdraw", Handler = "withdraw")]
    [FormField("close", Handler = "close")]
    public string? Reason { get; set; }

    /// <summary>An extension shorter than the minimum of working days at every party, with a reason the notice states.</summary>
    [BindProperty]
    public bool ExtendUrgent { get; set; }

    [BindProperty]
    public string? ExtendUrgentReason { get; set; }

    /// <summary>The minimum of working days every party must have.</summary>
    public int Minimum => options.Value.MinimumWorkingDays;

    public ProcedureBoardEntry? Procedure { get; private set; }

    /// <summary>The draft's provisions under this procedure, when it was launched from the draft.</summary>
    public IReadOnlyList<CartifFlow.Negotiation.Drafts.ProcedureProvision> Provisions { get; private set; } = [];

    /// <summary>The deadline with the parties' calendars in view, as circulation reviewed it.</summary>
    public DeadlineCalendarView? Calendar => Procedure is null ? null : DeadlineCalendarViews.From(Procedure.Instance.Variables);

    /// <summary>The form that was sent (extend, withdraw or close): a refused one shows the reason typed into it again.</summary>
    public string? Sent { get; private set; }

    /// <summary>The reason to show in <paramref name="form"/>: what was typed there, when that form was refused.</summary>
    public string? ReasonFor(string form) => Sent == form ? Reason : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostExtendAsync(CancellationToken cancellationToken)
    {
        Sent = "extend";
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!Deadlines.TryParse(Deadline, Procedure!.SeatTimeZone, out var deadline, out _))
        {
            Errors["deadline"] = T("step.deadline-unparsable", Deadline, Procedure.SeatTimeZone);
            return Refused();
        }

        return await FireAsync("extend", new JsonObject { ["deadline"] = deadline.ToString("O", CultureInfo.InvariantCulture), ["reason"] = Reason, ["urgent"] = ExtendUrgent, ["urgentReason"] = string.IsNullOrWhiteSpace(ExtendUrgentReason) ? null : ExtendUrgentReason.Trim() }, cancellationToken);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken)
    {
        Sent = "withdraw";
        return await LoadAsync(cancellationToken) ? await FireAsync("withdraw", new JsonObject { ["reason"] = Reason }, cancellationToken) : NotFound();
    }

    /// <summary>After an escalation, closes the procedure as not adopted, with a reason.</summary>
    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        Sent = "close";
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Procedure!.Instance.State != "Escalated")
        {
            Errors["close"] = T("procedure.close.not-escalated", StateName(NegotiationWorkflows.WrittenProcedure, Procedure.Instance.State));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return await FireAsync("close", new JsonObject { ["reason"] = Reason }, cancellationToken);
    }

    private async Task<IActionResult> FireAsync(string trigger, JsonObject payload, CancellationToken cancellationToken)
    {
        foreach (var name in payload.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            payload.Remove(name);
        }

        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, Procedure!.Instance.Id, trigger, User.ToActor(), payload, cancellationToken);
        if (result.Applied)
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(Key)}?done=true");
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        if (trigger == "close" && result.Outcome is StepOutcome.NotPermitted or StepOutcome.Closed)
        {
            // Someone else closed or extended it between the page and the button.
            Errors["close"] = T("procedure.close.not-escalated", StateName(NegotiationWorkflows.WrittenProcedure, result.Instance?.State ?? Procedure.Instance.State));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Errors[result.Field is "deadline" or "reason" && trigger == "extend" ? result.Field : result.Field == "urgentReason" && trigger == "extend" ? "extend-urgentReason" : trigger] = Refusal(result);
        return Refused();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Procedure = await ProcedureBoard.FindAsync(engine, db, Key, time, options.Value.SeatTimeZone, cancellationToken);
        if (Procedure is not null)
        {
            Provisions = await CartifFlow.Negotiation.Drafts.ProvisionProcedures.OfProcedureAsync(db, Procedure.Instance.Id, cancellationToken);
        }

        return Procedure is not null;
    }
}
