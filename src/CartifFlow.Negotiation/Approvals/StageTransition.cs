using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Approvals;

/// <summary>A proposed stage transition, read from the step's variables.</summary>
internal sealed record StageTransition(string Key, string FromPhase, string ToPhase, string Justification, DateTimeOffset Deadline, ApprovalRule Rule, int? Quorum, int Round, string SeatTimeZone)
{
    public const string WorkflowId = NegotiationWorkflows.StageTransition;

    public static StageTransition From(IStepContext context) => new(
        context.Instance.CorrelationKey,
        StepInput.Variable(context, "from") ?? string.Empty,
        StepInput.Variable(context, "to") ?? string.Empty,
        StepInput.Variable(context, "justification") ?? string.Empty,
        StepInput.InstantVariable(context, "deadline") ?? throw new InvalidOperationException("A stage transition has a deadline."),
        StepInput.Variable(context, "rule") == "quorum" ? ApprovalRule.Quorum : ApprovalRule.Consensus,
        context.Variables["quorum"] is null ? null : StepInput.IntegerVariable(context, "quorum"),
        StepInput.IntegerVariable(context, "round", 1),
        StepInput.SeatTimeZone(context));

    /// <summary>The transition as templates show it; <paramref name="phases"/> names the phases (a loaded roadmap's too).</summary>
    public JsonObject ToModel(int takingPart, Phases.PhaseNames phases) => new()
    {
        ["key"] = Key,
        ["from"] = phases.Model(FromPhase),
        ["to"] = phases.Model(ToPhase),
        ["justification"] = Justification,
        ["deadline"] = StepInput.Iso(Deadline),
        ["rule"] = Rule == ApprovalRule.Quorum ? "quorum" : "consensus",
        ["quorum"] = Quorum,
        ["required"] = Required(takingPart),
        ["takingPart"] = takingPart,
        ["round"] = Round,
    };

    /// <summary>Approvals needed: every taking-part party under consensus, the quorum otherwise.</summary>
    public int Required(int takingPart) => Rule == ApprovalRule.Quorum ? Quorum ?? takingPart : takingPart;

    public JsonObject Calendar(Phases.PhaseNames phases) => NegotiationMessages.Calendar(
        $"{Key}-deadline@cartifflow",
        $"CARTIF: answer due on the transition to {phases.Name(ToPhase)}",
        $"Approve or reject the proposed transition {Key} before this deadline.",
        Deadline);
}

/// <summary>Where the answers of the current round stand under the transition's rule.</summary>
internal sealed record ApprovalTally(IReadOnlyList<string> TakingPart, IReadOnlyDictionary<string, TransitionAnswerKind> Answers, int Required)
{
    public int Approvals => TakingPart.Count(p => Answers.TryGetValue(p, out var k) && k == TransitionAnswerKind.Approve);

    public int Rejections => TakingPart.Count(p => Answers.TryGetValue(p, out var k) && k == TransitionAnswerKind.Reject);

    public IReadOnlyList<string> Undecided => [.. TakingPart.Where(p => !Answers.ContainsKey(p))];

    /// <summary>Enough approvals.</summary>
    public bool Met => Approvals >= Required;

    /// <summary>Enough rejections that the approvals needed can no longer come (under consensus: any rejection).</summary>
    public bool Blocked => TakingPart.Count - Rejections < Required;

    /// <summary>
    /// The tally of the current round. During an approve or reject step, the answer being given counts already,
    /// so a guard can tell whether this answer completes (or blocks) the decision.
    /// </summary>
    public static async Task<ApprovalTally> ComputeAsync(IStepContext context)
    {
        var transition = StageTransition.From(context);
        var takingPart = (await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToList();
        var answers = (await CurrentAnswersAsync(context, transition.Round).ConfigureAwait(false))
            .ToDictionary(a => a.Key, a => a.Value.Kind, StringComparer.Ordinal);
        if (context.Trigger is "approve" or "reject" && context.Payload["party"]?.GetValue<string>() is { } party)
        {
            answers[party] = context.Trigger == "approve" ? TransitionAnswerKind.Approve : TransitionAnswerKind.Reject;
        }

        return new ApprovalTally(takingPart, answers, transition.Required(takingPart.Count));
    }

    /// <summary>The latest answer of each party in a round, rows added by the step included.</summary>
    public static async Task<Dictionary<string, TransitionAnswer>> CurrentAnswersAsync(IStepContext context, int round)
    {
        var id = context.Instance.Id;
        var stored = await context.Db.Set<TransitionAnswer>().AsNoTracking().Where(a => a.InstanceId == id && a.Round == round).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<TransitionAnswer>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id && e.Entity.Round == round).Select(e => e.Entity);
        return stored.Concat(pending).OrderBy(a => a.At).ThenBy(a => a.Id)
            .GroupBy(a => a.PartyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }
}
