using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>Where a provision stands in a written procedure launched on it.</summary>
public enum ProvisionProcedureState
{
    /// <summary>The procedure runs: the provision is under written procedure.</summary>
    Running,

    /// <summary>The procedure adopted the proposed wording.</summary>
    Adopted,

    /// <summary>The procedure was objected to (or closed without consent): referred to the working group.</summary>
    Referred,

    /// <summary>The procedure was withdrawn: the provision is back where it was.</summary>
    Withdrawn,
}

/// <summary>
/// A provision (a paragraph, by stable id) under a written procedure launched from the draft, with the wording proposed
/// as final. One row per provision per procedure; the provision's status overlay is read from these rows
/// (<see cref="ProvisionProcedures.OverlayAsync"/>).
/// </summary>
public sealed class ProcedureProvision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The procedure's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The procedure's key (WP-2026-004).</summary>
    public required string ProcedureKey { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The paragraph's stable id.</summary>
    public required string ProvisionId { get; set; }

    /// <summary>Its label when the procedure was launched ("Article 5, paragraph 2").</summary>
    public required string Label { get; set; }

    /// <summary>Its position in the procedure (0, 1, …).</summary>
    public int Position { get; set; }

    /// <summary>The revision the procedure was launched on.</summary>
    public int BasedOnRevision { get; set; }

    /// <summary>The wording proposed as final, in the import convention (no brackets).</summary>
    public required string Wording { get; set; }

    /// <summary>Where it stands.</summary>
    public ProvisionProcedureState State { get; set; }

    /// <summary>
    /// <c>AREA/provision</c> while the procedure runs, null after: unique, so that two procedures cannot run on one
    /// provision even when launched at the same instant (NULLs do not collide on SQLite or PostgreSQL).
    /// </summary>
    public string? RunningKey { get; set; }

    /// <summary>The revision the adoption produced, if it did.</summary>
    public int? Revision { get; set; }

    /// <summary>When launched.</summary>
    public DateTimeOffset LaunchedAt { get; set; }

    /// <summary>When the procedure closed on it.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>The value of <see cref="RunningKey"/> for a provision.</summary>
    public static string Running(string area, string provisionId) => $"{area}/{provisionId}";
}

/// <summary>
/// A provision referred to the working group by a written procedure that was not adopted: one per objecting party (or
/// one without a party when the procedure closed without consent), with the objection's reason and proposed wording.
/// The wording becomes a proposal in the area's next text round, which marks the referral carried.
/// </summary>
public sealed class ProvisionReferral
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiating area.</summary>
    public required string AreaCode { get; set; }

    /// <summary>The paragraph's stable id.</summary>
    public required string ProvisionId { get; set; }

    /// <summary>Its label when referred.</summary>
    public required string Label { get; set; }

    /// <summary>The procedure's key.</summary>
    public required string ProcedureKey { get; set; }

    /// <summary>The objecting party; null when the procedure closed without consent and without objection.</summary>
    public string? PartyCode { get; set; }

    /// <summary>The objection's reason (or the closure's).</summary>
    public required string Reason { get; set; }

    /// <summary>The wording the objection proposed, if any.</summary>
    public string? ProposedWording { get; set; }

    /// <summary>When referred.</summary>
    public DateTimeOffset ReferredAt { get; set; }

    /// <summary>True once a text round has taken it up as a proposal.</summary>
    public bool Carried { get; set; }

    /// <summary>What took it up (the round's key).</summary>
    public string? CarriedInto { get; set; }

    /// <summary>When it was taken up.</summary>
    public DateTimeOffset? CarriedAt { get; set; }
}

