using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Negotiation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.WrittenProcedures;

/// <summary>
/// Written procedures over HTTP: launch, respond, extend, withdraw, close, list, read, "who has not replied",
/// the record, and e-mail delivery status. Every state change goes through the engine, which checks role and party.
/// </summary>
internal static class WrittenProceduresApi
{
    private const string Workflow = NegotiationWorkflows.WrittenProcedure;

    public static IEndpointRouteBuilder MapWrittenProcedures(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/procedures").WithTags("Written procedures").RequireAuthorization();
        group.MapPost("/", Launch).WithSummary("Launch a written procedure (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/", List).WithSummary("Every written procedure, newest first.");
        group.MapGet("/{key}", Get).WithSummary("One procedure: text, deadline, responses and what you may do. ETag is its version.");
        group.MapGet("/{key}/status", Status).WithSummary("Who has replied and who has not.");
        group.MapPost("/{key}/responses", Respond).WithSummary("Respond for your own party (focal point or chief negotiator). If-Match: the version you read.");
        group.MapPost("/{key}/extension", Extend).WithSummary("Extend the deadline, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/withdrawal", Withdraw).WithSummary("Withdraw the procedure, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/closure", Close).WithSummary("After an escalation, close the procedure as not adopted, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/{key}/record", Record).WithSummary("The record of a closed procedure; ?format=markdown (default) or html.");
        group.MapGet("/{key}/messages", Messages).WithSummary("Delivery status of every e-mail the procedure sent (Secretariat).");
        return routes;
    }

    private static async Task<Results<Created<ProcedureView>, ValidationProblem, ProblemHttpResult>> Launch(
        LaunchProcedureRequest request, HttpContext http, ClaimsPrincipal user, WorkflowEngine engine, ICartifFlowDbContextFactory factory,
        IOptions<NegotiationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await LaunchAsync(request, user.ToActor(), engine, factory, options.Value, time, cancellationToken, IdempotencyKeys.From(http));
        if (outcome.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(FieldError.Messages(outcome.Errors));
        }

        if (outcome.Refusal is { } refusal)
        {
            return StepProblems.From(refusal) switch
            {
                ValidationProblem v => v,
                var other => (ProblemHttpResult)other,
            };
        }

        IdempotencyKeys.MarkReplayed(http, outcome.Replayed);
        var view = await ViewAsync(engine, factory, outcome.Key!, user, options.Value.SeatTimeZone, cancellationToken);
        return TypedResults.Created($"/api/procedures/{Uri.EscapeDataString(outcome.Key!)}", view!);
    }

    /// <summary>
    /// Validates and launches a procedure through the engine: shared by the API and the launch page. With an
    /// <paramref name="idempotencyKey"/> a repeat of the same launch answers with the procedure the first one started.
    /// </summary>
    public static async Task<LaunchOutcome> LaunchAsync(
        LaunchProcedureRequest request, Actor actor, WorkflowEngine engine, ICartifFlowDbContextFactory factory,
        NegotiationOptions options, TimeProvider time, CancellationToken cancellationToken, string? idempotencyKey = null, ProvisionsLaunch? provisions = null)
    {
        var seat = options.SeatTimeZone;
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        void Fail(string field, string message, string code, params string[] arguments) => errors[field] = new(message, code, arguments);

        await using (var db = factory.Create())
        {
            if (string.IsNullOrWhiteSpace(request.Area))
            {
                Fail("area", "The negotiating area is required.", "area-required");
            }
            else if (!await db.Set<NegotiatingArea>().AnyAsync(a => a.Code == request.Area, cancellationToken))
            {
                Fail("area", $"There is no negotiating area '{request.Area}'.", "area-unknown", request.Area);
            }
        }

        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > 500)
        {
            Fail("title", "A title of 1 to 500 characters is required.", "title-length");
        }

