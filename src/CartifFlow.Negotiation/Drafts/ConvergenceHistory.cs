using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>One area's convergence totals per structured revision, oldest first.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Revisions">Each structured revision's number and totals, oldest first.</param>
public sealed record AreaConvergence(string Area, IReadOnlyList<(int Revision, ConvergenceFigures Figures)> Revisions);

/// <summary>
/// Convergence across revisions read from the stored revisions (their canonical JSON), as the consolidated progress
/// report counts it when issued and its page draws it: every area with a structured revision made by then. Each
/// revision is measured as the draft's page measured it while it was the current one: with the statuses the written
/// procedures on its provisions gave them (under written procedure, adopted by written procedure, referred to the
/// working group; <see cref="ProvisionProcedures.OverlayAt"/>) just before the next revision was made, or at
/// <c>upTo</c> for the last.
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
        var procedures = (await db.Set<ProcedureProvision>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(p => p.AreaCode, StringComparer.Ordinal);
        var referrals = (await db.Set<ProvisionReferral>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(r => r.AreaCode, StringComparer.Ordinal);
        return [.. rows.Where(r => r.At <= upTo).GroupBy(r => r.AreaCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(r => r.Revision).ToList();
                return new AreaConvergence(g.Key, [.. ordered.Select((r, i) =>
                {
                    var text = DraftJson.Deserialize(r.Content!);
                    // The statuses as they stood while this revision was current: up to the instant before the next.
                    var at = i + 1 < ordered.Count ? ordered[i + 1].At.AddTicks(-1) : upTo;
                    var overlay = ProvisionProcedures.OverlayAt(procedures[g.Key], referrals[g.Key], text, at);
                    return (r.Revision, Convergence.Measure(text, overlay).Totals);
                })]);
            })];
    }
}
