using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Escalations;

/// <summary>
/// What was escalated about the Chief Negotiator's own party: consent-mode written procedures the party had not
/// answered by the deadline (escalated to its Chief Negotiator), and stage transitions whose deadline passed without
/// the party's answer (escalated to the Secretariat lead).
/// </summary>
public sealed class EscalationsModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    public IReadOnlyList<ProcedureBoardEntry> Procedures { get; private set; } = [];

    public IReadOnlyList<TransitionView> Transitions { get; private set; } = [];

    public IReadOnlyDictionary<string, DateTimeOffset?> EscalatedAt { get; private set; } = new Dictionary<string, DateTimeOffset?>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var party = Party!;
        await using var db = factory.Create();
        Procedures = [.. (await ProcedureBoard.ListAsync(engine, db, time, options.Value.SeatTimeZone, cancellationToken))
            .Where(p => p.Instance.State == "Escalated" && p.NotReplied.Any(r => r.Party == party))];

        var r = ApiRequest.For(this, engine, factory, options, time, cancellationToken);
        var transitions = new List<TransitionView>();
        var escalatedAt = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var instance in await engine.ListAsync(TransitionsApi.Workflow, cancellationToken))
        {
            if (instance.State == "Escalated" && await TransitionsApi.ViewAsync(r, instance.CorrelationKey) is { } view && view.Parties.Any(p => p.Party == party && p.Answer is null))
            {
                transitions.Add(view);
                escalatedAt[view.Key] = instance.InstantOf("escalatedAt");
            }
        }

        Transitions = transitions;
        EscalatedAt = escalatedAt;
    }
}
