using System.Security.Claims;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace CartifFlow.Web.Drafts;

/// <summary>One area's draft as a reader may see it: the revisions they may read, and what they may do.</summary>
/// <param name="Area">The area.</param>
/// <param name="Access">What the reader may do.</param>
/// <param name="Readers">Who reads drafts, for this reader.</param>
/// <param name="Revisions">The revisions the reader may read, oldest first.</param>
/// <param name="Instance">The draft's workflow instance, once there is one.</param>
public sealed record DraftShelf(NegotiatingArea Area, DraftAccess Access, DraftReaders Readers, IReadOnlyList<DraftRevisionInfo> Revisions, InstanceView? Instance)
{
    /// <summary>The newest readable revision with a structured text, or null.</summary>
    public DraftRevisionInfo? Current => Revisions.LastOrDefault(r => r.Structured);

    /// <summary>The readable revision with that number, or null.</summary>
    public DraftRevisionInfo? Revision(int n) => Revisions.FirstOrDefault(r => r.Revision == n);
}

/// <summary>An area's current structured revision as the pages show it: its text, its convergence and the chart.</summary>
/// <param name="Current">The newest readable structured revision.</param>
/// <param name="Text">Its text.</param>
/// <param name="Convergence">Its convergence.</param>
/// <param name="Chart">The SVG chart of convergence across the readable structured revisions.</param>
public sealed record DraftStanding(DraftRevisionInfo Current, DraftText Text, DraftConvergence Convergence, string Chart)
{
    /// <summary>The statuses the written procedures on its provisions give them (stable id → status).</summary>
    public IReadOnlyDictionary<string, ProvisionStatus> Overlay { get; init; } = new Dictionary<string, ProvisionStatus>();
}

/// <summary>
/// Reads drafts for the API and the pages with one rule of who sees what (<see cref="DraftReaders"/>). Texts and their
/// convergence are kept in memory by content hash: a revision never changes, so what was parsed once stays true.
/// </summary>
public sealed class DraftLibrary(ICartifFlowDbContextFactory factory, WorkflowEngine engine, TimeProvider time, Microsoft.Extensions.Options.IOptions<CartifFlow.Negotiation.NegotiationOptions> options, IDraftAreaParties areaParties) : IDisposable
{
    private readonly string seatTimeZone = options.Value.SeatTimeZone;

    // Its own cache, bounded: a parsed 100-page protocol weighs a few megabytes.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 1_000 });

    public void Dispose() => cache.Dispose();

