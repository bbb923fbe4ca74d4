namespace CartifFlow.Negotiation.Calendars;

/// <summary>A party's working week and the time zone its calendar is read in (its capital's).</summary>
public sealed class PartyCalendar
{
    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The capital's time zone (IANA), e.g. <c>Asia/Almaty</c>.</summary>
    public required string TimeZone { get; set; }

    /// <summary>The days of rest, comma-separated English day names (<c>saturday,sunday</c>).</summary>
    public required string Weekend { get; set; }
}

/// <summary>A public holiday of a party (two on one date are two rows).</summary>
public sealed class PartyHoliday
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The date (the whole day, in the party's calendar).</summary>
    public DateOnly Date { get; set; }

    /// <summary>Name in English.</summary>
    public required string Name { get; set; }

    /// <summary>Name in Russian.</summary>
    public required string NameRu { get; set; }

    /// <summary>True while the date depends on the sighting of the moon or is not yet announced.</summary>
    public bool Expected { get; set; }
}

/// <summary>A change the Secretariat made to a party's holidays (append-only: who, when, what).</summary>
public sealed class PartyHolidayChange
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The party.</summary>
    public required string PartyCode { get; set; }

    /// <summary>The holiday's date.</summary>
    public DateOnly Date { get; set; }

    /// <summary><c>added</c> or <c>removed</c>.</summary>
    public required string Change { get; set; }

    /// <summary>The holiday's name.</summary>
    public required string Name { get; set; }

    /// <summary>Who made the change.</summary>
    public required string PersonId { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A deadline the Secretariat marked urgent for a child workflow a step starts (a stage transition proposed on the
/// negotiation, a round opened on a working group): written by the parent's step, read by the child's review in the
/// same transaction, and kept as the record of who marked it and why.
/// </summary>
public sealed class UrgentDeadline
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The child's workflow (<c>stage-transition</c>, <c>text-round</c>).</summary>
    public required string Workflow { get; set; }

    /// <summary>The child's key.</summary>
    public required string CorrelationKey { get; set; }

    /// <summary>Why the deadline cannot give the usual time.</summary>
    public required string Reason { get; set; }

    /// <summary>Who marked it.</summary>
    public required string MarkedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset MarkedAt { get; set; }
}
