using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Phases;

/// <summary><c>record-phase</c>: the negotiation entered the phase just <c>set</c> (<c>phase</c>); kept with the approving transition.</summary>
internal sealed class RecordPhase : IWorkflowActivity
{
    public string Name => "record-phase";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var phase = StepInput.Variable(context, "phase") ?? throw new InvalidOperationException("Set 'phase' before record-phase.");
        Record(context, phase, context.Trigger == "transition-decided" ? context.Payload["child"]?["key"]?.GetValue<string>() : null);
        return Task.CompletedTask;
    }

    /// <summary>Records the entry into <paramref name="phase"/> unless it is the phase recorded last.</summary>
    internal static void Record(IStepContext context, string phase, string? transitionKey)
    {
        var from = StepInput.Variable(context, "recordedPhase");
        if (from == phase)
        {
            return;
        }

        context.Db.Set<PhaseChange>().Add(new PhaseChange
        {
            NegotiationInstanceId = context.Instance.Id,
            FromPhase = from,
            ToPhase = phase,
            TransitionKey = transitionKey,
            At = context.Now,
        });
        context.Variables["recordedPhase"] = phase;
    }
}

/// <summary>
/// <c>circulate-negotiation-document</c>: the Secretariat circulates the negotiation modalities (with the working
/// groups' prioritisation), the bracketed zero draft, working-group terms of reference, or another document.
/// </summary>
internal sealed class CirculateNegotiationDocument : IWorkflowActivity
{
    public string Name => "circulate-negotiation-document";

