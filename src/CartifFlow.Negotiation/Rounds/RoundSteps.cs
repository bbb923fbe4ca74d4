using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>A text-based round, read from the step's variables.</summary>
internal sealed record TextRound(string Key, string Area, string WorkingGroupKey, int Revision, string? Document, string? Text, DateTimeOffset Deadline, string SeatTimeZone)
{
    public const string WorkflowId = NegotiationWorkflows.TextRound;

    public static TextRound From(IStepContext context) => new(
        context.Instance.CorrelationKey,
        StepInput.Variable(context, "area") ?? string.Empty,
        StepInput.Variable(context, "workingGroup") ?? string.Empty,
        StepInput.IntegerVariable(context, "revision", 1),
        StepInput.Variable(context, "document"),
        StepInput.Variable(context, "text"),
        StepInput.InstantVariable(context, "deadline") ?? throw new InvalidOperationException("A round has a deadline."),
        StepInput.SeatTimeZone(context));

    public async Task<JsonObject> ModelAsync(IStepContext context) => new()
    {
        ["round"] = new JsonObject
        {
            ["key"] = Key,
            ["area"] = await NegotiationMessages.AreaAsync(context, Area).ConfigureAwait(false),
            ["workingGroup"] = WorkingGroupKey,
            ["revision"] = Revision,
            ["document"] = Document,
            ["text"] = Text,
            ["deadline"] = StepInput.Iso(Deadline),
        },
        ["seatTimeZone"] = SeatTimeZone,
    };

    public JsonObject Calendar() => NegotiationMessages.Calendar(
        $"{Key}-deadline@cartifflow",
        $"CARTIF {Area}: comments on revision {Revision} due",
        $"Written comments and proposals on revision {Revision} of the {Area} draft are due (round {Key}).",
        Deadline);

    /// <summary>Every comment of the round in order of receipt, rows added by the step included.</summary>
    public static async Task<List<RoundComment>> CommentsAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var stored = await context.Db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == id).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<RoundComment>().Where(e => e.State == EntityState.Added && e.Entity.RoundInstanceId == id).Select(e => e.Entity);
        return [.. stored.Concat(pending).OrderBy(c => c.At).ThenBy(c => c.Id)];
    }

    public static string KindName(CommentKind kind) => kind switch
    {
        CommentKind.Comments => "comments",
        CommentKind.Proposal => "proposal",
        CommentKind.Support => "support",
        CommentKind.Withdrawal => "withdrawal",
        _ => "no-comments",
    };
}

