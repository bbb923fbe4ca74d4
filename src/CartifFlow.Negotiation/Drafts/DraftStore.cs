using System.Security.Cryptography;
using System.Text;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>A revision's particulars, without its text (lists and headings read these).</summary>
/// <param name="Revision">Its number in the area.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="SourceReference">What it came from (a round, a procedure, the revision an edit started from).</param>
/// <param name="Document">The document it came from.</param>
/// <param name="Note">Its note.</param>
/// <param name="MadeBy">Who made it.</param>
/// <param name="At">When.</param>
/// <param name="CirculatedAt">When it was circulated, if it was.</param>
/// <param name="Structured">True when it carries the structured text (false for a round's prose-only revision).</param>
/// <param name="ContentHash">SHA-256 of its canonical JSON.</param>
public sealed record DraftRevisionInfo(
    int Revision,
    RevisionSource Source,
    string? SourceReference,
    string Document,
    string? Note,
    string? MadeBy,
    DateTimeOffset At,
    DateTimeOffset? CirculatedAt,
    bool Structured,
    string? ContentHash);

/// <summary>Reads drafts through the caller's unit of work (a step's, so that it sees rows the step has added).</summary>
public static class DraftStore
{
    /// <summary>Every revision of an area, oldest first, without texts.</summary>
    public static async Task<IReadOnlyList<DraftRevisionInfo>> RevisionsAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<DraftRevision>().AsNoTracking().Where(d => d.AreaCode == area).OrderBy(d => d.Revision)
            .Select(d => new DraftRevisionInfo(d.Revision, d.Source, d.SourceReference, d.Document, d.Summary, d.MadeBy, d.At, d.CirculatedAt, d.Content != null, d.ContentHash))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every revision of every area, without texts, by area.</summary>
    public static async Task<ILookup<string, DraftRevisionInfo>> AllRevisionsAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<DraftRevision>().AsNoTracking().OrderBy(d => d.Revision)
            .Select(d => new { d.AreaCode, Info = new DraftRevisionInfo(d.Revision, d.Source, d.SourceReference, d.Document, d.Summary, d.MadeBy, d.At, d.CirculatedAt, d.Content != null, d.ContentHash) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToLookup(r => r.AreaCode, r => r.Info, StringComparer.Ordinal);
    }

    /// <summary>One revision's row (tracked when the context tracks), rows the step added included; null when there is none.</summary>
    public static async Task<DraftRevision?> RowAsync(DbContext db, string area, int revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<DraftRevision>().Local.FirstOrDefault(d => d.AreaCode == area && d.Revision == revision)
            ?? await db.Set<DraftRevision>().FirstOrDefaultAsync(d => d.AreaCode == area && d.Revision == revision, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest revision's number in the area (0 when it has none), rows the step added included.</summary>
    public static async Task<int> LatestNumberAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.Set<DraftRevision>().Where(d => d.AreaCode == area).MaxAsync(d => (int?)d.Revision, cancellationToken).ConfigureAwait(false) ?? 0;
        var added = db.Set<DraftRevision>().Local.Where(d => d.AreaCode == area).Select(d => d.Revision).DefaultIfEmpty(0).Max();
        return Math.Max(stored, added);
    }

    /// <summary>The newest revision that carries the structured text, or null.</summary>
    public static async Task<DraftRevision?> LatestStructuredAsync(DbContext db, string area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var added = db.Set<DraftRevision>().Local.Where(d => d.AreaCode == area && d.Content != null).MaxBy(d => d.Revision);
        return added ?? await db.Set<DraftRevision>().AsNoTracking().Where(d => d.AreaCode == area && d.Content != null)
            .OrderByDescending(d => d.Revision).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SHA-256 of a canonical JSON text, lower-case hex.</summary>
    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}

/// <summary>What a person may do with an area's draft.</summary>
public enum DraftAccess
{
    /// <summary>Nothing: the area is not theirs (403).</summary>
    None,

    /// <summary>Read circulated revisions (an observer).</summary>
    Circulated,

    /// <summary>Read every revision (a member party's focal point, chief negotiator, and its people in the area).</summary>
    All,

    /// <summary>Read and change everything (the Secretariat).</summary>
    Edit,
}

/// <summary>The member and observer parties of an area that has a working group.</summary>
/// <param name="Members">The member parties' codes.</param>
/// <param name="Observers">The observer parties' codes.</param>
public sealed record DraftAreaParties(IReadOnlySet<string> Members, IReadOnlySet<string> Observers);

/// <summary>
/// Which parties take part in each area's draft, where a working group says so: answered by the working groups'
/// feature, so that the drafts' rule of who reads what (<see cref="DraftReaders"/>) does not use the working groups'
/// namespace, which prepares its rounds from the drafts.
/// </summary>
public interface IDraftAreaParties
{
    /// <summary>The member and observer parties by area code, for every area with a working group, read through <paramref name="db"/>.</summary>
    Task<IReadOnlyDictionary<string, DraftAreaParties>> ByAreaAsync(DbContext db, CancellationToken cancellationToken);
}

/// <summary>
/// Who reads an area's draft, decided once for the API, the pages and the steps. The Secretariat reads and edits
/// everything. A working group's member parties read every revision of their area: their focal point, their chief
/// negotiator, and their lead negotiators and technical experts of that area. The group's observers (every person of
/// an observer party) read circulated revisions only. The Framework Agreement, and a protocol whose working group is
/// not yet proposed, are negotiated by all: every negotiating party is a member and every observer party observes.
/// </summary>
public sealed class DraftReaders
{
    private readonly Dictionary<string, (IReadOnlySet<string> Members, IReadOnlySet<string> Observers)> _groups;
    private readonly IReadOnlySet<string> _negotiating;
    private readonly IReadOnlySet<string> _observing;
    private readonly bool _secretariat;
    private readonly string? _party;
    private readonly bool _delegation;
    private readonly IReadOnlySet<string> _areasOfPerson;

    private DraftReaders(
        Dictionary<string, (IReadOnlySet<string>, IReadOnlySet<string>)> groups,
        IReadOnlySet<string> negotiating,
        IReadOnlySet<string> observing,
        bool secretariat,
        string? party,
        bool delegation,
        IReadOnlySet<string> areasOfPerson)
    {
        _groups = groups;
        _negotiating = negotiating;
        _observing = observing;
        _secretariat = secretariat;
        _party = party;
        _delegation = delegation;
        _areasOfPerson = areasOfPerson;
    }

    /// <summary>The person's party, if any.</summary>
    public string? Party => _party;

    /// <summary>True for the Secretariat.</summary>
    public bool IsSecretariat => _secretariat;

    /// <summary>
    /// What the person <paramref name="personId"/> may do with drafts, as the registry and the working groups
    /// (<paramref name="areaParties"/>) stand at <paramref name="at"/>.
    /// </summary>
    public static async Task<DraftReaders> ForAsync(DbContext db, IDraftAreaParties areaParties, string? personId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(areaParties);
        var person = personId is null ? null : await ParticipantDirectory.PersonAsync(db, personId, cancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken).ConfigureAwait(false);
        var byArea = new Dictionary<string, (IReadOnlySet<string>, IReadOnlySet<string>)>(StringComparer.Ordinal);
        foreach (var (area, group) in await areaParties.ByAreaAsync(db, cancellationToken).ConfigureAwait(false))
        {
            byArea[area] = (group.Members, group.Observers);
        }

        var roles = person?.Roles ?? [];
        return new DraftReaders(
            byArea,
            parties.Where(p => p.StatusAt(at) == PartyStatus.Negotiating).Select(p => p.Code).ToHashSet(StringComparer.Ordinal),
            parties.Where(p => p.StatusAt(at) == PartyStatus.Observer).Select(p => p.Code).ToHashSet(StringComparer.Ordinal),
            roles.Any(r => r.Role == NegotiationRoles.Secretariat),
            person?.PartyCode,
            roles.Any(r => r.Role is NegotiationRoles.FocalPoint or NegotiationRoles.ChiefNegotiator),
            roles.Where(r => r.AreaCode is not null && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert).Select(r => r.AreaCode!).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The member and observer parties of an area's draft.</summary>
    public (IReadOnlySet<string> Members, IReadOnlySet<string> Observers) PartiesOf(string area) =>
        area != DraftAreas.FrameworkAgreement && _groups.TryGetValue(area, out var group) ? group : (_negotiating, _observing);

    /// <summary>What the person may do with the area's draft.</summary>
    public DraftAccess Access(string area)
    {
        if (_secretariat)
        {
            return DraftAccess.Edit;
        }

        if (_party is null)
        {
            return DraftAccess.None;
        }

        var (members, observers) = PartiesOf(area);
        if (members.Contains(_party))
        {
            return _delegation || _areasOfPerson.Contains(area) ? DraftAccess.All : DraftAccess.None;
        }

        return observers.Contains(_party) ? DraftAccess.Circulated : DraftAccess.None;
    }

    /// <summary>True when the person may read this revision of the area.</summary>
    public bool MayRead(string area, bool circulated) => Access(area) switch
    {
        DraftAccess.Edit or DraftAccess.All => true,
        DraftAccess.Circulated => circulated,
        _ => false,
    };

    /// <summary>True when the person may keep private notes on the area's provisions (a party's people who read it).</summary>
    public bool MayKeepNotes(string area) => !_secretariat && _party is not null && Access(area) != DraftAccess.None;
}

/// <summary>The areas drafts know by code.</summary>
public static class DraftAreas
{
    /// <summary>The Framework Agreement: negotiated centrally, by every negotiating party, without a working group.</summary>
    public const string FrameworkAgreement = "FA";
}
