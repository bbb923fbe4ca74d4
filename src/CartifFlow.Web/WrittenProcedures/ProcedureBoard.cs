using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
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

/// <summary>Reads procedures for the pages: the parties fixed at circulation and each one's latest response.</summary>
internal static class ProcedureBoard
{
    public const string Workflow = NegotiationWorkflows.WrittenProcedure;

    public static async Task<ProcedureBoardEntry?> FindAsync(WorkflowEngine engine, DbContext db, string key, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(Workflow, key, cancellationToken);
        return instance is null ? null : await EntryAsync(instance, db, time, seat, cancellationToken);
    }

    public static async Task<IReadOnlyList<ProcedureBoardEntry>> ListAsync(WorkflowEngine engine, DbContext db, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var entries = new List<ProcedureBoardEntry>();
        foreach (var instance in await engine.ListAsync(Workflow, cancellationToken))
        {
            entries.Add(await EntryAsync(instance, db, time, seat, cancellationToken));
        }

        return [.. entries.OrderByDescending(e => e.Open).ThenBy(e => e.Deadline)];
    }

    private static async Task<ProcedureBoardEntry> EntryAsync(InstanceView instance, DbContext db, TimeProvider time, string seat, CancellationToken cancellationToken)
    {
        var v = instance.Variables;
        var at = instance.CompletedAt ?? time.GetUtcNow();
        var fixedAtLaunch = (v["parties"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var parties = (await ParticipantDirectory.NegotiatingPartiesAsync(db, at, cancellationToken))
            .Where(p => fixedAtLaunch is null || fixedAtLaunch.Contains(p.Code)).ToList();
        var responses = (await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == instance.Id).ToListAsync(cancellationToken))
            .OrderBy(r => r.At).ThenBy(r => r.Id).ToList();
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