/// <summary>Reads procedures on provisions and referrals through the caller's unit of work (a step's, or a page's).</summary>
public static class ProvisionProcedures
{
    /// <summary>
    /// The status overlay of an area's provisions (stable id → status) from the written procedures launched on them,
    /// for <see cref="ProvisionStatuses.Derive"/>: the latest procedure on a provision that was not withdrawn decides
    /// (so a withdrawal gives the provision back the status it had); running → under written procedure; adopted →
    /// adopted by written procedure while the paragraph has no open bracket again; referred → referred to the working
    /// group until every referral of that procedure on it has been carried into a round.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ProvisionStatus>> OverlayAsync(DbContext db, string area, DraftText? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<ProcedureProvision>().AsNoTracking().Where(p => p.AreaCode == area && p.State != ProvisionProcedureState.Withdrawn)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new Dictionary<string, ProvisionStatus>(StringComparer.Ordinal);
        }

        var pending = (await db.Set<ProvisionReferral>().AsNoTracking().Where(r => r.AreaCode == area && !r.Carried)
            .Select(r => new { r.ProvisionId, r.ProcedureKey }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => (r.ProvisionId, r.ProcedureKey)).ToHashSet();
        return Overlay(rows.Select(r => (r.ProvisionId, r.ProcedureKey, r.LaunchedAt, r.Id, r.State)), pending, text);
    }

    /// <summary>
    /// The status overlay as it stood at the instant <paramref name="at"/> (see <see cref="OverlayAsync"/>), from an
    /// area's rows: a procedure launched after it does not count, one settled after it was still running, a referral
    /// made after it or carried before it is not pending. For the convergence of past revisions.
    /// </summary>
    public static IReadOnlyDictionary<string, ProvisionStatus> OverlayAt(
        IEnumerable<ProcedureProvision> provisions, IEnumerable<ProvisionReferral> referrals, DraftText? text, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(provisions);
        ArgumentNullException.ThrowIfNull(referrals);
        var rows = provisions.Where(p => p.LaunchedAt <= at)
            .Select(p => (p.ProvisionId, p.ProcedureKey, p.LaunchedAt, p.Id, State: p.SettledAt is { } settled && settled <= at ? p.State : ProvisionProcedureState.Running))
            .Where(p => p.State != ProvisionProcedureState.Withdrawn);
        var pending = referrals.Where(r => r.ReferredAt <= at && !(r.Carried && r.CarriedAt is { } carried && carried <= at))
            .Select(r => (r.ProvisionId, r.ProcedureKey)).ToHashSet();
        return Overlay(rows, pending, text);
    }

    private static Dictionary<string, ProvisionStatus> Overlay(
        IEnumerable<(string ProvisionId, string ProcedureKey, DateTimeOffset LaunchedAt, long Id, ProvisionProcedureState State)> rows,
        HashSet<(string ProvisionId, string ProcedureKey)> pending, DraftText? text)
    {
        var overlay = new Dictionary<string, ProvisionStatus>(StringComparer.Ordinal);
        foreach (var latest in rows.GroupBy(r => r.ProvisionId, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.LaunchedAt).ThenBy(r => r.Id).Last()))
        {
            ProvisionStatus? status = latest.State switch
            {
                ProvisionProcedureState.Running => ProvisionStatus.UnderWrittenProcedure,
                ProvisionProcedureState.Adopted when text is null || !Bracketed(text, latest.ProvisionId) => ProvisionStatus.AdoptedByWrittenProcedure,
                ProvisionProcedureState.Referred when pending.Contains((latest.ProvisionId, latest.ProcedureKey)) => ProvisionStatus.ReferredToWorkingGroup,
                _ => null,
            };
            if (status is { } s)
            {
                overlay[latest.ProvisionId] = s;
            }
        }

        return overlay;
    }

    /// <summary>The provisions of an area under a running written procedure, by stable id, with the procedure's key.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunningAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Set<ProcedureProvision>().AsNoTracking().Where(p => p.AreaCode == area && p.State == ProvisionProcedureState.Running)
            .Select(p => new { p.ProvisionId, p.ProcedureKey }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var added = db.Set<ProcedureProvision>().Local.Where(p => p.AreaCode == area && p.State == ProvisionProcedureState.Running)
            .Select(p => new { p.ProvisionId, p.ProcedureKey });
        return stored.Concat(added).GroupBy(p => p.ProvisionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ProcedureKey, StringComparer.Ordinal);
    }

    /// <summary>The provisions of a procedure, in the order it names them.</summary>
    public static async Task<IReadOnlyList<ProcedureProvision>> OfProcedureAsync(DbContext db, Guid instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<ProcedureProvision>().AsNoTracking().Where(p => p.InstanceId == instanceId).OrderBy(p => p.Position)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The referrals of an area not yet carried into a round, oldest first: what the next text round takes up as
    /// proposals (each with its party, reason and wording).
    /// </summary>
    public static async Task<IReadOnlyList<ProvisionReferral>> PendingReferralsAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<ProvisionReferral>().AsNoTracking().Where(r => r.AreaCode == area && !r.Carried).OrderBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks referrals carried into a round (<paramref name="into"/>: the round's key), in the caller's unit of work
    /// (the round's step): nothing is saved here. Referrals of another area or already carried are left alone;
    /// returns how many were marked.
    /// </summary>
    public static async Task<int> MarkCarriedAsync(DbContext db, string area, IEnumerable<long> referralIds, string into, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(referralIds);
        var ids = referralIds.ToList();
        var rows = await db.Set<ProvisionReferral>().Where(r => r.AreaCode == area && !r.Carried && ids.Contains(r.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            row.Carried = true;
            row.CarriedInto = into;
            row.CarriedAt = at;
        }

        return rows.Count;
    }

    private static bool Bracketed(DraftText text, string provisionId) =>
        DraftProvisions.Find(text, provisionId)?.Paragraph is { } paragraph && paragraph.Content.Any(s => s is Bracket);
}
