using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Consultations;

/// <summary>The message model of a readiness-consultation notice.</summary>
internal static class ConsultationMessages
{
    public const string WorkflowId = NegotiationWorkflows.ReadinessConsultation;

    public static async Task<JsonObject> ModelAsync(IStepContext context)
    {
        var party = StepInput.Variable(context, "party") ?? string.Empty;
        return new JsonObject
        {
            ["consultation"] = new JsonObject
            {
                ["key"] = context.Instance.CorrelationKey,
                ["party"] = (await NegotiationMessages.PartiesAsync(context, [party]).ConfigureAwait(false))[0]!.DeepClone(),
                ["interviewAt"] = StepInput.Variable(context, "interviewAt"),
                ["interviewFormat"] = StepInput.Variable(context, "interviewFormat"),
                ["interviewPlace"] = StepInput.Variable(context, "interviewPlace"),
            },
            ["seatTimeZone"] = StepInput.SeatTimeZone(context),
        };
    }

    public static JsonObject Calendar(IStepContext context, DateTimeOffset at) => NegotiationMessages.Calendar(
        $"{context.Instance.CorrelationKey}-interview@cartifflow",
        "CARTIF readiness consultation: interview",
        "Interview of the voluntary national readiness consultation for the CARTIF negotiations (ADB and the CAREC Secretariat).",
        at,
        90,
        StepInput.Variable(context, "interviewPlace"),
        "interview.ics");
}

/// <summary><c>request-readiness-consultation</c>: the party is invited to a voluntary, interview-based readiness consultation.</summary>
internal sealed class RequestReadinessConsultation : IWorkflowActivity
{
    public string Name => "request-readiness-consultation";

    public IReadOnlyCollection<string> Templates { get; } = ["consultation-requested"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var code = StepInput.Variable(context, "party");
        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        if (parties.FirstOrDefault(p => p.Code == code) is not { } party || party.StatusAt(context.Now) == PartyStatus.NotParticipating)
        {
            throw new StepRejectedException($"'{code}' is not a party taking part in (or observing) the negotiation.", "party") { Code = "party-not-in-negotiation", Arguments = [code ?? ""] };
        }

        await effects.NotifyAsync("consultation-requested", [R.ConsultedParty], [], [R.Secretariat], await ConsultationMessages.ModelAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
    }
}

/// <summary><c>schedule-readiness-interview</c>: the interview's date, format and place; the party gets a calendar entry. Scheduling again moves it.</summary>
internal sealed class ScheduleReadinessInterview : IWorkflowActivity
{
    public string Name => "schedule-readiness-interview";

