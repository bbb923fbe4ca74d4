using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Negotiation.WorkingGroups;
using Microsoft.EntityFrameworkCore;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Negotiation.Phases;

/// <summary>Where a roadmap milestone stands.</summary>
public enum MilestoneStatus
{
    /// <summary>Nothing done yet, and its day (if any) has not come.</summary>
    Planned,
    /// <summary>Its day passed with nothing recorded.</summary>
    Overdue,
    /// <summary>Its workflows run.</summary>
    InProgress,
    /// <summary>Parallel, recurring work under way (capacity building, progress reports).</summary>
    Ongoing,
    /// <summary>Completed.</summary>
    Done,
}

/// <summary>A milestone with its status, read from the workflows that carry it out.</summary>
/// <param name="Milestone">The seeded milestone.</param>
/// <param name="Status">Its status.</param>
/// <param name="Detail">What the status rests on, in words.</param>
/// <param name="Keys">The workflow instances (keys) that carry it out.</param>
public sealed record MilestoneProgress(RoadmapMilestone Milestone, MilestoneStatus Status, string Detail, IReadOnlyList<string> Keys);

/// <summary>Reads the roadmap's progress from the workflows: nothing is ticked by hand.</summary>
public static class RoadmapProgress
{
    private static readonly string[] Workflows = [NegotiationWorkflows.Meeting, NegotiationWorkflows.ReadinessConsultation, NegotiationWorkflows.WorkingGroup, NegotiationWorkflows.TextRound, NegotiationWorkflows.CapacityBuilding, NegotiationWorkflows.MinisterialReport, NegotiationWorkflows.Monitoring];

