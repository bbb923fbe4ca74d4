using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.WrittenProcedures;

/// <summary>One party's row of a procedure's response matrix: its latest response, if any.</summary>
public sealed record PartyRow(string Party, string Name, string NameRu, ProcedureResponse? Latest);

/// <summary>A procedure as the pages show it.</summary>
public sealed record ProcedureBoardEntry(InstanceView Instance, string Title, string Area, string Mode, DateTimeOffset Deadline, string SeatTimeZone, IReadOnlyList<PartyRow> Parties, IReadOnlyList<ProcedureResponse> Responses)
{
    public string Key => Instance.CorrelationKey;

    public bool Open => Instance.Status == InstanceStatus.Running;

    /// <summary>
    /// True while parties can still answer: the procedure runs and its deadline is ahead. After the deadline an open
    /// procedure (escalated, or about to be closed) takes no response until the Secretariat extends it.
    /// </summary>
    public bool TakesResponses(DateTimeOffset now) => Open && now < Deadline;

    public string? Text => Instance.Variables["text"]?.GetValue<string>();

    public string? Document => Instance.Variables["document"]?.GetValue<string>();

    public IEnumerable<PartyRow> NotReplied => Parties.Where(p => p.Latest is null);

    public bool TakesPart(string party) => Parties.Any(p => p.Party == party);
}

/// <summary>What the procedures list is filtered by (each null when not used).</summary>
/// <param name="Area">The area's code.</param>
/// <param name="State">The workflow state (Open, Escalated, Adopted, ...).</param>
/// <param name="WaitingOn">A party that takes part and has not replied, in a procedure still running.</param>
/// <param name="DueBy">Deadline on or before the end of this day at the seat.</param>
public sealed record ProcedureFilter(string? Area = null, string? State = null, string? WaitingOn = null, DateOnly? DueBy = null);

/// <summary>Reads procedures for the pages: the parties fixed at circulation and each one's latest response.</summary>
internal static class ProcedureBoard
{
    public const string Workflow = NegotiationWorkflows.WrittenProcedure;

    public static async Task<ProcedureBoardEntry?> FindAsync(WorkflowEngine engine, DbContext db, string key, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        return instance is null ? null : (await EntriesAsync([instance], db, time, seat, cancellationToken))[0];
    }

    /// <summary>Every procedure, open ones first, then by deadline: two queries however many there are.</summary>
    public static async Task<IReadOnlyList<ProcedureBoardEntry>> ListAsync(WorkflowEngine engine, DbContext db, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(await engine.ListAsync(Workflow, cancellationToken), db, time, seat, cancellationToken);
        return [.. entries.OrderByDescending(e => e.Open).ThenBy(e => e.Deadline)];
    }

    /// <summary>The procedures still running, by deadline: two queries however many there are.</summary>
    public static async Task<IReadOnlyList<ProcedureBoardEntry>> RunningAsync(WorkflowEngine engine, DbContext db, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var running = await engine.ListRunningAsync(Workflow, cancellationToken);
        return [.. (await EntriesAsync(running, db, time, seat, cancellationToken)).OrderBy(e => e.Deadline)];
    }

    /// <summary>
    /// One page of the filtered procedures, open ones first, then by deadline. The instances are filtered on their
    /// variables; the parties and responses are read for the page's procedures only (and, with a party filter, which
    /// running procedures that party has replied to).
    /// </summary>
    public static async Task<ListPage<ProcedureBoardEntry>> PageAsync(WorkflowEngine engine, DbContext db, TimeProvider time, string seat, ProcedureFilter filter, int? page, CancellationToken cancellationToken)
    {
        DateTimeOffset? dueBefore = filter.DueBy is { } day ? ListPages.StartOfDay(day.AddDays(1), seat) : null;
        var matching = (await engine.ListAsync(Workflow, cancellationToken))
            .Where(i => string.IsNullOrEmpty(filter.Area) || string.Equals(i.Text("area"), filter.Area, StringComparison.OrdinalIgnoreCase))
            .Where(i => string.IsNullOrEmpty(filter.State) || i.State == filter.State)
            .Where(i => dueBefore is null || (i.InstantOf("deadline") is { } d && d < dueBefore))
            .ToList();
        if (filter.WaitingOn is { Length: > 0 } party)
        {
            var running = matching.Where(i => i.Status == InstanceStatus.Running && TakesPart(i, party)).ToList();
            var ids = running.Select(i => i.Id).ToList();
            var replied = (await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.PartyCode == party && ids.Contains(r.InstanceId)).Select(r => r.InstanceId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
            var negotiating = (await ParticipantDirectory.NegotiatingPartiesAsync(db, time.GetUtcNow(), cancellationToken)).Any(p => p.Code == party);
            matching = negotiating ? [.. running.Where(i => !replied.Contains(i.Id))] : [];
        }

        var ordered = matching.OrderByDescending(i => i.Status == InstanceStatus.Running).ThenBy(i => i.InstantOf("deadline") ?? DateTimeOffset.MaxValue).ThenBy(i => i.CorrelationKey, StringComparer.Ordinal).ToList();
        var cut = ListPages.Of<InstanceView>(ordered, page);
        return cut.With(await EntriesAsync(cut.Items, db, time, seat, cancellationToken));
    }

    /// <summary>True when the party is among those fixed at circulation (procedures of old versions fixed none: all take part).</summary>
    private static bool TakesPart(InstanceView instance, string party) =>
        instance.Variables["parties"] is not JsonArray parties || parties.Any(p => p?.GetValue<string>() == party);

    /// <summary>The entries of the given procedures, in their order: the parties once, the responses in one query.</summary>
    private static async Task<IReadOnlyList<ProcedureBoardEntry>> EntriesAsync(IReadOnlyList<InstanceView> instances, DbContext db, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        if (instances.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        var ids = instances.Select(i => i.Id).ToList();
        var responses = (await db.Set<ProcedureResponse>().AsNoTracking().Where(r => ids.Contains(r.InstanceId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.InstanceId);
        return [.. instances.Select(instance => Entry(instance, parties, [.. responses[instance.Id].OrderBy(r => r.At).ThenBy(r => r.Id)], instance.CompletedAt ?? now, seat))];
    }

    private static ProcedureBoardEntry Entry(InstanceView instance, IReadOnlyList<Party> all, List<ProcedureResponse> responses, DateTimeOffset at, string seat)
    {
        var v = instance.Variables;
        var fixedAtLaunch = (v["parties"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var parties = all.Where(p => p.StatusAt(at) == PartyStatus.Negotiating)
            .Where(p => fixedAtLaunch is null || fixedAtLaunch.Contains(p.Code)).ToList();
        var latest = responses.GroupBy(r => r.PartyCode).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return new ProcedureBoardEntry(
            instance,
            v["title"]!.GetValue<string>(),
            v["area"]!.GetValue<string>(),
            v["mode"]!.GetValue<string>(),
            DateTimeOffset.Parse(v["deadline"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            v["seatTimeZone"]?.GetValue<string>() ?? seat,
            [.. parties.Select(p => new PartyRow(p.Code, p.Name, p.NameRu, latest.GetValueOrDefault(p.Code)))],
            responses);
    }
}
