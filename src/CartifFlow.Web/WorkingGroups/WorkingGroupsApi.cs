using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.WorkingGroups;

/// <summary>
/// Working groups and their text-based rounds over HTTP. Working groups are proposed on the negotiation
/// (<c>POST /api/negotiation/working-groups</c>); here the Secretariat relaunches terms of reference, opens rounds,
/// reports to the Chief Negotiators and declares a text stable; member parties comment on rounds.
/// </summary>
internal static class WorkingGroupsApi
{
    public static IEndpointRouteBuilder MapWorkingGroups(this IEndpointRouteBuilder routes)
    {
        var groups = routes.MapGroup("/api/working-groups").WithTags("Working groups").RequireAuthorization();
        groups.MapGet("/", List).WithSummary("Every working group.");
        groups.MapGet("/{area}", Get).WithSummary("One working group: members, observers, revisions, rounds, what you may do. ETag is its version.");
        groups.MapPost("/{area}/parties", Admit).WithSummary("Admit a party to the group: a negotiating party as a member (an observer of the group may become one), or a CAREC country as an observer (Secretariat). Idempotency-Key: a repeat gives the first answer.").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        groups.MapPost("/{area}/terms", RelaunchTerms).WithSummary("Revised terms of reference to a new written procedure, after the last was not adopted (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        groups.MapPost("/{area}/rounds", OpenRound).WithSummary("Open the next text-based round on the current revision (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        groups.MapPost("/{area}/reports", Report).WithSummary("The group's report to the Chief Negotiators (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        groups.MapPost("/{area}/stable", DeclareStable).WithSummary("Report the text as stable (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);

        var rounds = routes.MapGroup("/api/rounds").WithTags("Text-based rounds").RequireAuthorization();
        rounds.MapGet("/{key}", GetRound).WithSummary("One round: revision, deadline, contributions received, who has sent nothing. ETag is its version.");
        rounds.MapPost("/{key}/comments", Comment).WithSummary("Comments, a proposal or no comments, for your own party (members' focal points, chief and lead negotiators, technical experts).");
        rounds.MapPost("/{key}/extension", Extend).WithSummary("While the round takes comments: a later deadline, with an optional reason, reviewed with the member parties' calendars (shorter than the minimum only when urgent, with a reason); the deadline and reminders are planned again and the members told (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        rounds.MapGet("/{key}/record", Record).WithSummary("A round on a structured revision: the matrix of what each party proposed on each provision, the decisions, the proposals left without one, and revision N+1's provenance table with the check that nothing was added that no party proposed (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        rounds.MapPost("/{key}/decisions", Decide).WithSummary("After the deadline: the decision on a contribution (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        rounds.MapPost("/{key}/drafting", Draft).WithSummary("After the deadline: the Secretariat's own wording of a paragraph for revision N+1, with its reasoning (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        rounds.MapPost("/{key}/consolidation", Consolidate).WithSummary("After the deadline: the consolidated revision N+1 (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    private static async Task<Ok<List<WorkingGroupSummary>>> List([AsParameters] ApiRequest r)
    {
        await using var db = r.Factory.Create();
        var groups = await db.Set<WorkingGroup>().AsNoTracking().OrderBy(g => g.AreaCode).ToListAsync(r.Cancellation);
        var states = (await r.Engine.ListAsync(NegotiationWorkflows.WorkingGroup, r.Cancellation)).ToDictionary(i => i.Id, i => i.State);
        return TypedResults.Ok(groups.Select(g => new WorkingGroupSummary(g.Key, g.AreaCode, states.GetValueOrDefault(g.InstanceId, "?"), g.CurrentRevision, g.EstablishedAt, g.StableAt)).ToList());
    }

    private static async Task<Results<Ok<WorkingGroupView>, ProblemHttpResult>> Get(string area, [AsParameters] ApiRequest r)
    {
        var view = await ViewAsync(r, area);
        if (view is null)
        {
            return WorkflowCommands.NotFound("working group for the area", area);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Admit(string area, AdmitPartyRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var party = request.Party?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(party))
        {
            errors["party"] = ["Name the party to admit."];
        }
        else if (party.Length > 10)
        {
            errors["party"] = ["A party's code has at most 10 characters."];
        }

        if (Reasons.TooLong(request.Reason))
        {
            errors[Reasons.Field] = [Reasons.TooLongMessage];
        }

        if (request.Role is not (null or "member" or "observer"))
        {
            errors["role"] = ["The role is member or observer."];
        }

        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        await using (var db = r.Factory.Create())
        {
            if (await WorkingGroupDirectory.ForAreaAsync(db, area.ToUpperInvariant(), r.Cancellation) is null)
            {
                return WorkflowCommands.NotFound("working group for the area", area);
            }
        }

        area = area.ToUpperInvariant();
        var key = await WorkflowCommands.NextKeyAsync(r.Engine, NegotiationWorkflows.WorkingGroupAdmission, $"ADM-{area}-{party}", r.Cancellation);
        var parameters = WorkflowCommands.Clean(new JsonObject { ["area"] = area, ["party"] = party, ["role"] = request.Role ?? "member", ["reason"] = request.Reason, ["seatTimeZone"] = r.Seat });
        var result = await r.StartAsync(NegotiationWorkflows.WorkingGroupAdmission, key, parameters);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        var view = await ViewAsync(r, area);
        WorkflowCommands.ETag(r.Http, view!.Version);
        return TypedResults.Created($"/api/working-groups/{area}", view);
    }

    private static Task<IResult> RelaunchTerms(string area, RelaunchTermsRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.TermsDeadline, r.Seat, "termsDeadline", errors);
        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireAsync(r, area, "relaunch-terms", new JsonObject { ["termsTitle"] = request.TermsTitle, ["termsText"] = request.TermsText, ["termsDocument"] = request.TermsDocument, ["termsDeadline"] = deadline });
    }

    private static async Task<IResult> OpenRound(string area, OpenRoundRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.Deadline, r.Seat, "deadline", errors);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var result = await FireAsync(r, area, "open-round", new JsonObject { ["deadline"] = deadline, ["document"] = request.Document, ["text"] = request.Text, ["summary"] = request.Summary, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason });
        if (result is not Ok<WorkingGroupView> ok)
        {
            return result;
        }

        var round = ok.Value!.Rounds[^1];
        return TypedResults.Created($"/api/rounds/{round.Key}", await RoundViewAsync(r, round.Key));
    }

    private static Task<IResult> Report(string area, WorkingGroupReportRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, area, "report-progress", new JsonObject { ["summary"] = request.Summary, ["outstandingIssues"] = request.OutstandingIssues });

    private static Task<IResult> DeclareStable(string area, DeclareStableRequest request, [AsParameters] ApiRequest r) =>
        FireAsync(r, area, "declare-stable", new JsonObject { ["summary"] = request.Summary });

    private static async Task<IResult> FireAsync(ApiRequest r, string area, string trigger, JsonObject payload)
    {
        var instance = await InstanceAsync(r, area);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("working group for the area", area);
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => ViewAsync(r, area));
    }

    private static async Task<InstanceView?> InstanceAsync(ApiRequest r, string area)
    {
        await using var db = r.Factory.Create();
        var group = await WorkingGroupDirectory.ForAreaAsync(db, area.ToUpperInvariant(), r.Cancellation);
        return group is null ? null : await r.Engine.GetInstanceAsync(group.InstanceId, r.Cancellation);
    }

    public static async Task<WorkingGroupView?> ViewAsync(ApiRequest r, string area)
    {
        await using var db = r.Factory.Create();
        var group = await WorkingGroupDirectory.ForAreaAsync(db, area.ToUpperInvariant(), r.Cancellation);
        if (group is null)
        {
            return null;
        }

        var instance = (await r.Engine.GetInstanceAsync(group.InstanceId, r.Cancellation))!;
        var areaRow = await db.Set<NegotiatingArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == group.AreaCode, r.Cancellation);
        var revisions = await db.Set<DraftRevision>().AsNoTracking().Where(d => d.WorkingGroupKey == group.Key).OrderBy(d => d.Revision).ToListAsync(r.Cancellation);
        var rounds = (await r.Engine.GetChildrenAsync(group.InstanceId, r.Cancellation)).Where(c => c.DefinitionId == NegotiationWorkflows.TextRound).ToList();
        return new WorkingGroupView(
            group.Key, group.InstanceId, group.AreaCode, areaRow?.Name ?? group.AreaCode, instance.State, instance.Closed(),
            [.. group.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode).Order(StringComparer.Ordinal)],
            [.. group.Participants.Where(p => p.Role == WorkingGroupRole.Observer).Select(p => p.PartyCode).Order(StringComparer.Ordinal)],
            group.TermsProcedureKey, group.EstablishedAt, group.StableAt, group.CurrentRevision,
            [.. revisions.Select(d => new RevisionView(d.Revision, d.Document, d.Summary, d.At))],
            [.. rounds.Select(c => new RoundSummary(c.CorrelationKey, c.IntegerOf("revision") ?? 0, c.State, Deadlines.View(c.Variables, r.Seat)))],
            instance.Version,
            await r.YouMayAsync(instance.Id));
    }

    private static async Task<Results<Ok<RoundView>, ProblemHttpResult>> GetRound(string key, [AsParameters] ApiRequest r)
    {
        var view = await RoundViewAsync(r, key);
        if (view is null)
        {
            return WorkflowCommands.NotFound("text-based round", key);
        }

        WorkflowCommands.ETag(r.Http, view.Version);
        return TypedResults.Ok(view);
    }

    private static Task<IResult> Comment(string key, CommentRequest request, [AsParameters] ApiRequest r) =>
        FireRoundAsync(r, key, "comment", new JsonObject
        {
            ["kind"] = request.Kind, ["text"] = request.Text, ["provision"] = request.Provision, ["party"] = request.Party,
            ["target"] = request.Target, ["targetEnd"] = request.TargetEnd, ["proposal"] = request.Proposal, ["bracket"] = request.Bracket,
            ["option"] = request.Option, ["basedOn"] = request.BasedOn, ["replaces"] = request.Replaces,
        });

    private static Task<IResult> Extend(string key, ExtendRoundRequest request, [AsParameters] ApiRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var deadline = WorkflowCommands.Instant(request.Deadline, r.Seat, "deadline", errors);
        if (Reasons.TooLong(request.Reason))
        {
            errors[Reasons.Field] = [Reasons.TooLongMessage];
        }

        return errors.Count > 0
            ? Task.FromResult(WorkflowCommands.Invalid(errors))
            : FireRoundAsync(r, key, "extend", new JsonObject { ["deadline"] = deadline, ["reason"] = request.Reason, ["urgent"] = request.Urgent, ["urgentReason"] = request.UrgentReason });
    }

    private static Task<IResult> Decide(string key, DecisionRequest request, [AsParameters] ApiRequest r) =>
        FireRoundAsync(r, key, "decide", new JsonObject { ["number"] = request.Number, ["decision"] = request.Decision, ["mergedWith"] = request.MergedWith, ["wording"] = request.Wording, ["reason"] = request.Reason, ["bracket"] = request.Bracket, ["option"] = request.Option });

    private static Task<IResult> Draft(string key, DraftingRequest request, [AsParameters] ApiRequest r) =>
        FireRoundAsync(r, key, "draft", new JsonObject { ["provision"] = request.Provision, ["text"] = request.Text, ["reason"] = request.Reason });

    private static async Task<Results<Ok<RoundRecordView>, ProblemHttpResult>> Record(string key, [AsParameters] ApiRequest r)
    {
        var record = await RecordAsync(r, key);
        return record is null ? WorkflowCommands.NotFound("text-based round on a structured revision", key) : TypedResults.Ok(record);
    }

    /// <summary>The round's record on a structured revision, or null (no such round, or a prose round).</summary>
    public static async Task<RoundRecordView?> RecordAsync(ApiRequest r, string key)
    {
        var i = await r.Engine.FindAsync(NegotiationWorkflows.TextRound, key, r.Cancellation);
        if (i is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var record = await RoundRecords.ForRoundAsync(db, i.Id, i.Text("area") ?? string.Empty, i.IntegerOf("revision") ?? 0, r.Cancellation);
        return record is null ? null : new RoundRecordView(
            record.Matrix,
            [.. record.Undecided.Select(Consolidation.Describe)],
            [.. record.Decisions.Select(d => new DecisionView(d.Number, ProvenanceDecisions.Of(d.Decision), d.MergedWith, d.Target, d.Wording, d.Reason, d.DecidedBy, d.At, d.OptionIndex + 1))],
            record.Consolidated,
            record.Provenance,
            record.Unexplained);
    }

    private static Task<IResult> Consolidate(string key, ConsolidateRequest request, [AsParameters] ApiRequest r) =>
        FireRoundAsync(r, key, "consolidate", new JsonObject { ["document"] = request.Document, ["text"] = request.Text, ["summary"] = request.Summary });

    private static async Task<IResult> FireRoundAsync(ApiRequest r, string key, string trigger, JsonObject payload)
    {
        var instance = await r.Engine.FindAsync(NegotiationWorkflows.TextRound, key, r.Cancellation);
        if (instance is null)
        {
            return WorkflowCommands.NotFound("text-based round", key);
        }

        return await r.FireAndShowAsync(instance, trigger, payload, () => RoundViewAsync(r, key));
    }

    public static async Task<RoundView?> RoundViewAsync(ApiRequest r, string key)
    {
        var i = await r.Engine.FindAsync(NegotiationWorkflows.TextRound, key, r.Cancellation);
        if (i is null)
        {
            return null;
        }

        await using var db = r.Factory.Create();
        var comments = await db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == i.Id).ToListAsync(r.Cancellation);
        var decided = Consolidation.LatestDecisions(await db.Set<ConsolidationDecision>().AsNoTracking().Where(d => d.RoundInstanceId == i.Id).ToListAsync(r.Cancellation));
        var group = await WorkingGroupDirectory.ByKeyAsync(db, i.Text("workingGroup") ?? string.Empty, r.Cancellation);
        var members = group?.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode).Order(StringComparer.Ordinal).ToList() ?? [];
        // Who reads whose contributions (RoundVisibility): while the round is open a party sees its own and how many
        // parties contributed; after the deadline the record goes to the members; observers see none but their own.
        var access = Access(r.Actor, i, group);
        var party = r.Actor.Party;
        var heard = comments.Select(c => c.PartyCode).ToHashSet(StringComparer.Ordinal);
        comments = [.. access.Visible(party, comments, c => c.PartyCode)];
        static string Kind(RoundComment c) => c.Number > 0 ? Consolidation.KindName(c) : c.Kind switch { CommentKind.Comments => "comments", CommentKind.Proposal => "proposal", _ => "no-comments" };
        return new RoundView(
            key, i.Id, i.Text("area") ?? string.Empty, i.Text("workingGroup") ?? string.Empty, i.IntegerOf("revision") ?? 0, i.Text("document"), i.State, i.Closed(),
            Deadlines.View(i.Variables, r.Seat),
            [.. comments.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => c.Number == 0
                ? new CommentView(c.PartyCode, Kind(c), c.Provision, c.Text, c.PersonId, c.At)
                : new CommentView(c.PartyCode, Kind(c), c.Provision, c.Text, c.PersonId, c.At, c.Number, c.Version, c.Target, c.TargetEnd, c.BracketId, c.OptionIndex + 1, c.BasedOnRevision, c.Source,
                    decided.TryGetValue(c.Number, out var d) ? ProvenanceDecisions.Of(d.Decision) : null))],
            [.. members.Where(m => !heard.Contains(m) && access.Sees(party, m))],
            i.IntegerOf("nextRevision"),
            i.Version,
            await r.YouMayAsync(i.Id),
            heard.Count,
            access == AnswerAccess.All ? "all" : access == AnswerAccess.OwnParty ? "own-party" : "none",
            DeadlineCalendarViews.From(i.Variables));
    }

    /// <summary>What the caller sees of the round's contributions (<see cref="RoundVisibility"/>): closed once its deadline has passed.</summary>
    internal static AnswerAccess Access(Actor actor, InstanceView round, WorkingGroup? group) => RoundVisibility.For(
        actor.Roles,
        actor.Party,
        round.State != "Commenting",
        group?.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode) ?? [],
        group is { ObserversMayComment: true } ? group.Participants.Where(p => p.Role == WorkingGroupRole.Observer).Select(p => p.PartyCode) : []);
}