/// <summary>
/// <c>circulate-revision</c>: the Secretariat circulates revision N to the working group's members, with the deadline
/// for written comments, reviewed with the member parties' calendars (<see cref="Calendars.DeadlineReviews"/>; the
/// urgency given when the working group opened the round is handed over by its step).
/// </summary>
internal sealed class CirculateRevision(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "circulate-revision";

    public IReadOnlyCollection<string> Templates { get; } = ["round-circulated"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        if (await WorkingGroupDirectory.ByKeyAsync(context.Db, round.WorkingGroupKey, context.CancellationToken).ConfigureAwait(false) is null)
        {
            throw new StepRejectedException($"There is no working group '{round.WorkingGroupKey}'.", "workingGroup") { Code = "working-group-unknown", Arguments = [round.WorkingGroupKey] };
        }

        if (round.Deadline <= context.Now)
        {
            throw new StepRejectedException("The deadline for comments must be in the future.", "deadline") { Code = "deadline-not-in-future" };
        }

        var scope = await RecipientScope.ForStepAsync(context).ConfigureAwait(false);
        var members = WorkingGroupsFeature.Members(scope, await WorkingGroupDirectory.FindForStepAsync(context).ConfigureAwait(false));
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Round, members, round.Deadline, await Calendars.DeadlineReviews.HandedOverAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
        var model = await round.ModelAsync(context).ConfigureAwait(false);
        model["calendar"] = round.Calendar();
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        if (await RoundText.RevisionTextAsync(context, round).ConfigureAwait(false) is { } text)
        {
            // Proposals carried over into the area (e.g. an objection's wording referred to the working group) become
            // this round's proposals on the parties' behalf, before anyone else contributes.
            var (taken, lost) = await RoundText.TakeCarriedAsync(context, round, text).ConfigureAwait(false);
            context.Variables["carriedOver"] = taken.Count;
            if (lost.Count > 0)
            {
                context.Variables["carriedNotFound"] = string.Join(", ", lost.Select(l => $"{l.PartyCode}: {l.Source} ({l.Target})"));
            }

            var figures = Convergence.Measure(text).Totals;
            model["round"]!["convergence"] = new JsonObject
            {
                ["provisions"] = figures.Provisions,
                ["agreed"] = figures.Agreed,
                ["bracketed"] = figures.Bracketed,
                ["openBrackets"] = figures.OpenBrackets,
                ["wordsOutside"] = figures.ShareOfWordsOutsideBrackets.ToString("P0", CultureInfo.InvariantCulture),
            };
            model["round"]!["compare"] = round.Revision > 1 ? $"/drafts/{round.Area}/compare?from={(round.Revision - 1).ToString(CultureInfo.InvariantCulture)}&to={round.Revision.ToString(CultureInfo.InvariantCulture)}" : null;
            model["round"]!["carriedOver"] = taken.Count;
        }

        await effects.NotifyAsync("round-circulated", [R.WorkingGroupMembers], [R.WorkingGroupNegotiators], [R.WorkingGroupObservers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>record-round-comment</c>: a member party's written comments, drafting proposal, or "no comments", until the
/// deadline. Observers and non-members do not comment.
/// </summary>
internal sealed class RecordRoundComment : IWorkflowActivity
{
    public string Name => "record-round-comment";

    public IReadOnlyCollection<string> Templates { get; } = ["round-comment-recorded"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var party = context.Payload["party"]!.GetValue<string>();
        var group = await WorkingGroupDirectory.ByKeyAsync(context.Db, round.WorkingGroupKey, context.CancellationToken).ConfigureAwait(false);
        var negotiating = (await ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false)).Any(p => p.Code == party);
        var person = await ParticipantDirectory.PersonAsync(context.Db, context.Actor.Id, context.CancellationToken).ConfigureAwait(false);
        var observer = RoundContributors.Check(round, group, party, negotiating, context.Actor, person?.Roles.Select(r => (r.Role, r.AreaCode)) ?? [], context.Now);

        if (await RoundText.RevisionTextAsync(context, round).ConfigureAwait(false) is { } structured)
        {
            var contribution = await RoundText.ReadAsync(context, round, structured, party, observer).ConfigureAwait(false);
            await RecordAsync(context, effects, round, contribution).ConfigureAwait(false);
            return;
        }

        var kind = StepInput.Text(context.Payload, "kind", 20) switch
        {
            "comments" => CommentKind.Comments,
            "proposal" => CommentKind.Proposal,
            "no-comments" => CommentKind.NoComments,
            null => throw new StepRejectedException("Say what you send: comments, proposal or no-comments.", "kind") { Code = "contribution-kind-required" },
            var other => throw new StepRejectedException($"'{other}' is not a kind of contribution: use comments, proposal or no-comments.", "kind") { Code = "contribution-kind-unknown", Arguments = [other] },
        };
        var text = StepInput.Text(context.Payload, "text", 20_000);
        if (observer && kind != CommentKind.Comments)
        {
            throw new StepRejectedException($"{party} observes the working group: its terms of reference let observers comment, not propose, support or withdraw.", "kind", StepOutcome.Forbidden) { Code = "observer-comments-only", Arguments = [party] };
        }

        if (kind == CommentKind.Proposal && text is null)
        {
            throw new StepRejectedException("A proposal needs its wording.", "text") { Code = "proposal-wording-required" };
        }

        if (kind == CommentKind.Comments && text is null)
        {
            throw new StepRejectedException("Comments need their text.", "text") { Code = "comments-text-required" };
        }

        var comment = new RoundComment
        {
            RoundInstanceId = context.Instance.Id,
            PartyCode = party,
            PersonId = context.Actor.Id,
            Kind = kind,
            Provision = StepInput.Text(context.Payload, "provision", 200),
            Text = text,
            At = context.Now,
        };

        // A party sends as many contributions as it likes; the very same one again from the same person (a double
        // click, a retry after a lost reply) is kept once.
        var roundId = context.Instance.Id;
        var same = await context.Db.Set<RoundComment>().AsNoTracking()
            .Where(c => c.RoundInstanceId == roundId && c.PartyCode == party && c.PersonId == comment.PersonId && c.Kind == kind && c.Provision == comment.Provision && c.Text == text)
            .OrderBy(c => c.Id)
            .FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        if (same is not null)
        {
            throw RepeatedSteps.Refusal(RepeatedSteps.CommentUnchanged, "contribution", party, same.At, "text");
        }

        await RecordAsync(context, effects, round, comment).ConfigureAwait(false);
    }

    private static async Task RecordAsync(IStepContext context, IStepEffects effects, TextRound round, RoundComment comment)
    {
        context.Db.Set<RoundComment>().Add(comment);
        var received = context.Variables["received"] as JsonObject ?? [];
        received[comment.PartyCode] = TextRound.KindName(comment.Kind);
        context.Variables["received"] = received;

        var model = await round.ModelAsync(context).ConfigureAwait(false);
        model["comment"] = new JsonObject
        {
            ["party"] = comment.PartyCode,
            ["kind"] = comment.Number > 0 ? Consolidation.KindName(comment) : TextRound.KindName(comment.Kind),
            ["provision"] = comment.Provision,
            ["text"] = comment.Text,
            ["number"] = comment.Number > 0 ? comment.Number : null,
            ["version"] = comment.Number > 0 ? comment.Version : null,
        };
        await effects.NotifyAsync("round-comment-recorded", [R.Actor], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>remind-round-members</c>: a reminder to member parties that have sent nothing on this revision.</summary>
internal sealed class RemindRoundMembers : IWorkflowActivity
{
    public string Name => "remind-round-members";

    public IReadOnlyCollection<string> Templates { get; } = ["round-reminder"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var model = await round.ModelAsync(context).ConfigureAwait(false);
        model["calendar"] = round.Calendar();
        model["offset"] = context.Payload["offset"]?.DeepClone();
        await effects.NotifyAsync("round-reminder", [R.RoundNonCommenters], [], [], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>extend-round-deadline</c>: while the round takes comments, the Secretariat sets a later deadline (in the future),
/// with an optional reason. The new deadline is reviewed with the member parties' calendars as the first was
/// (<see cref="Calendars.DeadlineKind.Round"/>: shorter than the minimum only when urgent with a reason); the deadline
/// timer and the reminders are planned again for it (reminders whose time before the new deadline has passed are not
/// planned); the members, their negotiators, the observers and the Secretariat are told, each in their language and time zone.
/// </summary>
internal sealed class ExtendRoundDeadline(Calendars.DeadlineReviews reviews) : IWorkflowActivity
{
    public string Name => "extend-round-deadline";

    public IReadOnlyCollection<string> Templates { get; } = ["round-extended"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        if (context.Now >= round.Deadline)
        {
            // The deadline timer has not fired yet, but the round no longer takes comments: it is not extended either.
            throw new StepRejectedException($"The deadline for comments on revision {round.Revision} passed at {round.Deadline:yyyy-MM-dd HH:mm} UTC.", "deadline", StepOutcome.Closed)
            {
                Code = "comments-deadline-passed",
                Arguments = [round.Revision.ToString(CultureInfo.InvariantCulture), round.Deadline.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
            };
        }

        var reason = Reasons.Optional(context.Payload);
        var deadline = StepInput.Instant(context.Payload, "deadline")
            ?? throw new StepRejectedException("A new deadline (an instant with an offset) is required.", "deadline") { Code = "deadline-required" };
        if (deadline <= round.Deadline || deadline <= context.Now)
        {
            throw new StepRejectedException("The new deadline must be later than the current one and in the future.", "deadline") { Code = "deadline-not-later" };
        }

        var scope = await RecipientScope.ForStepAsync(context).ConfigureAwait(false);
        var members = WorkingGroupsFeature.Members(scope, await WorkingGroupDirectory.FindForStepAsync(context).ConfigureAwait(false));
        await reviews.ReviewAsync(context, Calendars.DeadlineKind.Round, members, deadline, Calendars.DeadlineUrgency.From(context.Payload)).ConfigureAwait(false);
        context.Variables["deadline"] = StepInput.Iso(deadline);
        var extensions = context.Variables["extensions"] as JsonArray ?? [];
        extensions.Add(new JsonObject { ["from"] = StepInput.Iso(round.Deadline), ["to"] = StepInput.Iso(deadline), ["reason"] = reason, ["by"] = context.Actor.Id, ["at"] = StepInput.Iso(context.Now) });
        context.Variables["extensions"] = extensions;
        await effects.ReplanTimersAsync("deadline").ConfigureAwait(false);
        await effects.ReplanTimersAsync("reminder").ConfigureAwait(false);

        var extended = round with { Deadline = deadline };
        var model = await extended.ModelAsync(context).ConfigureAwait(false);
        model["previousDeadline"] = StepInput.Iso(round.Deadline);
        model["reason"] = reason;
        model["calendar"] = extended.Calendar();
        model["urgency"] = Calendars.DeadlineReviews.UrgencyModel(context.Variables);
        await effects.NotifyAsync("round-extended", [R.WorkingGroupMembers], [R.WorkingGroupNegotiators], [R.WorkingGroupObservers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>close-comments</c>: the deadline passed; the Secretariat gets what came in, to consolidate revision N+1.</summary>
internal sealed class CloseComments : IWorkflowActivity
{
    public string Name => "close-comments";

    public IReadOnlyCollection<string> Templates { get; } = ["round-comments-closed"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var comments = await TextRound.CommentsAsync(context).ConfigureAwait(false);
        var group = await WorkingGroupDirectory.ByKeyAsync(context.Db, round.WorkingGroupKey, context.CancellationToken).ConfigureAwait(false);
        var members = group?.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode).Order(StringComparer.Ordinal).ToList() ?? [];
        var model = await round.ModelAsync(context).ConfigureAwait(false);
        var list = await NegotiationMessages.PartiesAsync(context, comments.Select(c => c.PartyCode)).ConfigureAwait(false);
        for (var i = 0; i < comments.Count; i++)
        {
            list[i]!["kind"] = TextRound.KindName(comments[i].Kind);
            list[i]!["provision"] = comments[i].Provision;
            list[i]!["text"] = comments[i].Text;
        }

        model["comments"] = list;
        model["silent"] = await NegotiationMessages.PartiesAsync(context, members.Where(m => comments.All(c => c.PartyCode != m))).ConfigureAwait(false);
        await effects.NotifyAsync("round-comments-closed", [R.Secretariat], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-consolidated-revision</c>: the Secretariat consolidates revision N+1 from the comments and proposals.</summary>
internal sealed class RecordConsolidatedRevision : IWorkflowActivity
{
    public string Name => "record-consolidated-revision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        // Revisions are numbered per area: the draft's own steps may have added some since the round began.
        var number = await DraftStore.LatestNumberAsync(context.Db, round.Area, context.CancellationToken).ConfigureAwait(false) + 1;
        var next = number.ToString(CultureInfo.InvariantCulture);
        if (await RoundText.RevisionTextAsync(context, round).ConfigureAwait(false) is { } structured)
        {
            await ConsolidationSteps.ConsolidateAsync(context, round, structured, number).ConfigureAwait(false);
            return;
        }

        var document = StepInput.Text(context.Payload, "document", 1000)
            ?? throw new StepRejectedException($"Give the consolidated revision {next}: its document name or link.", "document") { Code = "consolidated-revision-required", Arguments = [next] };
        var text = StepInput.Text(context.Payload, "text", 200_000);
        var summary = StepInput.RequiredText(context.Payload, "summary", "Say how the comments were reflected: bracketed language, convergence, options for flexibility.", code: "consolidation-summary-required");
        context.Db.Set<DraftRevision>().Add(new DraftRevision
        {
            AreaCode = round.Area,
            WorkingGroupKey = round.WorkingGroupKey,
            Revision = number,
            Document = document,
            Text = text,
            Summary = summary,
            FromRoundInstanceId = context.Instance.Id,
            At = context.Now,
            Source = RevisionSource.Consolidation,
            SourceReference = round.Key,
            MadeBy = context.Actor.Id,
            CirculatedAt = context.Now,
            CirculatedBy = context.Actor.Id,
        });
        context.Variables["nextRevision"] = number;
        context.Variables["nextDocument"] = document;
        context.Variables["nextText"] = text;
        context.Variables["consolidationSummary"] = summary;
    }
}

/// <summary><c>circulate-consolidated-revision</c>: on consolidation, members get revision N+1 and how their comments were reflected.</summary>
internal sealed class CirculateConsolidatedRevision : IWorkflowActivity
{
    public string Name => "circulate-consolidated-revision";

    public IReadOnlyCollection<string> Templates { get; } = ["round-consolidated"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var round = TextRound.From(context);
        var model = await round.ModelAsync(context).ConfigureAwait(false);
        model["consolidated"] = new JsonObject
        {
            ["revision"] = context.Variables["nextRevision"]?.DeepClone(),
            ["document"] = context.Variables["nextDocument"]?.DeepClone(),
            ["summary"] = context.Variables["consolidationSummary"]?.DeepClone(),
        };
        if (await ConsolidationSteps.ProvenanceAsync(context, round).ConfigureAwait(false) is { } provenance)
        {
            model["consolidated"]!["provenance"] = RoundText.Model(provenance);
            model["consolidated"]!["compare"] = $"/drafts/{round.Area}/compare?from={provenance.FromRevision.ToString(CultureInfo.InvariantCulture)}&to={provenance.ToRevision.ToString(CultureInfo.InvariantCulture)}";
        }

        // The provenance table is the round's record: the members and the Secretariat get it; the observers get revision
        // N+1 and the summary, never a party's proposals (RoundVisibility).
        await effects.NotifyAsync("round-consolidated", [R.WorkingGroupMembers], [R.WorkingGroupNegotiators], [R.Secretariat], model).ConfigureAwait(false);
        var textOnly = (JsonObject)model.DeepClone();
        (textOnly["consolidated"] as JsonObject)?.Remove("provenance");
        await effects.NotifyAsync("round-consolidated", [], [], [R.WorkingGroupObservers], textOnly).ConfigureAwait(false);
    }
}

/// <summary>
/// Who may contribute to a round, decided here for the step (and its tests): the working group's member parties that
/// still negotiate, through their focal point, their chief negotiator, or their lead negotiators and technical experts
/// of the round's area; an observer party only where the terms of reference let observers comment (through any of its
/// people, comments only); nobody for another party (the engine checks the actor's party); nobody after the deadline.
/// </summary>
internal static class RoundContributors
{
    /// <summary>Refuses a contribution from <paramref name="party"/> by <paramref name="actor"/>; true when the party contributes as an observer (comments only).</summary>
    /// <param name="round">The round.</param>
    /// <param name="group">The working group, with its participants.</param>
    /// <param name="party">The party contributed for.</param>
    /// <param name="negotiating">Whether the party negotiates now.</param>
    /// <param name="actor">Who contributes.</param>
    /// <param name="personRoles">The actor's roles in the registry, with their areas.</param>
    /// <param name="now">The step's instant.</param>
    public static bool Check(TextRound round, WorkingGroup? group, string party, bool negotiating, Actor actor, IEnumerable<(string Role, string? Area)> personRoles, DateTimeOffset now)
    {
        var observer = group?.ObserversMayComment == true && group.Participants.Any(p => p.PartyCode == party && p.Role == WorkingGroupRole.Observer);
        if (!observer && group?.Participants.Any(p => p.PartyCode == party && p.Role == WorkingGroupRole.Member) != true)
        {
            throw new StepRejectedException($"{party} is not a member of the working group {round.WorkingGroupKey}; members send comments, observers follow.", "party", StepOutcome.Forbidden) { Code = "party-not-member", Arguments = [party, round.WorkingGroupKey] };
        }

        if (!observer && !negotiating)
        {
            throw new StepRejectedException($"{party} no longer takes part in the negotiation and does not comment on its texts.", "party", StepOutcome.Forbidden) { Code = "party-stopped-negotiating", Arguments = [party] };
        }

        // An observer party (when its terms let it comment) speaks through any of its people: it only comments.
        // Lead negotiators and technical experts hold their role for one area: they speak for their party there only.
        if (!observer && !actor.Roles.Contains(NegotiationRoles.FocalPoint) && !actor.Roles.Contains(NegotiationRoles.ChiefNegotiator)
            && !personRoles.Any(r => r.Area == round.Area && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert))
        {
            throw new StepRejectedException($"{actor.Id} is not a lead negotiator or technical expert of {party} for {round.Area}.", "party", StepOutcome.Forbidden) { Code = "not-area-expert", Arguments = [actor.Id, party, round.Area] };
        }

        if (now >= round.Deadline)
        {
            throw new StepRejectedException($"The deadline for comments on revision {round.Revision} passed at {round.Deadline:yyyy-MM-dd HH:mm} UTC.", "deadline", StepOutcome.Closed) { Code = "comments-deadline-passed", Arguments = [round.Revision.ToString(CultureInfo.InvariantCulture), round.Deadline.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)] };
        }

        return observer;
    }
}