    /// <summary>Every milestone in roadmap order, with its status at <paramref name="now"/> (a planned day is overdue once it has ended at the seat, <paramref name="seatZone"/>).</summary>
    public static async Task<IReadOnlyList<MilestoneProgress>> ComputeAsync(WorkflowDbContext db, DateTimeOffset now, string seatZone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var milestones = await db.Set<RoadmapMilestone>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        // Only what the milestones read: of the meetings, those that carry out a milestone (a meeting names it in its
        // variables), filtered in the database, so that the page does not read every meeting on each request.
        var instances = await db.Instances.AsNoTracking()
            .Where(i => Workflows.Contains(i.DefinitionId) && (i.DefinitionId != NegotiationWorkflows.Meeting || i.VariablesJson.Contains("\"milestone\":")))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var allDocuments = await db.Set<NegotiationDocument>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var allGroups = await db.Set<WorkingGroup>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        // Consolidated progress reports: each monitoring instance counts those it issued (its variable 'reports').
        static int Issued(WorkflowInstanceRecord i) => JsonNode.Parse(i.VariablesJson)?["reports"] is JsonValue v && v.TryGetValue<int>(out var issued) ? issued : 0;
        // A roadmap loaded after 2026 is carried out by what happened since it was loaded, not by the 2026 work.
        var loaded = (await db.Set<RoadmapPhase>().AsNoTracking().Select(p => new { p.Roadmap, p.LoadedAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(p => p.Roadmap, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(p => p.LoadedAt), StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(TimeZoneInfo.TryFindSystemTimeZoneById(seatZone, out var seat) ? TimeZoneInfo.ConvertTime(now, seat).DateTime : now.UtcDateTime);

        MilestoneProgress NotYet(RoadmapMilestone m) => m.PlannedOn is { } day && day < today
            ? new(m, MilestoneStatus.Overdue, $"planned for {day:yyyy-MM-dd}; nothing recorded", [])
            : new(m, MilestoneStatus.Planned, m.PlannedOn is { } d ? $"planned for {d:yyyy-MM-dd}" : $"planned: {m.Window}", []);

        MilestoneProgress Assess(RoadmapMilestone m)
        {
            var since = m.Roadmap is { } name && loaded.TryGetValue(name, out var at) ? at : DateTimeOffset.MinValue;
            List<WorkflowInstanceRecord> Of(string workflow) => [.. instances.Where(i => i.DefinitionId == workflow && i.CreatedAt >= since).OrderBy(i => i.CreatedAt)];
            var documents = allDocuments.Where(d => d.CirculatedAt >= since).ToList();
            var groups = allGroups.Where(g => g.ProposedAt >= since).ToList();
            var reports = Of(NegotiationWorkflows.Monitoring).Sum(Issued);
            switch (m.Kind)
            {
                case MilestoneKind.Meeting:
                    var meetings = Of(NegotiationWorkflows.Meeting).Where(i => Text(i, "milestone") == m.Code).ToList();
                    var held = meetings.FirstOrDefault(i => i.State == "Concluded");
                    return held is not null ? new(m, MilestoneStatus.Done, $"concluded: {held.CorrelationKey}", [held.CorrelationKey])
                        : meetings.FirstOrDefault(i => i.Status == InstanceStatus.Running) is { } running ? new(m, MilestoneStatus.InProgress, $"{running.CorrelationKey} {running.State}", [running.CorrelationKey])
                        : NotYet(m);
                case MilestoneKind.Document:
                    var circulated = documents.Where(d => d.Kind == m.DocumentKind).OrderBy(d => d.CirculatedAt).ToList();
                    return circulated.Count > 0
                        ? new(m, MilestoneStatus.Done, $"circulated {circulated[^1].CirculatedAt:yyyy-MM-dd}: {circulated[^1].Reference}", [])
                        : NotYet(m);
                case MilestoneKind.Consultations:
                    var consultations = Of(NegotiationWorkflows.ReadinessConsultation);
                    var finished = consultations.Count(i => i.Status == InstanceStatus.Completed);
                    return consultations.Count == 0 ? NotYet(m)
                        : new(m, finished == consultations.Count ? MilestoneStatus.Done : MilestoneStatus.InProgress, $"{finished} of {consultations.Count} consultations completed", [.. consultations.Select(i => i.CorrelationKey)]);
                case MilestoneKind.WorkingGroups:
                    var established = groups.Count(g => g.EstablishedAt is not null);
                    return groups.Count == 0 ? NotYet(m)
                        : new(m, established == groups.Count ? MilestoneStatus.Done : MilestoneStatus.InProgress, $"{established} of {groups.Count} working groups established", [.. groups.Select(g => g.Key)]);
                case MilestoneKind.TextRounds:
                    var rounds = Of(NegotiationWorkflows.TextRound);
                    if (m.Roadmap is not null)
                    {
                        // The groups whose texts the rounds since the roadmap was loaded work on.
                        groups = [.. allGroups.Where(g => rounds.Any(r => Text(r, "area") == g.AreaCode) || g.ProposedAt >= since)];
                    }

                    var stable = groups.Count(g => g.StableAt is not null);
                    return rounds.Count == 0 ? NotYet(m)
                        : new(m, stable == groups.Count ? MilestoneStatus.Done : MilestoneStatus.InProgress, $"{rounds.Count(i => i.State == "Consolidated")} rounds consolidated; {stable} of {groups.Count} texts stable", [.. rounds.Select(i => i.CorrelationKey)]);
                case MilestoneKind.CapacityBuilding:
                    var activities = Of(NegotiationWorkflows.CapacityBuilding);
                    var delivered = activities.Count(i => i.State == "Delivered");
                    return activities.Count == 0 ? NotYet(m) : new(m, MilestoneStatus.Ongoing, $"{delivered} delivered, {activities.Count(i => i.State == "Planned")} planned", [.. activities.Select(i => i.CorrelationKey)]);
                case MilestoneKind.ProgressReports:
                    return reports == 0 ? NotYet(m) : new(m, MilestoneStatus.Ongoing, $"{reports} consolidated progress reports issued", []);
                case MilestoneKind.MinisterialReport:
                    // The latest report counts: after a mandate withheld, a new report to the Conference is under way.
                    var ministerial = Of(NegotiationWorkflows.MinisterialReport);
                    return ministerial.LastOrDefault() is not { } latest ? NotYet(m)
                        : latest.Status == InstanceStatus.Completed ? new(m, MilestoneStatus.Done, latest.State == "MandateConfirmed" ? "mandate confirmed" : "mandate not confirmed", [latest.CorrelationKey])
                        : new(m, MilestoneStatus.InProgress, latest.State, [latest.CorrelationKey]);
                default:
                    return NotYet(m);
            }
        }

        return [.. milestones.OrderBy(m => m.Order).Select(Assess)];
    }

    private static string? Text(WorkflowInstanceRecord instance, string name) =>
        JsonNode.Parse(instance.VariablesJson)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
