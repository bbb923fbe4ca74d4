using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>Builds the message model every written-procedure notice shares.</summary>
internal static class ProcedureMessages
{
    /// <summary>An agenda item's subject: the title, shortened with an ellipsis when title and suffix exceed the column (500).</summary>
    internal static string AgendaSubject(string title, string suffix)
    {
        const int max = 500;
        return title.Length + suffix.Length <= max ? title + suffix : string.Concat(title.AsSpan(0, max - suffix.Length - 1), "…", suffix);
    }

    public static async Task<JsonObject> ModelAsync(IStepContext context, Procedure procedure)
    {
        var area = await context.Db.Set<NegotiatingArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == procedure.Area, context.CancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["procedure"] = procedure.ToModel(area?.Name, area?.NameRu),
            ["seatTimeZone"] = procedure.SeatTimeZone,
        };
    }

    public static async Task<JsonArray> ResponsesModelAsync(IStepContext context, IEnumerable<ProcedureResponse> responses)
    {
        var parties = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Code);
        return new JsonArray([.. responses.Select(r => (JsonNode)new JsonObject
        {
            ["party"] = r.PartyCode,
            ["partyName"] = parties.TryGetValue(r.PartyCode, out var p) ? p.Name : r.PartyCode,
            ["partyNameRu"] = parties.TryGetValue(r.PartyCode, out var q) ? q.NameRu : r.PartyCode,
            ["kind"] = ResponseKinds.Name(r.Kind),
            ["comments"] = r.Comments,
            ["reason"] = r.Reason,
            ["proposedWording"] = r.ProposedWording,
            ["provisionWordings"] = r.ProvisionWordings is null ? null : new JsonArray([.. ObjectionWordings.Read(r.ProvisionWordings).Select(w => (JsonNode)new JsonObject { ["provision"] = w.Key, ["wording"] = w.Value })]),
            ["by"] = r.PersonId,
            ["at"] = r.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        })]);
    }

    public static async Task<JsonArray> MissingPartiesAsync(IStepContext context)
    {
        var latest = Procedure.Latest(await Procedure.ResponsesAsync(context).ConfigureAwait(false));
        var negotiating = await Procedure.TakingPartAsync(context).ConfigureAwait(false);
        return new JsonArray([.. negotiating.Where(p => !latest.ContainsKey(p.Code)).Select(p => (JsonNode)new JsonObject { ["code"] = p.Code, ["name"] = p.Name, ["nameRu"] = p.NameRu })]);
    }
}

