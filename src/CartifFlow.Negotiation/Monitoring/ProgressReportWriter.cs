using System.Globalization;
using System.Text;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Monitoring;

/// <summary>
/// Compiles a consolidated progress report: the Secretariat's summary and outstanding issues, then the state of
/// the negotiation when it is issued (phase, roadmap, working groups and their reports, stage transitions,
/// capacity building), all read in the step's unit of work.
/// </summary>
internal static class ProgressReportWriter
{
    /// <summary>The longest report kept (the column's length).</summary>
    private const int MaxMarkdown = 500_000;

    /// <summary>How much of each working group's summary or outstanding issues a consolidated report quotes.</summary>
    private const int GroupReportExcerpt = 5_000;

    /// <summary>The start of a working group's text, escaped for Markdown (ExportText), marked when cut.</summary>
    private static string Excerpt(string text) =>
        text.Length <= GroupReportExcerpt ? ExportText.Markdown(text) : ExportText.Markdown(text[..GroupReportExcerpt]) + " […]";

    public static async Task<ProgressReport> WriteAsync(IStepContext context, ProgressReportKind kind, string title, string summary, string? issues)
    {
        var db = context.Db;
        var ct = context.CancellationToken;
        var areas = (await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(ct).ConfigureAwait(false)).ToDictionary(a => a.Code, StringComparer.Ordinal);
        string AreaName(string? code) => code is not null && areas.TryGetValue(code, out var a) ? a.Name : code ?? string.Empty;
        // Dates as the Secretariat counts them: the calendar day at the seat.
        string Day(DateTimeOffset t) => StepInput.SeatDay(context, t);

        var negotiation = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == NegotiationPhases.WorkflowId).OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var names = await PhaseNames.ReadAsync(db, ct).ConfigureAwait(false);
        var phase = negotiation is null ? "(not started)" : names.Name(await CurrentPhaseAsync(db, negotiation, ct).ConfigureAwait(false));
        var previous = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.Kind != ProgressReportKind.WorkingGroup).OrderByDescending(r => r.IssuedAt).Select(r => (DateTimeOffset?)r.IssuedAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var groupReports = (await db.Set<ProgressReport>().AsNoTracking().Where(r => r.Kind == ProgressReportKind.WorkingGroup).ToListAsync(ct).ConfigureAwait(false))
            .Where(r => previous is null || r.IssuedAt > previous).OrderBy(r => r.IssuedAt).ToList();
        var groups = await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).OrderBy(g => g.AreaCode).ToListAsync(ct).ConfigureAwait(false);
        var groupStates = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == WorkingGroupSteps.WorkflowId).ToDictionaryAsync(i => i.Id, i => i.State, ct).ConfigureAwait(false);
        var transitions = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == NegotiationWorkflows.StageTransition).OrderBy(i => i.CreatedAt).ToListAsync(ct).ConfigureAwait(false);
        var capacity = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == NegotiationWorkflows.CapacityBuilding).OrderBy(i => i.CreatedAt).ToListAsync(ct).ConfigureAwait(false);
        var convergence = await ConvergenceHistory.ByAreaAsync(db, context.Now, ct).ConfigureAwait(false);
        var milestones = await RoadmapProgress.ComputeAsync(db, context.Now, StepInput.SeatTimeZone(context), ct).ConfigureAwait(false);

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {ExportText.Cell(title)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Issued:** {Day(context.Now)} by {context.Actor.Id}\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Phase:** {phase}\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Period:** {(previous is { } p ? $"since {Day(p)}" : "since the start of the negotiation")}\n\n");
        md.Append("## Summary\n\n").Append(ExportText.Markdown(summary)).Append("\n\n");
        if (issues is not null)
        {
            md.Append("## Outstanding issues\n\n").Append(ExportText.Markdown(issues)).Append("\n\n");
        }

        md.Append("## Roadmap\n\n| Milestone | Roadmap | Planned | Status | |\n|---|---|---|---|---|\n");
        foreach (var m in milestones)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {ExportText.Cell(m.Milestone.Title)} | {ExportText.Cell(m.Milestone.Roadmap ?? "2026")} | {ExportText.Cell(m.Milestone.PlannedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? m.Milestone.Window)} | {m.Status} | {ExportText.Cell(m.Detail)} |\n");
        }

        md.Append("\n## Working groups\n\n");
        if (groups.Count == 0)
        {
            md.Append("No working group has been proposed yet.\n");
        }
        else
        {
            md.Append("| Working group | State | Draft revision | Members | Observers |\n|---|---|---|---|---|\n");
            foreach (var g in groups)
            {
                var members = string.Join(", ", g.Participants.Where(x => x.Role == WorkingGroupRole.Member).Select(x => x.PartyCode).Order(StringComparer.Ordinal));
                var observers = string.Join(", ", g.Participants.Where(x => x.Role == WorkingGroupRole.Observer).Select(x => x.PartyCode).Order(StringComparer.Ordinal));
                md.Append(CultureInfo.InvariantCulture, $"| {ExportText.Cell(AreaName(g.AreaCode))} ({ExportText.Cell(g.Key)}) | {groupStates.GetValueOrDefault(g.InstanceId)} | {g.CurrentRevision} | {members} | {observers} |\n");
            }
        }

        md.Append("\n## Convergence of the drafts\n\n");
        if (convergence.Count == 0)
        {
            md.Append("No structured draft yet.\n");
        }

        // Per revision, as the draft's page counts it: agreed includes ad referendum; the share of words outside brackets.
        foreach (var area in convergence)
        {
            md.Append(CultureInfo.InvariantCulture, $"### {ExportText.Cell(AreaName(area.Area))} ({ExportText.Cell(area.Area)})\n\n");
            md.Append("| Revision | Provisions agreed | Bracketed | Total | Open brackets | Words outside brackets |\n|---|---|---|---|---|---|\n");
            foreach (var (revision, f) in area.Revisions)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {revision} | {f.Agreed + f.AgreedAdReferendum} | {f.Bracketed} | {f.Provisions} | {f.OpenBrackets} | {f.ShareOfWordsOutsideBrackets.ToString("P0", CultureInfo.InvariantCulture)} |\n");
            }

            md.Append('\n');
        }

        md.Append("\n## Reports of the working groups to the Chief Negotiators\n\n");
        if (groupReports.Count == 0)
        {
            md.Append("None in the period.\n");
        }

        // The working groups' reports are kept in full on their own; here each is quoted up to GroupReportExcerpt
        // characters, and the section fills what the report's length leaves (the latest first), so that a period with
        // many long reports never makes the consolidated report too long to keep.
        var head = md;
        md = new StringBuilder();
        var entries = groupReports.Select(r => $"### {ExportText.Cell(AreaName(r.AreaCode))}, {Day(r.IssuedAt)}\n\n{Excerpt(r.Summary)}\n\n"
            + (r.OutstandingIssues is null ? string.Empty : $"Outstanding: {Excerpt(r.OutstandingIssues)}\n\n")).ToList();

        md.Append("\n## Stage transitions\n\n");
        if (transitions.Count == 0)
        {
            md.Append("None proposed yet.\n");
        }
        else
        {
            md.Append("| Transition | Proposed | To | State |\n|---|---|---|---|\n");
            foreach (var t in transitions)
            {
                var to = System.Text.Json.Nodes.JsonNode.Parse(t.VariablesJson)?["to"]?.GetValue<string>() ?? string.Empty;
                md.Append(CultureInfo.InvariantCulture, $"| {ExportText.Cell(t.CorrelationKey)} | {Day(t.CreatedAt)} | {ExportText.Cell(names.Name(to))} | {t.State} |\n");
            }
        }

        md.Append("\n## Capacity building\n\n");
        if (capacity.Count == 0)
        {
            md.Append("None recorded yet.\n");
        }
        else
        {
            md.Append("| Activity | State |\n|---|---|\n");
            foreach (var c in capacity)
            {
                var activityTitle = System.Text.Json.Nodes.JsonNode.Parse(c.VariablesJson)?["title"]?.GetValue<string>() ?? c.CorrelationKey;
                md.Append(CultureInfo.InvariantCulture, $"| {ExportText.Cell(activityTitle)} ({ExportText.Cell(c.CorrelationKey)}) | {c.State} |\n");
            }
        }

        var budget = MaxMarkdown - head.Length - md.Length - 200;
        var kept = new List<string>();
        for (var i = entries.Count - 1; i >= 0 && entries[i].Length <= budget; i--)
        {
            kept.Insert(0, entries[i]);
            budget -= entries[i].Length;
        }

        if (kept.Count < entries.Count)
        {
            head.Append(CultureInfo.InvariantCulture, $"The {entries.Count - kept.Count} earlier reports of the period are not quoted here for length: see the working groups' reports.\n\n");
        }

        foreach (var entry in kept)
        {
            head.Append(entry);
        }

        md = head.Append(md);
        return new ProgressReport
        {
            Kind = kind,
            SourceInstanceId = context.Instance.Id,
            Title = title,
            Summary = summary,
            OutstandingIssues = issues,
            Markdown = md.ToString(),
            IssuedBy = context.Actor.Id,
            IssuedAt = context.Now,
        };
    }

    private static async Task<string> CurrentPhaseAsync(WorkflowDbContext db, WorkflowInstanceRecord negotiation, CancellationToken ct)
    {
        var last = await db.Set<PhaseChange>().AsNoTracking().Where(c => c.NegotiationInstanceId == negotiation.Id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        return last?.ToPhase ?? negotiation.State;
    }
}
