using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Transitions;

/// <summary>What a proposal made now would ask: read from the negotiation workflow's definition for its current state.</summary>
/// <param name="From">The phase left.</param>
/// <param name="To">The phase proposed.</param>
/// <param name="Rule">consensus or quorum.</param>
/// <param name="Quorum">The quorum, with the quorum rule.</param>
public sealed record TransitionPlan(string From, string To, string Rule, int? Quorum);

/// <summary>
/// The Secretariat proposes the negotiation's next phase to the Chief Negotiators: the same engine step as
/// <c>POST /api/negotiation/transitions</c>. The target phase and the decision rule are the workflow's, for the
/// current phase (negotiation.yaml); the form asks for the justification and the deadline (time at the seat).
/// </summary>
[OffersTrigger(NegotiationWorkflows.Negotiation, "propose-transition")]
public sealed class ProposeModel(WorkflowEngine engine, WorkflowCatalog catalog, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    public override bool ShowsPhases => true;

    [BindProperty]
    public string? Justification { get; set; }

    [BindProperty]
    public string? Deadline { get; set; }

    /// <summary>A deadline shorter than the minimum of working days at every party, with a reason the request states.</summary>
    [BindProperty]
    public bool Urgent { get; set; }

    [BindProperty]
    public string? UrgentReason { get; set; }

    /// <summary>The minimum of working days every party must have to answer.</summary>
    public int Minimum => options.Value.TransitionMinimumWorkingDays;

    public bool Started { get; private set; }

    public TransitionPlan? Plan { get; private set; }

    public string CurrentPhase { get; private set; } = "";

    public string Seat => options.Value.SeatTimeZone;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var negotiation = await LoadAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var times = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(Deadline, Seat, "deadline", times);
        foreach (var (field, error) in times)
        {
            errors[field] = [Field(error)];
        }

        if (string.IsNullOrWhiteSpace(Justification))
        {
            errors["justification"] = [T("propose.justification-required")];
        }

        if (negotiation is null)
        {
            errors["request"] = [T("propose.not-started")];
        }

        if (errors.Count == 0)
        {
            var key = await WorkflowCommands.NextKeyAsync(engine, NegotiationWorkflows.StageTransition, $"TR-{WorkflowCommands.SeatYear(time, Seat)}", cancellationToken);
            var actor = User.ToActor();
            var payload = new JsonObject { ["key"] = key, ["justification"] = Justification!.Trim(), ["deadline"] = deadline, ["proposedBy"] = actor.Id, ["urgent"] = Urgent, ["urgentReason"] = UrgentReason };
            var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, negotiation!.Id, "propose-transition", actor, payload, cancellationToken);
            if (result.Applied)
            {
                return Redirect($"/procedures?proposed={Uri.EscapeDataString(key)}");
            }

            if (result.Outcome == StepOutcome.Forbidden)
            {
                return Forbid();
            }

            errors[result.Field is "justification" or "deadline" or "urgentReason" ? result.Field : "request"] = [Refusal(result)];
        }

        AddErrors(errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<InstanceView?> LoadAsync(CancellationToken cancellationToken)
    {
        var negotiation = await engine.FindAsync(NegotiationWorkflows.Negotiation, options.Value.NegotiationKey, cancellationToken);
        Started = negotiation is not null;
        if (negotiation is null)
        {
            return null;
        }

        CurrentPhase = negotiation.Text("phase") ?? negotiation.State;
        Plan = PlanFor(negotiation, catalog);
        return negotiation;
    }

    /// <summary>
    /// The stage transition the negotiation's <c>propose-transition</c> would start in its current state: the first
    /// handler found from the state outwards that starts a <c>stage-transition</c>; null when none applies now.
    /// </summary>
    internal static TransitionPlan? PlanFor(InstanceView negotiation, WorkflowCatalog catalog)
    {
        if (!catalog.TryGet(negotiation.DefinitionId, negotiation.DefinitionVersion, out var definition))
        {
            return null;
        }

        for (var name = negotiation.State; name is not null && definition.States.TryGetValue(name, out var state); name = state.Parent)
        {
            if (!state.On.TryGetValue("propose-transition", out var handlers))
            {
                continue;
            }

            var start = handlers.SelectMany(h => h.Actions).OfType<StartChildActivity>().FirstOrDefault(a => a.Workflow == NegotiationWorkflows.StageTransition);
            if (start is null || !start.With.TryGetValue("from", out var from) || !start.With.TryGetValue("to", out var to))
            {
                continue;
            }

            // In a loaded roadmap the phases are data: the current phase and the one after it in the roadmap.
            var phases = negotiation.Variables["roadmapPhases"] is JsonArray list ? list.Select(p => p?.GetValue<string>()).OfType<string>().ToList() : [];
            var current = negotiation.Text("phase");
            if (from == "$phase")
            {
                from = current ?? negotiation.State;
            }

            if (to == "$nextPhase")
            {
                var at = phases.IndexOf(current ?? string.Empty);
                if (at < 0 || at == phases.Count - 1)
                {
                    return null;
                }

                to = phases[at + 1];
            }

            var rule = start.With.TryGetValue("rule", out var r) ? r : "consensus";
            int? quorum = start.With.TryGetValue("quorum", out var q) ? Resolve(q, negotiation) : null;
            return new TransitionPlan(from, to, rule, quorum);
        }

        return null;
    }

    private static int? Resolve(string expression, InstanceView negotiation) =>
        expression.StartsWith('$') ? negotiation.IntegerOf(expression[1..]) : int.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