/// <summary>
/// <c>circulate-procedure</c>: the circulation to every taking-part party, observers informed. The deadline is
/// reviewed with the parties' calendars first: a deadline that leaves a party fewer working days than the minimum
/// (<see cref="NegotiationOptions.MinimumWorkingDays"/>) is refused unless the procedure is marked urgent with a reason,
/// which the circulation states; where it falls on a weekend, a holiday or outside working hours is kept with the
/// procedure (<c>deadlineReview</c>).
/// </summary>
internal sealed class CirculateProcedure(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "circulate-procedure";

    public IReadOnlyCollection<string> Templates { get; } = ["circulated"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var parties = await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        context.Variables["parties"] = new JsonArray([.. parties.Select(p => (JsonNode)JsonValue.Create(p.Code))]);
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.WrittenProcedure, parties.Select(p => p.Code), procedure.Deadline, Calendars.DeadlineUrgency.From(context.Variables)).ConfigureAwait(false);
        if (context.Variables["provisions"] is not null)
        {
            // Launched from the draft: the provisions go under procedure and the text circulated is theirs, in context.
            await ProceduresOnProvisions.PlaceAsync(context, procedure).ConfigureAwait(false);
            procedure = Procedure.From(context);
        }

        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["calendar"] = procedure.Calendar($"Deadline: written procedure {procedure.Key}");
        await effects.NotifyAsync("circulated", [R.FocalPoints], [R.ChiefNegotiators], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-response</c>: a party's agree, agree with comments or objection, until the deadline.</summary>
internal sealed class RecordResponse : IWorkflowActivity
{
    private const int MaxText = 20_000;

    public string Name => "record-response";

    public IReadOnlyCollection<string> Templates { get; } = ["response-recorded"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        if (context.Now >= procedure.Deadline)
        {
            throw new StepRejectedException($"The deadline of {procedure.Key} passed at {procedure.Deadline:yyyy-MM-dd HH:mm} UTC; responses are no longer accepted.", "deadline", StepOutcome.Closed)
            {
                Code = "deadline-passed",
                Arguments = [procedure.Key, procedure.Deadline.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
            };
        }

        var party = context.Payload["party"]!.GetValue<string>();
        var parties = await Procedure.TakingPartAsync(context).ConfigureAwait(false);
        if (parties.All(p => p.Code != party))
        {
            throw new StepRejectedException($"{party} does not take part in written procedure {procedure.Key} and cannot answer it.", "party", StepOutcome.Forbidden) { Code = "party-not-taking-part", Arguments = [party, procedure.Key] };
        }

        var kind = Text(context, "kind") switch
        {
            "agree" => ResponseKind.Agree,
            "agree-with-comments" => ResponseKind.AgreeWithComments,
            "object" => ResponseKind.Object,
            null => throw new StepRejectedException("A response kind is required: agree, agree-with-comments or object.", "kind") { Code = "response-kind-required" },
            var other => throw new StepRejectedException($"'{other}' is not a response: use agree, agree-with-comments or object.", "kind") { Code = "response-kind-unknown", Arguments = [other] },
        };
        var comments = Text(context, "comments");
        var reason = Reasons.Optional(context.Payload);
        var wording = Text(context, "proposedWording");
        if (kind == ResponseKind.AgreeWithComments && string.IsNullOrWhiteSpace(comments))
        {
            throw new StepRejectedException("Comments are required with agree-with-comments.", "comments") { Code = "comments-required" };
        }

        if (kind == ResponseKind.Object && string.IsNullOrWhiteSpace(reason))
        {
            throw new StepRejectedException("An objection needs a reason.", "reason") { Code = "objection-reason-required" };
        }

        var wordings = await ProvisionWordingsAsync(context, procedure, kind).ConfigureAwait(false);

        // The same answer again from the same person (a double click, a retry after a lost reply, a one-click link after
        // the form) changes nothing: it is neither recorded again nor receipted again. Another person of the party, or
        // other content, is a new response.
        var instanceId = context.Instance.Id;
        var latest = await context.Db.Set<ProcedureResponse>().AsNoTracking()
            .Where(r => r.InstanceId == instanceId && r.PartyCode == party)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        if (latest is not null && latest.PersonId == context.Actor.Id && latest.Kind == kind
            && latest.Comments == comments && latest.Reason == reason && latest.ProposedWording == wording && latest.ProvisionWordings == wordings)
        {
            throw RepeatedSteps.Refusal(RepeatedSteps.ResponseUnchanged, "response", party, latest.At, "kind");
        }

        context.Db.Set<ProcedureResponse>().Add(new ProcedureResponse
        {
            InstanceId = context.Instance.Id,
            PartyCode = party,
            PersonId = context.Actor.Id,
            Kind = kind,
            Comments = comments,
            Reason = reason,
            ProposedWording = wording,
            ProvisionWordings = wordings,
            At = context.Now,
        });
        var summary = context.Variables["responses"] as JsonObject ?? [];
        summary[party] = ResponseKinds.Name(kind);
        context.Variables["responses"] = summary;

        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["response"] = new JsonObject
        {
            ["party"] = party, ["kind"] = ResponseKinds.Name(kind), ["comments"] = comments, ["reason"] = reason, ["proposedWording"] = wording,
            ["provisionWordings"] = wordings is null ? null : new JsonArray([.. ObjectionWordings.Read(wordings).Select(w => (JsonNode)new JsonObject { ["provision"] = w.Key, ["wording"] = w.Value })]),
        };
        await effects.NotifyAsync("response-recorded", [R.Actor], [], [], model).ConfigureAwait(false);
    }

    /// <summary>
    /// An objection's wording per provision (<c>wordings</c>: an object of a provision's stable id to its wording), on
    /// a procedure launched on provisions; stored in the procedure's order of provisions. Refused for another kind of
    /// response, for a provision the procedure does not name, and for a wording that is not text.
    /// </summary>
    private static async Task<string?> ProvisionWordingsAsync(IStepContext context, Procedure procedure, ResponseKind kind)
    {
        var node = context.Payload["wordings"];
        if (node is null || (node is JsonObject empty && empty.All(p => p.Value is null || (p.Value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(p.Value.GetValue<string>())))))
        {
            return null;
        }

        if (node is not JsonObject given)
        {
            throw new StepRejectedException("'wordings' gives a wording per provision: an object of the provision's id to its wording.", "wordings") { Code = "objection-wordings-invalid" };
        }

        if (kind != ResponseKind.Object)
        {
            throw new StepRejectedException("A wording per provision goes with an objection.", "wordings") { Code = "wordings-objection-only" };
        }

        var instanceId = context.Instance.Id;
        var provisions = await context.Db.Set<CartifFlow.Negotiation.Drafts.ProcedureProvision>().AsNoTracking().Where(p => p.InstanceId == instanceId)
            .OrderBy(p => p.Position).Select(p => p.ProvisionId).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var wordings = new List<KeyValuePair<string, string>>();
        foreach (var (id, value) in given)
        {
            if (!provisions.Contains(id, StringComparer.Ordinal))
            {
                throw new StepRejectedException($"Written procedure {procedure.Key} is not on provision '{id}'.", "wordings") { Code = "objection-provision-unknown", Arguments = [procedure.Key, id] };
            }

            if (value is null)
            {
                continue;
            }

            if (value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length > MaxText)
            {
                throw new StepRejectedException("'wordings' gives a wording per provision: an object of the provision's id to its wording.", "wordings") { Code = "objection-wordings-invalid" };
            }

            if (value.GetValue<string>().Trim() is { Length: > 0 } text)
            {
                wordings.Add(new(id, text));
            }
        }

        return ObjectionWordings.Write(wordings.OrderBy(w => provisions.IndexOf(w.Key)));
    }

    private static string? Text(IStepContext context, string field)
    {
        var node = context.Payload[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new StepRejectedException($"'{field}' must be text.", field) { Code = "not-text", Arguments = [field] };
        }

        var text = node.GetValue<string>().Trim();
        return text.Length > MaxText
            ? throw new StepRejectedException($"'{field}' is longer than {MaxText} characters.", field) { Code = "text-too-long", Arguments = [field, MaxText.ToString(CultureInfo.InvariantCulture)] }
            : text.Length == 0 ? null : text;
    }
}

/// <summary><c>remind-non-responders</c>: a reminder to each taking-part party that has not responded; none to those that have.</summary>
internal sealed class RemindNonResponders : IWorkflowActivity
{
    public string Name => "remind-non-responders";

    public IReadOnlyCollection<string> Templates { get; } = ["reminder"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["offset"] = context.Payload["offset"]?.DeepClone();
        model["calendar"] = procedure.Calendar($"Deadline: written procedure {procedure.Key}");
        await effects.NotifyAsync("reminder", [R.NonResponders], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>extend-deadline</c>: a later deadline with a reason; everyone told; reminders planned again.</summary>
internal sealed class ExtendDeadline(TimeProvider time, Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "extend-deadline";

    public IReadOnlyCollection<string> Templates { get; } = ["extended"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var reason = Reasons.Required(context, "An extension needs a reason.");
        var deadline = StepInput.Instant(context.Payload, "deadline")
            ?? throw new StepRejectedException("A new deadline (an instant with an offset) is required.", "deadline") { Code = "deadline-required" };
        if (deadline <= procedure.Deadline || deadline <= time.GetUtcNow())
        {
            throw new StepRejectedException("The new deadline must be later than the current one and in the future.", "deadline") { Code = "deadline-not-later" };
        }

        // The new deadline is reviewed as the first was, for the parties the procedure was circulated to.
        var parties = await Procedure.TakingPartAsync(context).ConfigureAwait(false);
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.WrittenProcedure, parties.Select(p => p.Code), deadline, Calendars.DeadlineUrgency.From(context.Payload)).ConfigureAwait(false);
        context.Variables["deadline"] = deadline.ToString("O", CultureInfo.InvariantCulture);
        var extensions = context.Variables["extensions"] as JsonArray ?? [];
        extensions.Add(new JsonObject { ["from"] = procedure.Deadline.ToString("O", CultureInfo.InvariantCulture), ["to"] = deadline.ToString("O", CultureInfo.InvariantCulture), ["reason"] = reason, ["by"] = context.Actor.Id, ["at"] = context.Now.ToString("O", CultureInfo.InvariantCulture) });
        context.Variables["extensions"] = extensions;
        await effects.ReplanTimersAsync("deadline").ConfigureAwait(false);
        await effects.ReplanTimersAsync("reminder").ConfigureAwait(false);

        var extended = procedure with { Deadline = deadline };
        var model = await ProcedureMessages.ModelAsync(context, extended).ConfigureAwait(false);
        model["previousDeadline"] = procedure.Deadline.ToString("O", CultureInfo.InvariantCulture);
        model["reason"] = reason;
        model["calendar"] = extended.Calendar($"New deadline: written procedure {procedure.Key}");
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        await effects.NotifyAsync("extended", [R.FocalPoints], [R.ChiefNegotiators], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-withdrawal</c>: the Secretariat withdraws the procedure, with a reason.</summary>
internal sealed class RecordWithdrawal : IWorkflowActivity
{
    public string Name => "record-withdrawal";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["withdrawalReason"] = Reasons.Required(context, "A withdrawal needs a reason.");
        return Task.CompletedTask;
    }
}

/// <summary><c>record-closure</c>: the Secretariat closes an escalated procedure as not adopted, with a reason.</summary>
internal sealed class RecordClosure : IWorkflowActivity
{
    public string Name => "record-closure";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["closureReason"] = Reasons.Required(context, "A closure needs a reason.");
        return Task.CompletedTask;
    }
}

/// <summary><c>escalate-missing-parties</c>: consent mode, deadline passed, parties missing: their chief negotiators are told.</summary>
internal sealed class EscalateMissingParties : IWorkflowActivity
{
    public string Name => "escalate-missing-parties";

    public IReadOnlyCollection<string> Templates { get; } = ["escalation"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["missingParties"] = await ProcedureMessages.MissingPartiesAsync(context).ConfigureAwait(false);
        context.Variables["missingParties"] = model["missingParties"]!.DeepClone();
        await effects.NotifyAsync("escalation", [R.MissingChiefNegotiators], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>escalate-to-secretariat-lead</c>: after the grace period the Secretariat lead is told who is still missing.</summary>
internal sealed class EscalateToSecretariatLead : IWorkflowActivity
{
    public string Name => "escalate-to-secretariat-lead";

    public IReadOnlyCollection<string> Templates { get; } = ["escalation-lead"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["missingParties"] = context.Variables["missingParties"]?.DeepClone() ?? await ProcedureMessages.MissingPartiesAsync(context).ConfigureAwait(false);
        await effects.NotifyAsync("escalation-lead", [R.SecretariatLead], [], [], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>close-procedure</c>: on entering an outcome, writes the record (Markdown and HTML), tells everyone, and
/// when not adopted puts the provision on the area's working-group agenda.
/// </summary>
internal sealed class CloseProcedure : IWorkflowActivity
{
    public string Name => "close-procedure";

    public IReadOnlyCollection<string> Templates { get; } = ["adopted", "not-adopted", "withdrawn"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var procedure = Procedure.From(context);
        var outcome = context.Instance.State;
        var responses = await Procedure.ResponsesAsync(context).ConfigureAwait(false);
        var latest = Procedure.Latest(responses);
        var revision = await ProceduresOnProvisions.SettleAsync(context, procedure, outcome).ConfigureAwait(false);
        var record = await ProcedureRecordWriter.WriteAsync(context, procedure, outcome, responses).ConfigureAwait(false);
        context.Db.Set<ProcedureRecord>().Add(record);

        var model = await ProcedureMessages.ModelAsync(context, procedure).ConfigureAwait(false);
        model["outcome"] = outcome;
        model["responses"] = await ProcedureMessages.ResponsesModelAsync(context, latest.Values.OrderBy(r => r.PartyCode, StringComparer.Ordinal)).ConfigureAwait(false);
        model["recordMarkdown"] = record.Markdown;
        model["adoptedRevision"] = revision;
        model["reason"] = (context.Variables["withdrawalReason"] ?? context.Variables["closureReason"])?.DeepClone();
        if (outcome == "NotAdopted")
        {
            var objections = (await Procedure.CountingAsync(context).ConfigureAwait(false)).Values.Where(r => r.Kind == ResponseKind.Object).ToList();
            var details = string.Join("\n", objections.Select(o => $"{o.PartyCode}: {o.Reason}" + (o.ProposedWording is null ? string.Empty : $" (proposed wording: {o.ProposedWording})")
                + string.Concat(ObjectionWordings.Read(o.ProvisionWordings).Select(w => $" (proposed wording for {w.Key}: {w.Value})"))));
            context.Db.Set<AgendaItem>().Add(new AgendaItem
            {
                AreaCode = procedure.Area,
                Source = procedure.Key,
                Subject = ProcedureMessages.AgendaSubject(procedure.Title, $" (written procedure {procedure.Key} not adopted)"),
                Details = details.Length == 0 ? "Not all parties consented by the deadline." : details,
                CreatedAt = context.Now,
            });
            model["referredTo"] = procedure.Area;
        }

        var template = outcome switch
        {
            "Adopted" => "adopted",
            "NotAdopted" => "not-adopted",
            _ => "withdrawn",
        };
        // The record (every party's answer) goes to the taking-part parties and the Secretariat; observers get the
        // outcome without any party's answer (AnswerVisibility).
        await effects.NotifyAsync(template, [R.FocalPoints], [R.ChiefNegotiators], [R.Secretariat], model).ConfigureAwait(false);
        var outcomeOnly = (JsonObject)model.DeepClone();
        outcomeOnly.Remove("responses");
        outcomeOnly.Remove("recordMarkdown");
        await effects.NotifyAsync(template, [], [], [R.Observers], outcomeOnly).ConfigureAwait(false);
    }
}

/// <summary><c>objection-received</c>: a taking-part party's latest response is an objection.</summary>
internal sealed class ObjectionReceived : IWorkflowGuard
{
    public string Name => "objection-received";

    public async ValueTask<bool> EvaluateAsync(IStepContext context) =>
        (await Procedure.CountingAsync(context).ConfigureAwait(false)).Values.Any(r => r.Kind == ResponseKind.Object);
}

/// <summary><c>adopted</c>: silence kept (no objection), or in consent mode every taking-part party agreed.</summary>
internal sealed class ProcedureAdopted : IWorkflowGuard
{
    public string Name => "adopted";

    public async ValueTask<bool> EvaluateAsync(IStepContext context)
    {
        var procedure = Procedure.From(context);
        var latest = await Procedure.CountingAsync(context).ConfigureAwait(false);
        if (latest.Values.Any(r => r.Kind == ResponseKind.Object))
        {
            return false;
        }

        if (procedure.Mode == ProcedureMode.Silence)
        {
            return true;
        }

        var parties = await Procedure.TakingPartAsync(context).ConfigureAwait(false);
        return parties.All(p => latest.ContainsKey(p.Code));
    }
}