    public IReadOnlyCollection<string> Templates { get; } = ["negotiation-document"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var payload = context.Payload;
        var kind = StepInput.RequiredText(payload, "kind", "Say which document: modalities, zero-draft, terms-of-reference or other.", code: "document-kind-required", 30) switch
        {
            "modalities" => DocumentKind.Modalities,
            "zero-draft" => DocumentKind.ZeroDraft,
            "terms-of-reference" => DocumentKind.TermsOfReference,
            "other" => DocumentKind.Other,
            var other => throw new StepRejectedException($"'{other}' is not a kind of document: modalities, zero-draft, terms-of-reference or other.", "kind") { Code = "document-kind-unknown", Arguments = [other] },
        };
        var areas = await context.Db.Set<NegotiatingArea>().AsNoTracking().Select(a => a.Code).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var area = StepInput.Text(payload, "area", 10)?.ToUpperInvariant();
        if (area is not null && !areas.Contains(area))
        {
            throw new StepRejectedException($"There is no negotiating area '{area}'.", "area") { Code = "area-unknown", Arguments = [area] };
        }

        var priorities = StepInput.Codes(payload["priorities"], "priorities");
        if (kind == DocumentKind.Modalities && priorities.Count == 0)
        {
            throw new StepRejectedException("The modalities give the working groups' prioritisation: list the areas in order of priority.", "priorities") { Code = "modalities-priorities-required" };
        }

        if (priorities.FirstOrDefault(p => !areas.Contains(p)) is { } unknown)
        {
            throw new StepRejectedException($"There is no negotiating area '{unknown}'.", "priorities") { Code = "area-unknown", Arguments = [unknown] };
        }

        var document = new NegotiationDocument
        {
            NegotiationInstanceId = context.Instance.Id,
            Kind = kind,
            Title = StepInput.RequiredText(payload, "title", "The document needs a title.", code: "title-required", 500),
            Reference = StepInput.RequiredText(payload, "document", "Give the document's name or link.", code: "document-required", 1000),
            Version = StepInput.Text(payload, "version", 50),
            AreaCode = area,
            Summary = StepInput.Text(payload, "summary"),
            Priorities = priorities.Count == 0 ? null : string.Join(',', priorities),
            CirculatedBy = context.Actor.Id,
            CirculatedAt = context.Now,
        };
        context.Db.Set<NegotiationDocument>().Add(document);
        var priorityModel = new JsonArray();
        foreach (var code in priorities)
        {
            priorityModel.Add(await NegotiationMessages.AreaAsync(context, code).ConfigureAwait(false));
        }

        var model = new JsonObject
        {
            ["document"] = new JsonObject
            {
                ["kind"] = StepInput.Text(payload, "kind"),
                ["title"] = document.Title,
                ["reference"] = document.Reference,
                ["version"] = document.Version,
                ["summary"] = document.Summary,
                ["area"] = await NegotiationMessages.AreaAsync(context, area).ConfigureAwait(false),
                ["priorities"] = priorityModel,
            },
            ["seatTimeZone"] = StepInput.SeatTimeZone(context),
        };
        await effects.NotifyAsync("negotiation-document", [R.FocalPoints], [R.ChiefNegotiators], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>check-consultation-request</c>: a readiness consultation for a party that has none running.</summary>
internal sealed class CheckConsultationRequest : IWorkflowActivity
{
    public string Name => "check-consultation-request";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var party = StepInput.RequiredText(context.Payload, "party", "Name the party to consult.", code: "consulted-party-required", 10);
        StepInput.RequiredText(context.Payload, "key", "The consultation needs a key.", code: "key-required", 200);
        var running = await context.Db.Instances.AsNoTracking()
            .Where(i => i.ParentId == context.Instance.Id && i.DefinitionId == NegotiationWorkflows.ReadinessConsultation && i.Status == InstanceStatus.Running)
            .ToListAsync(context.CancellationToken).ConfigureAwait(false);
        if (running.FirstOrDefault(i => JsonNode.Parse(i.VariablesJson)?["party"]?.GetValue<string>() == party) is { } existing)
        {
            throw new StepRejectedException($"{party} has a readiness consultation under way already ({existing.CorrelationKey}).", "party", StepOutcome.Conflict) { Code = "consultation-under-way", Arguments = [party, existing.CorrelationKey] };
        }
    }
}

/// <summary>
/// <c>check-transition-proposal</c>: the Secretariat proposes the next stage: a justification, a future deadline, no
/// other proposal open, and what the phase must have produced first (Phase 1: modalities, the bracketed zero draft
/// and the terms of reference circulated; Phase 3: a working group established).
/// </summary>
internal sealed class CheckTransitionProposal : IWorkflowActivity
{
    public string Name => "check-transition-proposal";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        StepInput.RequiredText(context.Payload, "key", "The transition needs a key.", code: "key-required", 200);
        StepInput.RequiredText(context.Payload, "justification", "A proposed transition needs a justification.", code: "justification-required");
        StepInput.FutureInstant(context.Payload, "deadline", context.Now, "Give the deadline for the Chief Negotiators' answers.", code: "deadline-missing");
        // The transition started next reviews its deadline with the calendars; an urgency given here is handed to it.
        Calendars.DeadlineReviews.HandOver(context, NegotiationWorkflows.StageTransition, context.Payload["key"]!.GetValue<string>(), Calendars.DeadlineUrgency.From(context.Payload));
        var db = context.Db;
        var open = await db.Instances.AsNoTracking()
            .FirstOrDefaultAsync(i => i.ParentId == context.Instance.Id && i.DefinitionId == NegotiationWorkflows.StageTransition && i.Status == InstanceStatus.Running, context.CancellationToken).ConfigureAwait(false);
        if (open is not null)
        {
            throw new StepRejectedException($"The transition {open.CorrelationKey} is still open ({open.State}); revise or withdraw it first.", null, StepOutcome.Conflict) { Code = "transition-still-open", Arguments = [open.CorrelationKey, open.State] };
        }

        switch (StepInput.Variable(context, "phase"))
        {
            case NegotiationPhases.Preparation:
                var circulated = await db.Set<NegotiationDocument>().AsNoTracking().Where(d => d.NegotiationInstanceId == context.Instance.Id)
                    .Select(d => d.Kind).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
                var missing = new[] { (DocumentKind.Modalities, "the negotiation modalities"), (DocumentKind.ZeroDraft, "the bracketed zero draft"), (DocumentKind.TermsOfReference, "the working groups' terms of reference") }
                    .Where(x => !circulated.Contains(x.Item1)).Select(x => x.Item2).ToList();
                if (missing.Count > 0)
                {
                    throw new StepRejectedException($"Phase 1 is not complete: circulate {string.Join(", ", missing)} before proposing the Zero Round.", null, StepOutcome.NotPermitted) { Code = "phase-one-incomplete" };
                }

                break;
            case NegotiationPhases.WorkingGroups:
                if (!await db.Set<WorkingGroup>().AnyAsync(g => g.EstablishedAt != null, context.CancellationToken).ConfigureAwait(false))
                {
                    throw new StepRejectedException("No working group is established yet: there is no progress to report to the Ministerial Conference.", null, StepOutcome.NotPermitted) { Code = "no-working-group-established" };
                }

                break;
        }
    }
}

/// <summary><c>record-transition-outcome</c>: a proposed stage transition ended (approved, or withdrawn); the negotiation keeps the latest.</summary>
internal sealed class RecordTransitionOutcome : IWorkflowActivity
{
    public string Name => "record-transition-outcome";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["lastTransition"] = new JsonObject
        {
            ["key"] = context.Payload["child"]?["key"]?.DeepClone(),
            ["outcome"] = StepInput.ChildState(context),
            ["at"] = StepInput.Iso(context.Now),
        };
        return Task.CompletedTask;
    }
}

