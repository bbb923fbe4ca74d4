using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>The message model every working-group notice shares.</summary>
internal static class WorkingGroupSteps
{
    public const string WorkflowId = NegotiationWorkflows.WorkingGroup;

    public static async Task<WorkingGroup> RowAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var set = context.Db.Set<WorkingGroup>();
        return set.Local.FirstOrDefault(g => g.InstanceId == id)
            ?? await set.Include(g => g.Participants).FirstAsync(g => g.InstanceId == id, context.CancellationToken).ConfigureAwait(false);
    }

    public static async Task<JsonObject> ModelAsync(IStepContext context, WorkingGroup group)
    {
        var members = group.Participants.Where(p => p.Role == WorkingGroupRole.Member).Select(p => p.PartyCode).Order(StringComparer.Ordinal);
        var observers = group.Participants.Where(p => p.Role == WorkingGroupRole.Observer).Select(p => p.PartyCode).Order(StringComparer.Ordinal);
        return new JsonObject
        {
            ["workingGroup"] = new JsonObject
            {
                ["key"] = group.Key,
                ["area"] = await NegotiationMessages.AreaAsync(context, group.AreaCode).ConfigureAwait(false),
                ["members"] = await NegotiationMessages.PartiesAsync(context, members).ConfigureAwait(false),
                ["observers"] = await NegotiationMessages.PartiesAsync(context, observers).ConfigureAwait(false),
                ["termsProcedure"] = group.TermsProcedureKey,
                ["revision"] = group.CurrentRevision,
                ["document"] = StepInput.Variable(context, "currentDocument"),
            },
            ["seatTimeZone"] = StepInput.SeatTimeZone(context),
        };
    }
}

