using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Consultations;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Consultations;

/// <summary>Schedule (or move) the interview.</summary>
/// <param name="At">Local time at the seat, or an instant with an offset.</param>
/// <param name="Format">online (default), in-person or hybrid.</param>
/// <param name="Place">Venue or videoconference.</param>
public sealed record ScheduleInterviewRequest(string? At, string? Format, string? Place);

/// <summary>The interview took place.</summary>
public sealed record InterviewHeldRequest(string? HeldAt, string? Notes);

/// <summary>The consultation's findings.</summary>
public sealed record FindingsRequest(string? Priorities, string? Sensitivities, string? SequencingPreferences, string? OtherAgreementObligations, string? AssistanceNeeds);

/// <summary>The party declines the voluntary consultation.</summary>
public sealed record DeclineRequest(string? Reason, string? Party);

/// <summary>Recorded findings.</summary>
public sealed record FindingsView(string Priorities, string Sensitivities, string SequencingPreferences, string OtherAgreementObligations, string? AssistanceNeeds, DateTimeOffset? InterviewAt, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A readiness consultation.</summary>
public sealed record ConsultationView(string Key, string Party, string State, bool Closed, DateTimeOffset? InterviewAt, string? InterviewFormat, string? InterviewPlace, FindingsView? Findings, int Version, IReadOnlyList<string> YouMay) : IVersionedView;

/// <summary>
/// Readiness consultations over HTTP. The Secretariat starts one per party on the negotiation
/// (<c>POST /api/negotiation/consultations</c>); findings are seen by the Secretariat and the party consulted only.
/// </summary>
internal static class ConsultationsApi
{
    public static IEndpointRouteBuilder MapConsultations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/consultations").WithTags("Readiness consultations").RequireAuthorization();
        group.MapGet("/", List).WithSummary("Consultations: every one for the Secretariat, your party's for others.");
        group.MapGet("/{key}", Get).WithSummary("One consultation with its findings (Secretariat, or the party consulted).");
        group.MapPost("/{key}/interview", Schedule).WithSummary("Schedule or move the interview (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/interview-held", Held).WithSummary("The interview took place (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/findings", Findings).WithSummary("Record the findings (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/declination", Decline).WithSummary("Decline the voluntary consultation (the party's focal point or Chief Negotiator).");
        return routes;
    }

    private static async Task<Ok<List<ConsultationView>>> List([AsParameters] ApiRequest r)
    {
        var instances = await r.Engine.ListAsync(NegotiationWorkflows.ReadinessConsultation, r.Cancellation);
        var visible = instances.Where(i => r.IsSecretariat || i.Text("party") == r.Actor.Party).ToList();
        var views = new List<ConsultationView>();
        foreach (var i in visible)
        {
            views.Add((await ViewAsync(r, i.CorrelationKey))!);
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<ConsultationView>, ProblemHttpResult>> Get(string key, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.ReadinessConsultation, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("readiness consultation", key);
        }

        if (!r.IsSecretariat && instance.Text("party") != r.Actor.Party)
        {
            return WorkflowCommands.Forbidden("A readiness consultation's findings are seen by the Secretariat and the party consulted only.");
        }

        var view = await ViewAsync(r, key);
        WorkflowCommands.ETag(r.Http, view!.Version);
        return TypedResults.Ok(view);
    }

    private static Task<IResult> Schedule(string key, ScheduleInterviewRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var at = WorkflowCommands.Instant(request.At, r.Seat, "at", errors);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(r, key, "schedule-interview", new JsonObject { ["at"] = at, ["format"] = request.Format, ["place"] = request.Place });
    }

    private static Task<IResult> Held(string key, InterviewHeldRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var heldAt = WorkflowCommands.Instant(request.HeldAt, r.Seat, "heldAt", errors, required: false);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(r, key, "record-interview", new JsonObject { ["heldAt"] = heldAt, ["notes"] = request.Notes });
    }

    private static Task<IResult> Findings(string key, FindingsRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "record-findings", new JsonObject
        {
            ["priorities"] = request.Priorities,
            ["sensitivities"] = request.Sensitivities,
            ["sequencingPreferences"] = request.SequencingPreferences,
            ["otherAgreementObligations"] = request.OtherAgreementObligations,
            ["assistanceNeeds"] = request.AssistanceNeeds,
        });

    private static Task<IResult> Decline(string key, DeclineRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, key, "decline", new JsonObject { ["reason"] = request.Reason, ["party"] = request.Party });

    private static async Task<IResult> FireAsync(ApiRequest r, string key, string trigger, JsonObject payload)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.ReadinessConsultation, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("readiness consultation", key);
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r, key));
    }

    public static async Task<ConsultationView?> ViewAsync(ApiRequest r, string key)
    {
        var i = await r.Engine.FindAsync(NegotiationWorkflows.ReadinessConsultation, key, r.Cancellation);
        if (i is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var f = await db.Set<ReadinessFindings>().AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == i.Id, r.Cancellation);
        return new ConsultationView(
            key, i.Text("party") ?? string.Empty, i.State, i.Closed(), i.InstantOf("interviewAt"), i.Text("interviewFormat"), i.Text("interviewPlace"),
            f is null ? null : new FindingsView(f.Priorities, f.Sensitivities, f.SequencingPreferences, f.OtherAgreementObligations, f.AssistanceNeeds, f.InterviewAt, f.RecordedBy, f.RecordedAt),
            i.Version,
            await r.YouMayAsync(i.Id));
    }
}
