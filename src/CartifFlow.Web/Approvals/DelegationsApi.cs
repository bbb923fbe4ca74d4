using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Approvals;

/// <summary>
/// Delegations of approvals over HTTP: a Chief Negotiator names a lead negotiator of their party for a period, and
/// may revoke it. Who may answer a stage transition is checked against these at each answer.
/// </summary>
internal static class DelegationsApi
{
    public const string Workflow = NegotiationWorkflows.Delegation;

    public static IEndpointRouteBuilder MapDelegations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/delegations").WithTags("Delegations of approvals").RequireAuthorization();
        group.MapPost("/", Delegate).WithSummary("Delegate your party's approvals to one of its lead negotiators for a period (Chief Negotiator).").RequireAuthorization(PageAuthentication.ChiefNegotiatorPolicy);
        group.MapGet("/", List).WithSummary("Every delegation (the Secretariat), or your own party's.");
        group.MapGet("/{key}", Get).WithSummary("One delegation (the Secretariat's, or of your own party).");
        group.MapPost("/{key}/revocation", Revoke).WithSummary("End the delegation early (the party's Chief Negotiator).");
        return routes;
    }

    private static async Task<IResult> Delegate(DelegateRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Delegate))
        {
            errors["delegate"] = ["Name the lead negotiator (person id) who approves instead."];
        }

        var from = WorkflowCommands.Instant(request.From, r.Seat, "from", errors, required: false);
        var until = WorkflowCommands.Instant(request.Until, r.Seat, "until", errors);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var party = r.Actor.Party ?? "NONE";
        var key = await WorkflowCommands.NextKeyAsync(r.Engine, Workflow, $"DEL-{party}", r.Cancellation);
        var parameters = WorkflowCommands.Clean(new JsonObject { ["delegate"] = request.Delegate, ["from"] = from, ["until"] = until, ["reason"] = request.Reason, ["seatTimeZone"] = r.Seat });
        var result = await r.StartAsync(Workflow, key, parameters);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        key = result.Instance!.CorrelationKey;
        return TypedResults.Created($"/api/delegations/{key}", await ViewAsync(r, key));
    }

    private static async Task<Ok<List<DelegationView>>> List([AsParameters] ApiRequest r)
    {
        var instances = await r.Engine.ListAsync(Workflow, r.Cancellation);
        await using var db = r.Factory.Create();
        var rows = (await db.Set<ApprovalDelegation>().AsNoTracking().ToListAsync(r.Cancellation)).Where(d => MayRead(r.Actor, d)).ToDictionary(d => d.Id);
        var now = r.Time.GetUtcNow();
        return TypedResults.Ok(instances.Where(i => rows.ContainsKey(i.Id)).Select(i => View(rows[i.Id], i, now, [])).ToList());
    }

    private static async Task<Results<Ok<DelegationView>, ProblemHttpResult>> Get(string key, [AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r, key);
        if (view is null)
        {
            return WorkflowCommands.NotFound("delegation", key);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Revoke(string key, [AsParameters] ApiRequest r)
    {
        var instance = await r.Engine.FindAsync(Workflow, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("delegation", key);
        }

        if (await r.FireAsync(instance, "revoke", []) is { } problem)
        {
            return problem;
        }

        var view = await ViewAsync(r, key);
        WorkflowCommands.ETag(r.Http, view!.Version);
        return TypedResults.Ok(view);
    }

    /// <summary>A party's delegations are its own business and the Secretariat's: to another party they are not found.</summary>
    private static bool MayRead(Actor actor, ApprovalDelegation delegation) =>
        actor.Roles.Contains(NegotiationRoles.Secretariat) || delegation.PartyCode == actor.Party;

    private static async Task<DelegationView?> ViewAsync(ApiRequest r, string key)
    {
        var instance = await r.Engine.FindAsync(Workflow, key, r.Cancellation);
        if (instance is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var row = await db.Set<ApprovalDelegation>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == instance.Id, r.Cancellation);
        return row is null || !MayRead(r.Actor, row) ? null : View(row, instance, r.Time.GetUtcNow(), await r.YouMayAsync(instance.Id));
    }

    private static DelegationView View(ApprovalDelegation d, InstanceView i, DateTimeOffset now, IReadOnlyList<string> youMay) =>
        new(d.Key, d.PartyCode, d.ChiefNegotiatorId, d.DelegateId, d.ValidFrom, d.ValidUntil, d.Reason, i.State, d.IsActiveAt(now), d.EndedAt, d.EndReason, i.Version, youMay);
}
