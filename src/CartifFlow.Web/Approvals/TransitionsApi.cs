using CartifFlow.Negotiation;
using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Approvals;

/// <summary>
/// Stage transitions over HTTP: read, approve, reject (Chief Negotiators or their delegates, for their own party),
/// revise, extend, withdraw (Secretariat). Proposals are made on the negotiation (<c>POST /api/negotiation/transitions</c>).
/// </summary>
internal static class TransitionsApi
{
    public const string Workflow = NegotiationWorkflows.StageTransition;

    public static IEndpointRouteBuilder MapTransitions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/transitions").WithTags("Stage transitions").RequireAuthorization();
        group.MapGet("/", List).WithSummary("Every proposed stage transition, newest first.");
        group.MapGet("/{key}", Get).WithSummary("One transition: rule, deadline, each party's answer, what you may do. ETag is its version.");
        group.MapPost("/{key}/approval", Approve).WithSummary("Approve for your party (Chief Negotiator, or the lead negotiator they delegated to). If-Match: the version you read.");
        group.MapPost("/{key}/rejection", Reject).WithSummary("Reject for your party, with a reason.");
        group.MapPost("/{key}/revision", Revise).WithSummary("After a rejection: revised justification and new deadline (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/extension", Extend).WithSummary("After an escalation: a later deadline, with a reason (Secretariat, Secretariat lead).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/{key}/withdrawal", Withdraw).WithSummary("Withdraw the proposal, with a reason (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    private static async Task<Ok<List<TransitionSummary>>> List([AsParameters] ApiRequest r)
    {
        var instances = await r.Engine.ListAsync(Workflow, r.Cancellation);
        return TypedResults.Ok(instances.Select(i => new TransitionSummary(
            i.CorrelationKey, i.Text("from") ?? string.Empty, i.Text("to") ?? string.Empty, i.State, i.Closed(), i.Text("rule") ?? "consensus", i.IntegerOf("round") ?? 1,
            Deadlines.View(i.Variables, r.Seat))).ToList());
    }

    private static async Task<Results<Ok<TransitionView>, ProblemHttpResult>> Get(string key, [AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r, key);
        if (view is null)
        {
            return WorkflowCommands.NotFound("stage transition", key);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static Task<IResult> Approve(string key, AnswerRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(key, "approve", new JsonObject { ["reason"] = request.Reason, ["party"] = request.Party, ["round"] = request.Round }, r);

    private static Task<IResult> Reject(string key, AnswerRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(key, "reject", new JsonObject { ["reason"] = request.Reason, ["party"] = request.Party, ["round"] = request.Round }, r);

    private static Task<IResult> Revise(string key, ReviseTransitionRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.Deadline, r.Seat, "deadline", errors);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(key, "revise", new JsonObject { ["justification"] = request.Justification, ["deadline"] = deadline, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason }, r);
    }

    private static Task<IResult> Extend(string key, ExtendRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.Deadline, r.Seat, "deadline", errors);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(key, "extend", new JsonObject { ["deadline"] = deadline, ["reason"] = request.Reason, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason }, r);
    }

    private static Task<IResult> Withdraw(string key, WithdrawRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(key, "withdraw", new JsonObject { ["reason"] = request.Reason }, r);

    private static async Task<IResult> FireAsync(string key, string trigger, JsonObject payload, ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(Workflow, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("stage transition", key);
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r, key));
    }

    public static async Task<TransitionView?> ViewAsync(ApiRequest r, string key)
    {
        var instance = await r.Engine.FindAsync(Workflow, key, r.Cancellation);
        if (instance is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var answers = await db.Set<TransitionAnswer>().AsNoTracking().Where(a => a.InstanceId == instance.Id).ToListAsync(r.Cancellation);
        var ordered = answers.OrderBy(a => a.At).ThenBy(a => a.Id).ToList();
        var round = instance.IntegerOf("round") ?? 1;
        var latest = ordered.Where(a => a.Round == round).GroupBy(a => a.PartyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var parties = await ParticipantDirectory.NegotiatingPartiesAsync(db, instance.CompletedAt ?? r.Time.GetUtcNow(), r.Cancellation);
        var rule = instance.Text("rule") ?? "consensus";
        var quorum = instance.IntegerOf("quorum");
        var from = instance.Text("from") ?? string.Empty;
        var to = instance.Text("to") ?? string.Empty;
        var names = await PhaseNames.ReadAsync(db, r.Cancellation);
        static string Name(TransitionAnswerKind kind) => kind == TransitionAnswerKind.Approve ? "approve" : "reject";
        // Who may read whose answers (AnswerVisibility): while it is open a party sees its own answer and how many answered;
        // the tallies by kind are the record's, like the answers themselves.
        var actor = r.Actor;
        // A transition blocked by rejections is still open (the Secretariat may revise it: a new round): its answers are
        // the record once it is approved or withdrawn.
        var access = AnswerVisibility.For(actor.Roles, actor.Party, instance.Closed(), parties.Select(p => p.Code));
        bool Sees(string party) => access.Sees(actor.Party, party);
        return new TransitionView(
            key,
            instance.Id,
            from,
            names.Name(from),
            to,
            names.Name(to),
            instance.Text("justification") ?? string.Empty,
            instance.State,
            instance.Closed(),
            Deadlines.View(instance.Variables, r.Seat),
            rule,
            quorum,
            rule == "quorum" ? quorum ?? parties.Count : parties.Count,
            round,
            access == AnswerAccess.All ? latest.Values.Count(a => a.Kind == TransitionAnswerKind.Approve) : null,
            access == AnswerAccess.All ? latest.Values.Count(a => a.Kind == TransitionAnswerKind.Reject) : null,
            [.. parties.Select(p => Sees(p.Code) && latest.TryGetValue(p.Code, out var a)
                ? new PartyAnswerView(p.Code, p.Name, Name(a.Kind), a.PersonId, a.OnBehalfOf, a.Reason, a.At)
                : new PartyAnswerView(p.Code, p.Name, null, null, null, null, null))],
            [.. ordered.Where(a => Sees(a.PartyCode)).Select(a => new AnswerView(a.Round, a.PartyCode, Name(a.Kind), a.PersonId, a.OnBehalfOf, a.Reason, a.At))],
            instance.Version,
            await YouMayAsync(r, db, instance),
            latest.Count,
            DeadlineCalendarViews.From(instance.Variables));
    }

    /// <summary>
    /// What the caller may do. The engine checks roles and party; whether a lead negotiator holds a delegation today
    /// is the domain's check, run when they answer, so it is applied here too rather than offer a refused answer.
    /// </summary>
    private static async Task<IReadOnlyList<string>> YouMayAsync(ApiRequest r, DbContext db, InstanceView instance)
    {
        var permitted = await r.YouMayAsync(instance.Id);
        var actor = r.Actor;
        if (actor.Roles.Contains(NegotiationRoles.ChiefNegotiator) || actor.Party is null)
        {
            return permitted;
        }

        var now = r.Time.GetUtcNow();
        var delegations = await db.Set<ApprovalDelegation>().AsNoTracking().Where(d => d.DelegateId == actor.Id && d.PartyCode == actor.Party).ToListAsync(r.Cancellation);
        return delegations.Any(d => d.IsActiveAt(now)) ? permitted : [.. permitted.Where(t => t is not ("approve" or "reject"))];
    }
}