    public IReadOnlyCollection<string> Templates { get; } = ["consultation-interview"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var at = StepInput.FutureInstant(context.Payload, "at", context.Now, "Give the interview's date and time.", code: "interview-time-required");
        var format = StepInput.Text(context.Payload, "format", 20) ?? "online";
        if (format is not ("online" or "in-person" or "hybrid"))
        {
            throw new StepRejectedException("The format is online, in-person or hybrid.", "format") { Code = "format-invalid" };
        }

        var rescheduled = StepInput.Variable(context, "interviewAt") is not null;
        context.Variables["interviewAt"] = StepInput.Iso(at);
        context.Variables["interviewFormat"] = format;
        context.Variables["interviewPlace"] = StepInput.Text(context.Payload, "place", 200);
        await effects.ReplanTimersAsync("interview-reminder").ConfigureAwait(false);
        var model = await ConsultationMessages.ModelAsync(context).ConfigureAwait(false);
        model["calendar"] = ConsultationMessages.Calendar(context, at);
        model["rescheduled"] = rescheduled;
        await effects.NotifyAsync("consultation-interview", [R.ConsultedParty], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>remind-readiness-interview</c>: a day before, the party is reminded of the interview.</summary>
internal sealed class RemindReadinessInterview : IWorkflowActivity
{
    public string Name => "remind-readiness-interview";

    public IReadOnlyCollection<string> Templates { get; } = ["consultation-interview"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var model = await ConsultationMessages.ModelAsync(context).ConfigureAwait(false);
        model["reminder"] = true;
        model["calendar"] = ConsultationMessages.Calendar(context, StepInput.InstantVariable(context, "interviewAt")!.Value);
        await effects.NotifyAsync("consultation-interview", [R.ConsultedParty], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-readiness-interview</c>: the interview took place.</summary>
internal sealed class RecordReadinessInterview : IWorkflowActivity
{
    public string Name => "record-readiness-interview";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var heldAt = StepInput.Instant(context.Payload, "heldAt") ?? context.Now;
        if (heldAt > context.Now)
        {
            throw new StepRejectedException("An interview is recorded once it has taken place.", "heldAt") { Code = "interview-not-yet-held" };
        }

        context.Variables["interviewHeldAt"] = StepInput.Iso(heldAt);
        context.Variables["interviewNotes"] = StepInput.Text(context.Payload, "notes");
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>record-readiness-findings</c>: priorities, sensitivities, sequencing preferences and obligations under other
/// agreements; the party gets them for its records, and they guide technical assistance.
/// </summary>
internal sealed class RecordReadinessFindings : IWorkflowActivity
{
    public string Name => "record-readiness-findings";

    public IReadOnlyCollection<string> Templates { get; } = ["consultation-findings"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var payload = context.Payload;
        var findings = new ReadinessFindings
        {
            InstanceId = context.Instance.Id,
            PartyCode = StepInput.Variable(context, "party")!,
            InterviewAt = StepInput.InstantVariable(context, "interviewHeldAt"),
            Priorities = StepInput.RequiredText(payload, "priorities", "Record the national priorities.", code: "national-priorities-required"),
            Sensitivities = StepInput.RequiredText(payload, "sensitivities", "Record the sensitivities (or 'none raised').", code: "sensitivities-required"),
            SequencingPreferences = StepInput.RequiredText(payload, "sequencingPreferences", "Record the sequencing preferences.", code: "sequencing-preferences-required"),
            OtherAgreementObligations = StepInput.RequiredText(payload, "otherAgreementObligations", "Record the high-level mapping of obligations under other international or regional agreements.", code: "other-obligations-required"),
            AssistanceNeeds = StepInput.Text(payload, "assistanceNeeds"),
            RecordedBy = context.Actor.Id,
            RecordedAt = context.Now,
        };
        context.Db.Set<ReadinessFindings>().Add(findings);
        var model = await ConsultationMessages.ModelAsync(context).ConfigureAwait(false);
        model["findings"] = new JsonObject
        {
            ["priorities"] = findings.Priorities,
            ["sensitivities"] = findings.Sensitivities,
            ["sequencingPreferences"] = findings.SequencingPreferences,
            ["otherAgreementObligations"] = findings.OtherAgreementObligations,
            ["assistanceNeeds"] = findings.AssistanceNeeds,
        };
        await effects.NotifyAsync("consultation-findings", [R.ConsultedParty], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-consultation-declined</c>: the consultation is voluntary; the party declines it, the Secretariat is told.</summary>
internal sealed class RecordConsultationDeclined : IWorkflowActivity
{
    public string Name => "record-consultation-declined";

    public IReadOnlyCollection<string> Templates { get; } = ["consultation-declined"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        if (context.Payload["party"]?.GetValue<string>() != StepInput.Variable(context, "party"))
        {
            throw new StepRejectedException($"Only {StepInput.Variable(context, "party")} may decline its own consultation.", "party", StepOutcome.Forbidden) { Code = "decline-own-only", Arguments = [StepInput.Variable(context, "party") ?? ""] };
        }

        context.Variables["declineReason"] = Reasons.Optional(context.Payload);
        var model = await ConsultationMessages.ModelAsync(context).ConfigureAwait(false);
        model["reason"] = context.Variables["declineReason"]?.DeepClone();
        await effects.NotifyAsync("consultation-declined", [R.Secretariat], [], [], model).ConfigureAwait(false);
    }
}