    /// <summary>Who reads drafts, for the signed-in person.</summary>
    public async Task<DraftReaders> ReadersAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return await DraftReaders.ForAsync(db, areaParties, user.FindFirstValue(ClaimTypes.NameIdentifier), time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Every area with its draft as the person may see it; areas they may not read are left out.</summary>
    public async Task<IReadOnlyList<DraftShelf>> ShelvesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var readers = await DraftReaders.ForAsync(db, areaParties, user.FindFirstValue(ClaimTypes.NameIdentifier), time.GetUtcNow(), cancellationToken);
        var areas = await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(cancellationToken);
        var revisions = await DraftStore.AllRevisionsAsync(db, cancellationToken);
        var instances = (await engine.ListAsync(NegotiationWorkflows.Draft, cancellationToken)).ToDictionary(i => i.CorrelationKey, StringComparer.Ordinal);
        return [.. areas.OrderBy(a => a.Code == DraftAreas.FrameworkAgreement ? 0 : 1).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => Shelf(a, readers, revisions[a.Code], instances.GetValueOrDefault(a.Code)))
            .Where(s => s.Access != DraftAccess.None)];
    }

    /// <summary>One area's draft as the person may see it; null when there is no such area.</summary>
    public async Task<DraftShelf?> ShelfAsync(ClaimsPrincipal user, string area, CancellationToken cancellationToken)
    {
        area = area.ToUpperInvariant();
        await using var db = factory.Create();
        var row = await db.Set<NegotiatingArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == area, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var readers = await DraftReaders.ForAsync(db, areaParties, user.FindFirstValue(ClaimTypes.NameIdentifier), time.GetUtcNow(), cancellationToken);
        var revisions = await DraftStore.RevisionsAsync(db, area, cancellationToken);
        var instance = await engine.FindAsync(NegotiationWorkflows.Draft, area, cancellationToken);
        return Shelf(row, readers, revisions, instance);
    }

    private static DraftShelf Shelf(NegotiatingArea area, DraftReaders readers, IEnumerable<DraftRevisionInfo> revisions, InstanceView? instance)
    {
        var access = readers.Access(area.Code);
        return new DraftShelf(area, access, readers, [.. revisions.Where(r => readers.MayRead(area.Code, r.CirculatedAt is not null))], instance);
    }

    /// <summary>A readable revision's structured text (null for a prose-only revision).</summary>
    public async Task<DraftText?> TextAsync(string area, DraftRevisionInfo revision, CancellationToken cancellationToken)
    {
        if (revision.ContentHash is null)
        {
            return null;
        }

        if (cache.TryGetValue(("text", revision.ContentHash), out DraftText? text))
        {
            return text;
        }

        await using var db = factory.Create();
        var content = await db.Set<DraftRevision>().AsNoTracking().Where(d => d.AreaCode == area && d.Revision == revision.Revision).Select(d => d.Content).FirstAsync(cancellationToken);
        return Remember(revision.ContentHash, content!);
    }

    /// <summary>The canonical JSON of a readable revision (null for a prose-only revision).</summary>
    /// <summary>The provenance table of a revision made by a round's consolidation, or null.</summary>
    public async Task<CartifFlow.Negotiation.Rounds.ProvenanceTable?> ProvenanceAsync(string area, int revision, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var row = await DraftStore.RowAsync(db, area, revision, cancellationToken);
        return row is null ? null : CartifFlow.Negotiation.Rounds.RoundRecords.Provenance(row);
    }

    public async Task<string?> ContentAsync(string area, int revision, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return await db.Set<DraftRevision>().AsNoTracking().Where(d => d.AreaCode == area && d.Revision == revision).Select(d => d.Content).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A revision's convergence (statuses from the text).</summary>
    public DraftConvergence Convergence(DraftRevisionInfo revision, DraftText text) =>
        cache.GetOrCreate(("convergence", revision.ContentHash ?? string.Empty), e =>
        {
            e.Size = 1;
            return CartifFlow.Negotiation.Drafts.Convergence.Measure(text);
        })!;

    /// <summary>
    /// The status overlay of the area's provisions from the written procedures on them (under written procedure,
    /// adopted by written procedure, referred to the working group), for the current text.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ProvisionStatus>> OverlayAsync(string area, DraftText? text, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return await ProvisionProcedures.OverlayAsync(db, area, text, cancellationToken);
    }

    /// <summary>The provisions of the area under a running written procedure, with the procedure's key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UnderProcedureAsync(string area, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return await ProvisionProcedures.RunningAsync(db, area, cancellationToken);
    }

    /// <summary>The area's referrals: pending ones (not yet carried into a round), or all.</summary>
    public async Task<IReadOnlyList<ProvisionReferral>> ReferralsAsync(string area, bool all, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return all
            ? await db.Set<ProvisionReferral>().AsNoTracking().Where(r => r.AreaCode == area).OrderBy(r => r.Id).ToListAsync(cancellationToken)
            : await ProvisionProcedures.PendingReferralsAsync(db, area, cancellationToken);
    }

    /// <summary>A written procedure as the person may see it (the procedures' API view).</summary>
    internal async Task<CartifFlow.Web.WrittenProcedures.ProcedureView?> ProcedureViewAsync(string key, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await CartifFlow.Web.WrittenProcedures.WrittenProceduresApi.ViewAsync(engine, factory, key, user, seatTimeZone, cancellationToken);

    /// <summary>A revision's convergence with the procedures' statuses (measured afresh when there are any).</summary>
    public DraftConvergence Convergence(DraftRevisionInfo revision, DraftText text, IReadOnlyDictionary<string, ProvisionStatus> overlay) =>
        overlay.Count == 0 ? Convergence(revision, text) : CartifFlow.Negotiation.Drafts.Convergence.Measure(text, overlay);

    /// <summary>The totals of every readable structured revision, oldest first (for the chart).</summary>
    public async Task<IReadOnlyList<(int Revision, ConvergenceFigures Figures)>> HistoryAsync(DraftShelf shelf, CancellationToken cancellationToken)
    {
        var figures = new List<(int, ConvergenceFigures)>();
        foreach (var revision in shelf.Revisions.Where(r => r.Structured))
        {
            if (!cache.TryGetValue(("convergence", revision.ContentHash!), out DraftConvergence? convergence))
            {
                convergence = Convergence(revision, (await TextAsync(shelf.Area.Code, revision, cancellationToken))!);
            }

            figures.Add((revision.Revision, convergence!.Totals));
        }

        return figures;
    }

    /// <summary>The current structured revision's text, convergence and chart (in the language); null when there is none.</summary>
    public async Task<DraftStanding?> StandingAsync(DraftShelf shelf, string language, CancellationToken cancellationToken)
    {
        if (shelf.Current is not { } current)
        {
            return null;
        }

        var text = (await TextAsync(shelf.Area.Code, current, cancellationToken))!;
        var overlay = await OverlayAsync(shelf.Area.Code, text, cancellationToken);
        var convergence = Convergence(current, text, overlay);
        var history = await HistoryAsync(shelf, cancellationToken);
        return new DraftStanding(current, text, convergence, ConvergenceChart.Svg(history, language)) { Overlay = overlay };
    }

    /// <summary>Parses canonical JSON once per content.</summary>
    public DraftText Remember(string hash, string content) =>
        cache.GetOrCreate(("text", hash), e =>
        {
            // A 100-page protocol is a few megabytes parsed: the cache keeps a bounded number of texts.
            e.Size = 20;
            return DraftJson.Deserialize(content);
        })!;

    /// <summary>The party codes the importers accept: every party of the registry.</summary>
    public async Task<IReadOnlySet<string>> PartyCodesAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return (await db.Set<Party>().AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The party's private notes on the area's provisions, by provision id.</summary>
    public async Task<IReadOnlyDictionary<string, PrivateNote>> NotesAsync(string area, string party, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        return await db.Set<PrivateNote>().AsNoTracking().Where(n => n.AreaCode == area && n.PartyCode == party).ToDictionaryAsync(n => n.ProvisionId, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Writes (or, when empty, removes) the party's note on a provision. Not a step of the engine: see docs/drafts.md.</summary>
    public async Task<PrivateNote?> SaveNoteAsync(string area, string party, string provisionId, string? text, string personId, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var note = await db.Set<PrivateNote>().FirstOrDefaultAsync(n => n.AreaCode == area && n.PartyCode == party && n.ProvisionId == provisionId, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (note is not null)
            {
                db.Set<PrivateNote>().Remove(note);
                await db.SaveChangesAsync(cancellationToken);
            }

            return null;
        }

        if (note is null)
        {
            note = new PrivateNote { AreaCode = area, PartyCode = party, ProvisionId = provisionId, Text = text.Trim(), UpdatedBy = personId, UpdatedAt = time.GetUtcNow() };
            db.Set<PrivateNote>().Add(note);
        }
        else
        {
            note.Text = text.Trim();
            note.UpdatedBy = personId;
            note.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return note;
    }
}

/// <summary>Registers the drafts' services.</summary>
internal static class DraftServices
{
    public static IServiceCollection AddDrafts(this IServiceCollection services)
    {
        services.AddSingleton<DraftLibrary>();
        services.AddSingleton<DraftImports>();
        services.AddSingleton<DraftProcedures>();
        return services;
    }
}