        if (provisions is not null)
        {
            // Launched from the draft: the text circulated is made from the provisions by the step.
            if (provisions.BasedOn is null or <= 0)
            {
                Fail("basedOn", "Name the revision the provisions were chosen on (basedOn).", "draft-revision-required", "basedOn");
            }

            if (provisions.Proposals.Count == 0)
            {
                Fail("provisions", "Choose one or more provisions of the draft.", "procedure-provisions-required");
            }
        }
        else if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.Document))
        {
            Fail("text", "Give the text under procedure, or the document it is in.", "procedure-text-required");
        }

        if (request.Text is { Length: > 100_000 })
        {
            Fail("text", "The text is longer than 100,000 characters; attach it as a document instead.", "procedure-text-too-long");
        }

        FieldError.Limit(errors, "document", request.Document, FieldError.Short);
        FieldError.Limit(errors, "documentVersion", request.DocumentVersion, FieldError.Short);
        if (request.Mode is not (null or "silence" or "consent"))
        {
            Fail("mode", "The mode is 'silence' or 'consent'.", "mode-invalid");
        }

        if (request.Key is { } key && !WorkflowCommands.IsValidKey(key))
        {
            Fail("key", "A key has 1 to 50 letters, digits or dashes.", "key-invalid");
        }

        DateTimeOffset deadline = default;
        if (!Deadlines.TryParse(request.Deadline, seat, out deadline, out var deadlineError))
        {
            Fail("deadline", deadlineError!, string.IsNullOrWhiteSpace(request.Deadline) ? "seat-deadline-required" : "deadline-unparsable", string.IsNullOrWhiteSpace(request.Deadline) ? [] : [request.Deadline, seat]);
        }
        else if (deadline <= time.GetUtcNow())
        {
            Fail("deadline", "The deadline must be in the future.", "deadline-not-in-future");
        }

        foreach (var (value, index) in (request.Reminders ?? []).Select((v, i) => (v, i)))
        {
            if (!IsoDuration.TryParse(value, out var offset, out var error) || offset <= TimeSpan.Zero)
            {
                Fail($"reminders[{index}]", error ?? "A reminder offset must be a positive duration.", "reminder-invalid");
            }
        }

        if (request.Grace is not null && (!IsoDuration.TryParse(request.Grace, out var grace, out var graceError) || grace <= TimeSpan.Zero))
        {
            Fail("grace", "The grace period is a positive ISO-8601 duration (for example P3D).", "grace-invalid");
        }

        if (errors.Count > 0)
        {
            return new LaunchOutcome(null, errors, null);
        }

        var parameters = new JsonObject
        {
            ["area"] = request.Area,
            ["title"] = request.Title!.Trim(),
            ["text"] = request.Text,
            ["document"] = request.Document,
            ["documentVersion"] = request.DocumentVersion,
            ["mode"] = request.Mode ?? "silence",
            ["deadline"] = deadline.ToString("O", CultureInfo.InvariantCulture),
            ["seatTimeZone"] = seat,
            ["urgent"] = request.Urgent == true ? true : null,
            ["urgentReason"] = string.IsNullOrWhiteSpace(request.UrgentReason) ? null : request.UrgentReason.Trim(),
        };
        if (provisions is not null)
        {
            parameters["draftRevision"] = provisions.BasedOn;
            parameters["provisions"] = System.Text.Json.JsonSerializer.Serialize(provisions.Proposals, ProceduresOnProvisions.JsonOptions);
        }

        if (request.Reminders is not null)
        {
            parameters["reminders"] = new JsonArray([.. request.Reminders.Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        if (request.Grace is not null)
        {
            parameters["grace"] = request.Grace;
        }

        foreach (var name in parameters.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            parameters.Remove(name);
        }

        // A generated key can collide with a concurrent launch: try the next number.
        for (var attempt = 0; ; attempt++)
        {
            var procedureKey = request.Key ?? await NextKeyAsync(engine, options.ProcedureKeyPrefix, WorkflowCommands.SeatYear(time, options.SeatTimeZone), attempt, cancellationToken);
            var result = await engine.StartAsync(new StartRequest(Workflow, procedureKey, parameters, IdempotencyKey: idempotencyKey), actor, cancellationToken);
            if (result.Applied)
            {
                // A replay answers with the procedure the first launch started, under the number it got then.
                return new LaunchOutcome(result.Instance!.CorrelationKey, errors, null) { Replayed = result.Replayed };
            }

            if (result.Outcome == StepOutcome.Conflict && request.Key is null && attempt < 5)
            {
                continue;
            }

            return new LaunchOutcome(null, errors, result);
        }
    }


    /// <summary>Generated procedure numbers stay below this; a key given by hand at or above it is left out of the count.</summary>
    private const int GeneratedBelow = 1_000_000;

    private static async Task<string> NextKeyAsync(WorkflowEngine engine, string prefix, int seatYear, int skip, CancellationToken cancellationToken)
    {
        var year = seatYear.ToString(CultureInfo.InvariantCulture);
        var existing = await engine.ListAsync(Workflow, cancellationToken);
        var numbers = existing.Select(i => i.CorrelationKey.Split('-')).Where(p => p.Length == 3 && p[0] == prefix && p[1] == year && int.TryParse(p[2], CultureInfo.InvariantCulture, out _)).Select(p => int.Parse(p[2], CultureInfo.InvariantCulture))
            .Where(n => n is >= 0 and < GeneratedBelow); // a key given by hand far beyond the sequence (WP-2026-2147483647) does not end it
        return $"{prefix}-{year}-{numbers.DefaultIfEmpty(0).Max() + 1 + skip:000}";
    }

    private static async Task<Ok<List<ProcedureSummary>>> List(WorkflowEngine engine, IOptions<NegotiationOptions> options, CancellationToken cancellationToken)
    {
        var instances = await engine.ListAsync(Workflow, cancellationToken);
        return TypedResults.Ok(instances.Select(i => new ProcedureSummary(
            i.CorrelationKey,
            i.Variables["title"]!.GetValue<string>(),
            i.Variables["area"]!.GetValue<string>(),
            i.Variables["mode"]!.GetValue<string>(),
            i.State,
            i.Status != Engine.Persistence.InstanceStatus.Running,
            Deadlines.View(i.Variables, options.Value.SeatTimeZone))).ToList());
    }

    private static async Task<Results<Ok<ProcedureView>, ProblemHttpResult>> Get(
        string key, ClaimsPrincipal user, HttpContext http, WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(engine, factory, key, user, options.Value.SeatTimeZone, cancellationToken);
        if (view is null)
        {
            return WorkflowCommands.NotFound("written procedure", key);
        }

        WorkflowCommands.ETag(http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ProcedureStatus>, ProblemHttpResult>> Status(
        string key, ClaimsPrincipal user, WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("written procedure", key);
        }

        await using var db = factory.Create();
        var at = instance.CompletedAt ?? time.GetUtcNow();
        var fixedAtLaunch = (instance.Variables["parties"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var parties = (await ParticipantDirectory.NegotiatingPartiesAsync(db, at, cancellationToken))
            .Where(p => fixedAtLaunch is null || fixedAtLaunch.Contains(p.Code)).ToList();
        var responses = await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == instance.Id).ToListAsync(cancellationToken);
        var latest = responses.OrderBy(r => r.At).ThenBy(r => r.Id).GroupBy(r => r.PartyCode).ToDictionary(g => g.Key, g => g.Last());
        var rows = parties.Select(p => latest.TryGetValue(p.Code, out var r)
            ? new PartyResponseStatus(p.Code, p.Name, true, ResponseKinds.Name(r.Kind), r.At, r.PersonId)
            : new PartyResponseStatus(p.Code, p.Name, false, null, null, null)).ToList();
        // Who answered what is the record's: a reader who may not see every answer gets the count and their own party's row.
        var actor = user.ToActor();
        var access = AnswerVisibility.For(actor.Roles, actor.Party, instance.Status != Engine.Persistence.InstanceStatus.Running, parties.Select(p => p.Code));
        var shown = rows.Where(r => access.Sees(actor.Party, r.Party)).ToList();
        return TypedResults.Ok(new ProcedureStatus(
            key,
            instance.State,
            Deadlines.View(instance.Variables, options.Value.SeatTimeZone),
            rows.Count,
            rows.Count(r => r.Responded),
            [.. shown.Where(r => !r.Responded).Select(r => r.Party)],
            shown));
    }

    private static Task<IResult> Respond(string key, RespondRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "respond", new JsonObject
        {
            ["kind"] = request.Kind,
            ["comments"] = request.Comments,
            ["reason"] = request.Reason,
            ["proposedWording"] = request.ProposedWording,
            ["party"] = request.Party,
            ["wordings"] = request.Wordings is null ? null : new JsonObject(request.Wordings.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)(w.Value is null ? null : JsonValue.Create(w.Value))))),
        });

    private static Task<IResult> Extend(string key, ExtendRequest request, [AsParameters] ApiRequest r)
    {
        if (!Deadlines.TryParse(request.Deadline, r.Seat, out var deadline, out var error))
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deadline"] = [error!] }));
        }

        return FireAsync(r, key, "extend", new JsonObject { ["deadline"] = deadline.ToString("O", CultureInfo.InvariantCulture), ["reason"] = request.Reason, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason });
    }

    private static Task<IResult> Withdraw(string key, WithdrawRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "withdraw", new JsonObject { ["reason"] = request.Reason });

    private static Task<IResult> Close(string key, CloseRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "close", new JsonObject { ["reason"] = request.Reason });

    private static async Task<IResult> FireAsync(ApiRequest r, string key, string trigger, JsonObject payload)
    {
        var instance = await r.Engine.FindAsync(Workflow, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("written procedure", key);
        }

        if (!WorkflowCommands.TryIfMatch(r.Http, out var expected, out var badIfMatch))
        {
            return badIfMatch!;
        }

        var result = await WorkflowCommands.FireAsync(r.Engine, instance.Id, trigger, r.Actor, WorkflowCommands.Clean(payload), expected, r.Cancellation);
        // The same response again from the same person (a retry after a lost reply) answers as the first did, with
        // the procedure as it stands; nothing is recorded or sent again.
        if (!result.Applied && !RepeatedSteps.IsRepeat(result))
        {
            if (trigger == "respond" && result.Outcome is StepOutcome.NotPermitted or StepOutcome.Closed && result.Field is null or "deadline")
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The deadline has passed",
                    detail: $"Written procedure {key} is past its deadline ({instance.State}); responses are no longer accepted.");
            }

            return StepProblems.From(result);
        }

        var view = await ViewAsync(r.Engine, r.Factory, key, r.User, r.Seat, r.Cancellation);
        WorkflowCommands.ETag(r.Http, view!.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Record(string key, string? format, ClaimsPrincipal user, WorkflowEngine engine, ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("written procedure", key);
        }

        await using var db = factory.Create();
        // The record holds every party's answer: the Secretariat's, and the taking-part parties' once it is closed.
        var actor = user.ToActor();
        if (AnswerVisibility.For(actor.Roles, actor.Party, closed: true, await TakingPartAsync(db, instance, cancellationToken)) != AnswerAccess.All)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The record of a written procedure goes to the Secretariat and the parties that took part in it.");
        }

        var record = await db.Set<ProcedureRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instance.Id, cancellationToken);
        if (record is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No record yet", detail: $"Written procedure {key} is still open ({instance.State}); its record is written when it closes.");
        }

        return format switch
        {
            null or "markdown" or "md" => TypedResults.Text(record.Markdown, "text/markdown; charset=utf-8"),
            "html" => TypedResults.Text(record.Html, "text/html; charset=utf-8"),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["The format is 'markdown' or 'html'."] }),
        };
    }

    private static async Task<IResult> Messages(string key, ClaimsPrincipal user, WorkflowEngine engine, OutboxDispatcher outbox, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(NegotiationRoles.Secretariat))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the Secretariat sees e-mail delivery status.");
        }

        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        return instance is null ? WorkflowCommands.NotFound("written procedure", key) : TypedResults.Ok(await outbox.GetStatusAsync(instance.Id, cancellationToken));
    }

    internal static async Task<ProcedureView?> ViewAsync(WorkflowEngine engine, ICartifFlowDbContextFactory factory, string key, ClaimsPrincipal user, string seat, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        await using var db = factory.Create();
        var responses = await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == instance.Id).ToListAsync(cancellationToken);
        var actor = user.ToActor();
        var access = AnswerVisibility.For(actor.Roles, actor.Party, instance.Status != Engine.Persistence.InstanceStatus.Running, await TakingPartAsync(db, instance, cancellationToken));
        var answered = responses.Select(r => r.PartyCode).Distinct(StringComparer.Ordinal).Count();
        var provisions = await CartifFlow.Negotiation.Drafts.ProvisionProcedures.OfProcedureAsync(db, instance.Id, cancellationToken);
        responses = [.. responses.Where(r => access.Sees(actor.Party, r.PartyCode))];
        var v = instance.Variables;
        return new ProcedureView(
            key,
            instance.Id,
            v["title"]!.GetValue<string>(),
            v["area"]!.GetValue<string>(),
            v["mode"]!.GetValue<string>(),
            instance.State,
            instance.Status != Engine.Persistence.InstanceStatus.Running,
            Deadlines.View(v, seat),
            v["text"]?.GetValue<string>(),
            v["document"]?.GetValue<string>(),
            v["documentVersion"]?.GetValue<string>(),
            instance.Version,
            [.. responses.OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => new ResponseView(r.PartyCode, ResponseKinds.Name(r.Kind), r.PersonId, r.At, r.Comments, r.Reason, r.ProposedWording, r.ProvisionWordings is null ? null : ObjectionWordings.Read(r.ProvisionWordings)))],
            await engine.GetPermittedTriggersAsync(instance.Id, actor, cancellationToken),
            answered,
            DeadlineCalendarViews.From(v),
            provisions.Count == 0 ? null : [.. provisions.Select(p => new ProcedureProvisionView(p.ProvisionId, p.Label, p.BasedOnRevision, p.Wording, p.State.ToString(), p.Revision))],
            provisions.Select(p => p.Revision).FirstOrDefault(r => r is not null));
    }

    /// <summary>The parties taking part: those fixed at circulation, else the negotiating parties when it closed (or started).</summary>
    internal static async Task<IReadOnlyList<string>> TakingPartAsync(DbContext db, InstanceView instance, CancellationToken cancellationToken)
    {
        if (instance.Variables["parties"] is JsonArray fixedAtLaunch)
        {
            return [.. fixedAtLaunch.Select(c => c!.GetValue<string>())];
        }

        return [.. (await ParticipantDirectory.NegotiatingPartiesAsync(db, instance.CompletedAt ?? instance.CreatedAt, cancellationToken)).Select(p => p.Code)];
    }
}

/// <summary>A launch from the draft: the revision the provisions were chosen on and each provision's proposed wording.</summary>
internal sealed record ProvisionsLaunch(int? BasedOn, IReadOnlyList<ProvisionProposal> Proposals);

/// <summary>What launching gave: the key, or the errors by field, or the engine's refusal.</summary>
internal sealed record LaunchOutcome(string? Key, Dictionary<string, FieldError> Errors, StepResult? Refusal)
{
    /// <summary>True when an earlier launch with the same idempotency key started the procedure.</summary>
    public bool Replayed { get; init; }
}