/// <summary><c>record-zero-round-outcome</c>: the Zero Round concluded; the working groups it agreed are the ones Phase 3 may set up.</summary>
internal sealed class RecordZeroRoundOutcome : IWorkflowActivity
{
    public string Name => "record-zero-round-outcome";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["zeroRound"] = context.Payload["child"]?["key"]?.DeepClone();
        context.Variables["agreedWorkingGroups"] = StepInput.ChildVariable(context, "agreedWorkingGroups");
        return Task.CompletedTask;
    }
}

/// <summary><c>check-working-group-proposal</c>: a working group for an area the Zero Round agreed, and only one per area.</summary>
internal sealed class CheckWorkingGroupProposal : IWorkflowActivity
{
    public string Name => "check-working-group-proposal";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = StepInput.RequiredText(context.Payload, "area", "Name the negotiating area.", code: "area-required", 10);
        StepInput.RequiredText(context.Payload, "key", "The working group needs a key.", code: "key-required", 200);
        // Checked here, before the group and its written procedure are started: a deadline already past would adopt the
        // terms at once, by a silence no party had the time to break.
        StepInput.FutureInstant(context.Payload, "termsDeadline", context.Now, "Give the deadline of the written procedure on the terms of reference.", code: "deadline-missing");
        var agreed = StepInput.Codes(context.Variables["agreedWorkingGroups"], "agreedWorkingGroups");
        if (!agreed.Contains(area))
        {
            throw agreed.Count == 0
                ? new StepRejectedException($"The Zero Round agreed working groups for no area, not {area}.", "area") { Code = "no-working-groups-agreed", Arguments = [area] }
                : new StepRejectedException($"The Zero Round agreed working groups for {string.Join(", ", agreed)}, not {area}.", "area") { Code = "area-not-agreed", Arguments = [string.Join(", ", agreed), area] };
        }

        if (await WorkingGroupDirectory.ForAreaAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw new StepRejectedException($"The working group {existing.Key} exists already for {area}.", "area", StepOutcome.Conflict) { Code = "working-group-exists", Arguments = [existing.Key, area] };
        }
    }
}

/// <summary><c>record-working-group-outcome</c>: a working group reported its text as stable.</summary>
internal sealed class RecordWorkingGroupOutcome : IWorkflowActivity
{
    public string Name => "record-working-group-outcome";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var stable = context.Variables["stableTexts"] as JsonArray ?? [];
        stable.Add(StepInput.ChildVariable(context, "area"));
        context.Variables["stableTexts"] = stable;
        return Task.CompletedTask;
    }
}
