using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>One area's convergence totals per structured revision, oldest first.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Revisions">Each structured revision's number and totals, oldest first.</param>
public sealed record AreaConvergence(string Area, IReadOnlyList<(int Revision, ConvergenceFigures Figures)> Revisions);

/// <summary>
/// Convergence across revisions read from the stored revisions (their canonical JSON), as the consolidated progress
/// report counts it when issued and its page draws it: every area with a structured revision made by then.
/// </summary>
public static class ConvergenceHistory
{
    /// <summary>Each area with a structured revision made at or before <paramref name="upTo"/>, by area code.</summary>
    public static async Task<IReadOnlyList<AreaConvergence>> ByAreaAsync(DbContext db, DateTimeOffset upTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // SQLite does not compare DateTimeOffset in queries: the instant is compared here.
        var rows = await db.Set<DraftRevision>().AsNoTracking().Where(d => d.Content != null)
            .Select(d => new { d.AreaCode, d.Revision, d.At, d.Content }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => r.At <= upTo).GroupBy(r => r.AreaCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AreaConvergence(g.Key, [.. g.OrderBy(r => r.Revision).Select(r => (r.Revision, Convergence.Measure(DraftJson.Deserialize(r.Content!)).Totals))]))];
    }
}
