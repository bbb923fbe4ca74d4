namespace CartifFlow.Negotiation.Participants;

/// <summary>How a CAREC country stands in the CARTIF negotiation.</summary>
public enum PartyStatus
{
    /// <summary>Signed the Bishkek Declaration and takes part: receives circulations, answers, decides.</summary>
    Negotiating,
    /// <summary>Follows the negotiation (e.g. signature pending): receives information copies, does not answer.</summary>
    Observer,
    /// <summary>CAREC member not taking part.</summary>
    NotParticipating,
}

/// <summary>A CAREC country.</summary>
public sealed class Party
{
    /// <summary>Short code used throughout (PRC, GEO, KAZ, …).</summary>
    public required string Code { get; set; }

    /// <summary>Name in English.</summary>
    public required string Name { get; set; }

    /// <summary>Name in Russian.</summary>
    public required string NameRu { get; set; }

    /// <summary>The party's status changes, each with effect from a date; the latest in effect counts.</summary>
    public List<PartyStatusChange> StatusChanges { get; set; } = [];

    /// <summary>The status in effect at <paramref name="at"/> (NotParticipating before any change).</summary>
    public PartyStatus StatusAt(DateTimeOffset at) =>
        StatusChanges.Where(c => c.EffectiveFrom <= at).OrderBy(c => c.EffectiveFrom).LastOrDefault()?.Status ?? PartyStatus.NotParticipating;
}

/// <summary>A change of a party's status with effect from a date.</summary>
public sealed class PartyStatusChange
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The new status.</summary>
    public PartyStatus Status { get; set; }

    /// <summary>From when it applies.</summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>Why (e.g. "signed the Bishkek Declaration").</summary>
    public string? Note { get; set; }
}

/// <summary>A person taking part: a delegate of a party, Secretariat staff or an observer.</summary>
public sealed class Person
{
    /// <summary>Stable id (e.g. <c>fp-kaz</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Full name.</summary>
    public required string Name { get; set; }

    /// <summary>E-mail address.</summary>
    public required string Email { get; set; }

    /// <summary>The party the person acts for; none for Secretariat staff.</summary>
    public string? PartyCode { get; set; }

    /// <summary>Preferred language: <c>en</c> or <c>ru</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>IANA time zone the person reads deadlines in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Roles, with the negotiating area where a role is per area.</summary>
    public List<PersonRole> Roles { get; set; } = [];

    /// <summary>False once the person has left; kept for the record.</summary>
    public bool Active { get; set; } = true;

    /// <summary>
    /// True when the person chose a daily digest: their reminders and information copies come in one message each
    /// morning (08:00 in their time zone) instead of one by one; circulations, one-click actions, escalations and
    /// sign-in links still go at once.
    /// </summary>
    public bool Digest { get; set; }
}

/// <summary>A role a person holds, optionally for one negotiating area.</summary>
public sealed class PersonRole
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The person.</summary>
    public required string PersonId { get; set; }

    /// <summary>One of <see cref="NegotiationRoles"/>.</summary>
    public required string Role { get; set; }

    /// <summary>The negotiating area, for lead negotiators and technical experts.</summary>
    public string? AreaCode { get; set; }
}

/// <summary>What a negotiating area is.</summary>
public enum AreaKind
{
    /// <summary>The Framework Agreement.</summary>
    FrameworkAgreement,
    /// <summary>An initial protocol (mandatory for joining).</summary>
    InitialProtocol,
    /// <summary>An additional protocol (negotiated later by interested parties).</summary>
    AdditionalProtocol,
}

/// <summary>The Framework Agreement or a protocol.</summary>
public sealed class NegotiatingArea
{
    /// <summary>Short code (FA, TF, …).</summary>
    public required string Code { get; set; }

    /// <summary>Name in English.</summary>
    public required string Name { get; set; }

    /// <summary>Name in Russian.</summary>
    public required string NameRu { get; set; }

    /// <summary>Framework Agreement, initial or additional protocol.</summary>
    public AreaKind Kind { get; set; }

    /// <summary>True while the list is not agreed (the source documents do not list the protocols).</summary>
    public bool Provisional { get; set; }
}

/// <summary>A per-person API token; only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>Whose token.</summary>
    public required string PersonId { get; set; }

    /// <summary>Hex SHA-256 of the token.</summary>
    public required string Hash { get; set; }

    /// <summary>What it is for.</summary>
    public string? Label { get; set; }

    /// <summary>When issued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it stops working, if ever.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When revoked, if revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
