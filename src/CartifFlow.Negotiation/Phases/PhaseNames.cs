using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Phases;

/// <summary>
/// The names of every phase the negotiation may be in: the states of <c>negotiation.yaml</c> (<see cref="NegotiationPhases"/>)
/// and the phases of the roadmaps loaded after 2026 (<see cref="RoadmapPhase"/>, data: their names come from the file,
/// in English and, when the file gives it, in Russian). Read once per request or step; pages, the API, e-mails and
/// reports name a phase through it, so a loaded phase is named alike everywhere.
/// </summary>
public sealed class PhaseNames
{
    private readonly Dictionary<string, RoadmapPhase> _loaded;

    private PhaseNames(IEnumerable<RoadmapPhase> loaded) =>
        _loaded = loaded.ToDictionary(p => p.Code, StringComparer.Ordinal);

    /// <summary>The names of the 2026 phases only (no roadmap loaded).</summary>
    public static PhaseNames Seeded { get; } = new([]);

    /// <summary>Reads the loaded roadmaps' phases (a handful of rows).</summary>
    public static async Task<PhaseNames> ReadAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The step's own unit of work may have added phases (the load itself): those count too.
        var stored = await db.Set<RoadmapPhase>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PhaseNames(stored.Concat(db.Set<RoadmapPhase>().Local).DistinctBy(p => p.Code));
    }

    /// <summary>The phases of the loaded roadmaps, in order.</summary>
    public IReadOnlyList<RoadmapPhase> Loaded => [.. _loaded.Values.OrderBy(p => p.StartsOn).ThenBy(p => p.Order)];

    /// <summary>The phase's name in English (the code when unknown).</summary>
    public string Name(string code) => _loaded.TryGetValue(code, out var p) ? p.Title : NegotiationPhases.Name(code);

    /// <summary>The phase's name in Russian (the English name when the roadmap file gave none; the code when unknown).</summary>
    public string NameRu(string code) => _loaded.TryGetValue(code, out var p) ? p.TitleRu : NegotiationPhases.NameRu(code);

    /// <summary>The phase's name in <paramref name="language"/> (<c>ru</c>, else English).</summary>
    public string In(string code, string? language) => language == "ru" ? NameRu(code) : Name(code);

    /// <summary>A phase as templates show it: <c>{ code, name, nameRu }</c>.</summary>
    public JsonObject Model(string code) => new()
    {
        ["code"] = code,
        ["name"] = Name(code),
        ["nameRu"] = NameRu(code),
    };
}
