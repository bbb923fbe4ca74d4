using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>Silence: adopted unless a party breaks silence. Consent: every taking-part party must agree.</summary>
public enum ProcedureMode
{
    /// <summary>Adopted unless a party objects by the deadline.</summary>
    Silence,
    /// <summary>Adopted only when every taking-part party agrees by the deadline.</summary>
    Consent,
}

/// <summary>The written procedure's variables, read from a step.</summary>
internal sealed record Procedure(string Key, string Area, string Title, string? Text, string? Document, string? DocumentVersion, ProcedureMode Mode, DateTimeOffset Deadline, string SeatTimeZone)
{
    public const string WorkflowId = NegotiationWorkflows.WrittenProcedure;

    public static Procedure From(IStepContext context)
    {
        var v = context.Variables;
        return new Procedure(
            context.Instance.CorrelationKey,
            v["area"]!.GetValue<string>(),
            v["title"]!.GetValue<string>(),
            v["text"]?.GetValue<string>(),
            v["document"]?.GetValue<string>(),
            v["documentVersion"]?.GetValue<string>(),
            v["mode"]?.GetValue<string>() == "consent" ? ProcedureMode.Consent : ProcedureMode.Silence,
            DateTimeOffset.Parse(v["deadline"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            v["seatTimeZone"]?.GetValue<string>() ?? NegotiationOptions.DefaultSeatTimeZone);
    }

    /// <summary>Every response of the procedure in order of receipt, including those added by the step in progress.</summary>
    public static async Task<List<ProcedureResponse>> ResponsesAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var stored = await context.Db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == id).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<ProcedureResponse>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id).Select(e => e.Entity);
        return [.. stored.Concat(pending).OrderBy(r => r.At).ThenBy(r => r.Id)];
    }

    /// <summary>
    /// The parties that take part in this procedure: those negotiating when it was circulated (kept in the variable
    /// <c>parties</c>) that are still negotiating at the step's instant. A party that joins later is not bound by a
    /// text it never received; a party that leaves no longer counts.
    /// </summary>
    public static async Task<IReadOnlyList<Participants.Party>> TakingPartAsync(IStepContext context)
    {
        var negotiating = await Participants.ParticipantDirectory.NegotiatingPartiesAsync(context.Db, context.Now, context.CancellationToken).ConfigureAwait(false);
        return context.Variables["parties"] is JsonArray fixedAtLaunch
            ? [.. negotiating.Where(p => fixedAtLaunch.Any(c => c?.GetValue<string>() == p.Code))]
            : negotiating;
    }

    /// <summary>
    /// The latest response of each party taking part at the step's instant (<see cref="TakingPartAsync"/>): those the
    /// outcome is decided on. A party that has stopped taking part no longer counts, its objection included.
    /// </summary>
    public static async Task<Dictionary<string, ProcedureResponse>> CountingAsync(IStepContext context)
    {
        var takingPart = (await TakingPartAsync(context).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        return Latest(await ResponsesAsync(context).ConfigureAwait(false))
            .Where(r => takingPart.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    /// <summary>The latest response of each party: the one that counts.</summary>
    public static Dictionary<string, ProcedureResponse> Latest(IEnumerable<ProcedureResponse> responses) =>
        responses.GroupBy(r => r.PartyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public JsonObject ToModel(string? areaName, string? areaNameRu) => new()
    {
        ["key"] = Key,
        ["title"] = Title,
        ["area"] = Area,
        ["areaName"] = areaName,
        ["areaNameRu"] = areaNameRu,
        ["mode"] = Mode.ToString().ToLowerInvariant(),
        ["text"] = Text,
        ["document"] = Document,
        ["documentVersion"] = DocumentVersion,
        ["deadline"] = Deadline.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    };

    public JsonObject Calendar(string summary) => new()
    {
        ["uid"] = $"{Key}-deadline@cartifflow",
        ["summary"] = summary,
        ["description"] = $"{Title}. Deadline of written procedure {Key}; respond before it.",
        ["start"] = Deadline.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["durationMinutes"] = 30,
    };
}