/// <summary>
/// <c>record-working-group-proposal</c>: the proposal of a working group for an area, with its members (negotiating
/// parties) and observers (other CAREC countries); its terms of reference go to a written procedure next.
/// </summary>
internal sealed class RecordWorkingGroupProposal : IWorkflowActivity
{
    public string Name => "record-working-group-proposal";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-proposed"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = StepInput.Variable(context, "area") ?? throw new StepRejectedException("A working group is for a negotiating area.", "area") { Code = "area-required" };
        if (!await context.Db.Set<NegotiatingArea>().AnyAsync(a => a.Code == area, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException($"There is no negotiating area '{area}'.", "area") { Code = "area-unknown", Arguments = [area] };
        }

        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var negotiating = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var members = StepInput.Codes(context.Variables["members"], "members");
        if (members.Count == 0)
        {
            members = [.. negotiating.Order(StringComparer.Ordinal)];
        }

        if (members.FirstOrDefault(m => !negotiating.Contains(m)) is { } notNegotiating)
        {
            throw new StepRejectedException($"{notNegotiating} is not a negotiating party; only negotiating parties are members of a working group (others may observe).", "members") { Code = "member-not-negotiating", Arguments = [notNegotiating] };
        }

        var observers = StepInput.Codes(context.Variables["observers"], "observers");
        if (observers.FirstOrDefault(o => members.Contains(o) || parties.All(p => p.Code != o)) is { } badObserver)
        {
            throw new StepRejectedException($"{badObserver} is not a CAREC country outside the group's members.", "observers") { Code = "observer-invalid", Arguments = [badObserver] };
        }

        var key = context.Instance.CorrelationKey;
        var procedureKey = StepInput.Variable(context, "termsProcedureKey") ?? $"TOR-{area}-1";
        context.Variables["termsProcedureKey"] = procedureKey;
        context.Variables["termsAttempt"] = 1;
        context.Variables["members"] = string.Join(',', members);
        context.Variables["observers"] = string.Join(',', observers);
        var group = new WorkingGroup
        {
            InstanceId = context.Instance.Id,
            Key = key,
            AreaCode = area,
            ProposedAt = context.Now,
            TermsProcedureKey = procedureKey,
            ObserversMayComment = StepInput.Variable(context, "observersComment") == "yes",
            Participants =
            [
                .. members.Select(m => new WorkingGroupParticipant { WorkingGroupInstanceId = context.Instance.Id, PartyCode = m, Role = WorkingGroupRole.Member }),
                .. observers.Select(o => new WorkingGroupParticipant { WorkingGroupInstanceId = context.Instance.Id, PartyCode = o, Role = WorkingGroupRole.Observer }),
            ],
        };
        context.Db.Set<WorkingGroup>().Add(group);
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["terms"] = TermsModel(context);
        await effects.NotifyAsync("working-group-proposed", [R.FocalPoints], [R.ChiefNegotiators], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }

    public static JsonObject TermsModel(IStepContext context) => new()
    {
        ["title"] = StepInput.Variable(context, "termsTitle"),
        ["document"] = StepInput.Variable(context, "termsDocument"),
        ["deadline"] = StepInput.Variable(context, "termsDeadline"),
        ["procedure"] = StepInput.Variable(context, "termsProcedureKey"),
        ["mode"] = StepInput.Variable(context, "termsMode") ?? "silence",
        ["observersComment"] = StepInput.Variable(context, "observersComment") == "yes",
    };
}

/// <summary><c>report-terms-not-adopted</c>: the terms of reference were not adopted; the Secretariat may revise and relaunch them.</summary>
internal sealed class ReportTermsNotAdopted : IWorkflowActivity
{
    public string Name => "report-terms-not-adopted";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-terms-not-adopted"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["terms"] = RecordWorkingGroupProposal.TermsModel(context);
        model["outcome"] = StepInput.ChildState(context);
        await effects.NotifyAsync("working-group-terms-not-adopted", [R.Secretariat], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>revise-terms</c>: revised terms of reference go to a new written procedure (TOR-area-2, …).</summary>
internal sealed class ReviseTerms : IWorkflowActivity
{
    public string Name => "revise-terms";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var payload = context.Payload;
        var text = StepInput.Text(payload, "termsText", 100_000);
        var document = StepInput.Text(payload, "termsDocument", 1000);
        if (text is null && document is null)
        {
            throw new StepRejectedException("Give the revised terms of reference (text or document).", "termsText") { Code = "terms-required" };
        }

        var deadline = StepInput.FutureInstant(payload, "termsDeadline", context.Now, "Give the written procedure's deadline.", code: "deadline-missing");
        var attempt = StepInput.IntegerVariable(context, "termsAttempt", 1) + 1;
        var area = StepInput.Variable(context, "area")!;
        var procedureKey = $"TOR-{area}-{attempt.ToString(CultureInfo.InvariantCulture)}";
        context.Variables["termsText"] = text;
        context.Variables["termsDocument"] = document;
        context.Variables["termsDeadline"] = StepInput.Iso(deadline);
        context.Variables["termsAttempt"] = attempt;
        context.Variables["termsProcedureKey"] = procedureKey;
        if (StepInput.Text(payload, "termsTitle", 500) is { } title)
        {
            context.Variables["termsTitle"] = title;
        }

        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        group.TermsProcedureKey = procedureKey;
    }
}

/// <summary><c>establish-working-group</c>: terms of reference adopted; the group is established with its members and observers.</summary>
internal sealed class EstablishWorkingGroup : IWorkflowActivity
{
    public string Name => "establish-working-group";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-established"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        group.EstablishedAt = context.Now;
        context.Variables["establishedAt"] = StepInput.Iso(context.Now);
        ReportingSchedule.Start(context, "reportEvery");
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["terms"] = RecordWorkingGroupProposal.TermsModel(context);
        await effects.NotifyAsync("working-group-established", [R.WorkingGroupMembers], [R.ChiefNegotiators, R.WorkingGroupNegotiators], [R.WorkingGroupObservers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>prepare-round</c>: the Secretariat opens text-based round N on the current revision (the first round needs
/// the revision 1 document: the area's part of the bracketed zero draft). Sets the round's key, deadline and text.
/// </summary>
internal sealed class PrepareRound : IWorkflowActivity
{
    public string Name => "prepare-round";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var payload = context.Payload;
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        var deadline = StepInput.FutureInstant(payload, "deadline", context.Now, "Give the deadline for written comments and proposals.", code: "deadline-missing");
        var round = StepInput.IntegerVariable(context, "rounds") + 1;
        // A round works on the area's structured text when its newest revision is one (imported, edited or consolidated):
        // it circulates that revision, whose provisions the parties then comment on.
        var newest = await DraftStore.LatestStructuredAsync(context.Db, group.AreaCode, context.CancellationToken).ConfigureAwait(false);
        var structured = newest is not null && payload["document"] is null && payload["text"] is null
            && newest.Revision == await DraftStore.LatestNumberAsync(context.Db, group.AreaCode, context.CancellationToken).ConfigureAwait(false);
        if (structured)
        {
            var row = await context.Db.Set<DraftRevision>().FirstAsync(r => r.Id == newest!.Id, context.CancellationToken).ConfigureAwait(false);
            if (row.CirculatedAt is null)
            {
                row.CirculatedAt = context.Now;
                row.CirculatedBy = context.Actor.Id;
            }

            group.CurrentRevision = row.Revision;
            context.Variables["currentDocument"] = row.Document;
            context.Variables["currentText"] = null;
        }
        else if (group.CurrentRevision == 0)
        {
            var document = StepInput.RequiredText(payload, "document", "The first round needs the draft to circulate (revision 1): its document name or link.", code: "first-draft-required", 1000);
            var text = StepInput.Text(payload, "text", 200_000);
            // Revisions are numbered per area: the area's draft may have revisions of its own already.
            var first = await DraftStore.LatestNumberAsync(context.Db, group.AreaCode, context.CancellationToken).ConfigureAwait(false) + 1;
            context.Db.Set<DraftRevision>().Add(new DraftRevision
            {
                AreaCode = group.AreaCode,
                WorkingGroupKey = group.Key,
                Revision = first,
                Source = RevisionSource.Import,
                SourceReference = group.Key,
                MadeBy = context.Actor.Id,
                CirculatedAt = context.Now,
                CirculatedBy = context.Actor.Id,
                Document = document,
                Text = text,
                Summary = StepInput.Text(payload, "summary") ?? "Revision 1: the area's part of the bracketed zero draft.",
                At = context.Now,
            });
            group.CurrentRevision = first;
            context.Variables["currentDocument"] = document;
            context.Variables["currentText"] = text;
        }
        else if (payload["document"] is not null || payload["text"] is not null)
        {
            throw new StepRejectedException($"Round {round} circulates revision {group.CurrentRevision}, consolidated after the last round; a new text goes through consolidation.", "document") { Code = "round-text-from-consolidation", Arguments = [round.ToString(CultureInfo.InvariantCulture), group.CurrentRevision.ToString(CultureInfo.InvariantCulture)] };
        }

        context.Variables["rounds"] = round;
        context.Variables["revision"] = group.CurrentRevision;
        context.Variables["roundKey"] = $"{group.Key}-R{round.ToString(CultureInfo.InvariantCulture)}";
        // The round started next reviews its deadline with the members' calendars; an urgency given here is handed to it.
        Calendars.DeadlineReviews.HandOver(context, NegotiationWorkflows.TextRound, $"{group.Key}-R{round.ToString(CultureInfo.InvariantCulture)}", Calendars.DeadlineUrgency.From(payload));
        context.Variables["roundDeadline"] = StepInput.Iso(deadline);
        context.Variables["roundDocument"] = StepInput.Variable(context, "currentDocument");
        context.Variables["roundText"] = StepInput.Variable(context, "currentText") ?? string.Empty;
    }
}

/// <summary><c>take-consolidated-revision</c>: the round ended with revision N+1, which becomes the group's current text.</summary>
internal sealed class TakeConsolidatedRevision : IWorkflowActivity
{
    public string Name => "take-consolidated-revision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        var child = context.Payload["child"]?["variables"] as JsonObject;
        var next = child?["nextRevision"]?.GetValue<int>() ?? throw new InvalidOperationException("A consolidated round names its next revision.");
        group.CurrentRevision = next;
        context.Variables["currentDocument"] = child["nextDocument"]?.DeepClone();
        context.Variables["currentText"] = child["nextText"]?.DeepClone();
        context.Variables["revision"] = next;
        context.Variables["roundsCompleted"] = StepInput.IntegerVariable(context, "roundsCompleted") + 1;
    }
}

/// <summary><c>request-working-group-report</c>: the reporting schedule fell due; the Secretariat is asked for the group's report to the Chief Negotiators.</summary>
internal sealed class RequestWorkingGroupReport : IWorkflowActivity
{
    public string Name => "request-working-group-report";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-report-due"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        await ReportingSchedule.AdvanceAsync(context, effects, "reportEvery", "report").ConfigureAwait(false);
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["reportEvery"] = StepInput.Variable(context, "reportEvery");
        await effects.NotifyAsync("working-group-report-due", [R.Secretariat], [], [], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-working-group-report</c>: the working group reports its progress to the Chief Negotiators.</summary>
internal sealed class RecordWorkingGroupReport(IWorkingGroupReports reports) : IWorkflowActivity
{
    public string Name => "record-working-group-report";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-report"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        var summary = StepInput.RequiredText(context.Payload, "summary", "The report needs a summary of progress.", code: "report-summary-required", 50_000);
        var issues = StepInput.Text(context.Payload, "outstandingIssues");
        var area = await context.Db.Set<NegotiatingArea>().AsNoTracking().FirstAsync(a => a.Code == group.AreaCode, context.CancellationToken).ConfigureAwait(false);
        var title = $"Report of the working group on the {area.Name} to the Chief Negotiators";
        var issued = StepInput.SeatDay(context, context.Now);
        var markdown = $"# {ExportText.Cell(title)}\n\n- **Issued:** {issued} by {context.Actor.Id}\n- **State:** {context.Instance.State}, draft revision {group.CurrentRevision}\n\n## Progress\n\n{ExportText.Markdown(summary)}\n"
            + (issues is null ? string.Empty : $"\n## Outstanding issues\n\n{ExportText.Markdown(issues)}\n");
        reports.File(context, new WorkingGroupReport(group.AreaCode, title, summary, issues, markdown));
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["report"] = new JsonObject { ["title"] = title, ["summary"] = summary, ["outstandingIssues"] = issues };
        await effects.NotifyAsync("working-group-report", [R.ChiefNegotiators], [], [R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>record-stable-text</c>: the working group reports the text as stable.</summary>
internal sealed class RecordStableText : IWorkflowActivity
{
    public string Name => "record-stable-text";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        group.StableAt = context.Now;
        context.Variables["stableSummary"] = StepInput.RequiredText(context.Payload, "summary", "Say what makes the text stable (e.g. remaining brackets, points for the Chief Negotiators).", code: "stable-summary-required");
    }
}

/// <summary><c>announce-stable-text</c>: on entering Stable, members, Chief Negotiators and observers are told.</summary>
internal sealed class AnnounceStableText : IWorkflowActivity
{
    public string Name => "announce-stable-text";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-stable-text"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var group = await WorkingGroupSteps.RowAsync(context).ConfigureAwait(false);
        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        model["summary"] = context.Variables["stableSummary"]?.DeepClone();
        await effects.NotifyAsync("working-group-stable-text", [R.WorkingGroupMembers], [R.ChiefNegotiators, R.WorkingGroupNegotiators], [R.WorkingGroupObservers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>revision-consolidated</c>: at least one round has been consolidated, so there is a text to call stable.</summary>
internal sealed class RevisionConsolidated : IWorkflowGuard
{
    public string Name => "revision-consolidated";

    public ValueTask<bool> EvaluateAsync(IStepContext context) => ValueTask.FromResult(StepInput.IntegerVariable(context, "roundsCompleted") > 0);
}

/// <summary>A working group's report to the Chief Negotiators, as written.</summary>
internal sealed record WorkingGroupReport(string AreaCode, string Title, string Summary, string? OutstandingIssues, string Markdown);

/// <summary>Files a working group's report with the step, among the negotiation's progress reports (Monitoring keeps them).</summary>
internal interface IWorkingGroupReports
{
    /// <summary>Adds the report to the step's unit of work (issued by the step's actor, at its instant).</summary>
    void File(IStepContext context, WorkingGroupReport report);
}
