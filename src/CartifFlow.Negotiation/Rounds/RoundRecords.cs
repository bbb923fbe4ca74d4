using CartifFlow.Negotiation.Drafts;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>
/// A round's record on a structured revision: the contributions (every version), the decisions, the matrix of what
/// each party proposed on each provision, and, once consolidated, revision N+1's provenance table and the check that
/// consolidation added and dropped nothing no party proposed unless marked as the Secretariat's drafting.
/// </summary>
/// <param name="Revision">Revision N's text.</param>
/// <param name="Contributions">Every version of every contribution, in order of receipt.</param>
/// <param name="Decisions">Every decision and drafting, in order.</param>
/// <param name="Matrix">The WTO chairs' matrix of the latest contributions.</param>
/// <param name="Consolidated">Revision N+1's number, once consolidated.</param>
/// <param name="Provenance">Its provenance table.</param>
/// <param name="Unexplained">What the check found (empty: nothing added or dropped without a proposal or drafting).</param>
public sealed record RoundRecord(
    DraftText Revision, IReadOnlyList<RoundComment> Contributions, IReadOnlyList<ConsolidationDecision> Decisions,
    IReadOnlyList<RoundMatrixRow> Matrix, int? Consolidated, ProvenanceTable? Provenance, IReadOnlyList<string> Unexplained)
{
    /// <summary>The latest version of each contribution.</summary>
    public IReadOnlyList<RoundComment> Latest => Consolidation.Latest(Contributions);

    /// <summary>The latest decision on each contribution.</summary>
    public IReadOnlyDictionary<int, ConsolidationDecision> LatestDecisions => Consolidation.LatestDecisions(Decisions);

    /// <summary>The proposals still without a decision.</summary>
    public IReadOnlyList<RoundComment> Undecided => Consolidation.Undecided(Contributions, Decisions);
}

/// <summary>Reads rounds' records and revisions' provenance for the API and the pages.</summary>
public static class RoundRecords
{
    /// <summary>The provenance table stored with a revision, or null (not made by a round's consolidation of a structured text).</summary>
    public static ProvenanceTable? Provenance(DraftRevision row) =>
        row?.Provenance is { } json ? ConsolidationSteps.Deserialize(json) : null;

    /// <summary>The record of the round <paramref name="roundInstanceId"/> on revision <paramref name="revision"/> of the area, or null when that revision is not structured.</summary>
    public static async Task<RoundRecord?> ForRoundAsync(DbContext db, Guid roundInstanceId, string area, int revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await DraftStore.RowAsync(db, area, revision, cancellationToken).ConfigureAwait(false);
        if (row?.Content is null)
        {
            return null;
        }

        var text = DraftJson.Deserialize(row.Content);
        var contributions = await db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == roundInstanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var decisions = await db.Set<ConsolidationDecision>().AsNoTracking().Where(d => d.RoundInstanceId == roundInstanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var next = await db.Set<DraftRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.FromRoundInstanceId == roundInstanceId, cancellationToken).ConfigureAwait(false);
        var provenance = next is null ? null : Provenance(next);
        var unexplained = provenance is null || next?.Content is null ? [] : Consolidation.Unexplained(text, DraftJson.Deserialize(next.Content), provenance);
        return new RoundRecord(
            text,
            [.. contributions.OrderBy(c => c.At).ThenBy(c => c.Id)],
            [.. decisions.OrderBy(d => d.At).ThenBy(d => d.Id)],
            Consolidation.Matrix(text, contributions),
            next?.Revision,
            provenance,
            unexplained);
    }
}
