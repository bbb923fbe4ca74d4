using System.ComponentModel.DataAnnotations;

namespace CartifFlow.Negotiation;

/// <summary>Settings of the negotiation (section <c>CartifFlow:Negotiation</c>).</summary>
public sealed class NegotiationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "CartifFlow:Negotiation";

    /// <summary>The seat's default time zone: ADB headquarters.</summary>
    public const string DefaultSeatTimeZone = "Asia/Manila";

    /// <summary>The seat's time zone (IANA): deadlines are stated in it. Default <see cref="DefaultSeatTimeZone"/> (<c>Asia/Manila</c>).</summary>
    [Required]
    public string SeatTimeZone { get; set; } = DefaultSeatTimeZone;

    /// <summary>Participants seeded at first start, relative to the content root. Default <c>workflows/registry/participants.yaml</c>.</summary>
    [Required]
    public string ParticipantsSeedFile { get; set; } = "workflows/registry/participants.yaml";

    /// <summary>The roadmap seeded at first start, relative to the content root. Default <c>workflows/registry/roadmap.yaml</c>.</summary>
    [Required]
    public string RoadmapSeedFile { get; set; } = "workflows/registry/roadmap.yaml";

    /// <summary>Key of the negotiation's workflow instance (there is one). Default <c>CARTIF-2026</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9-]{1,50}$")]
    public string NegotiationKey { get; set; } = "CARTIF-2026";

    /// <summary>
    /// The fewest working days every taking-part party must have from a written procedure's circulation to its
    /// deadline (by each party's calendar); a shorter one is refused unless marked urgent with a reason. Default 10; 0
    /// for no minimum.
    /// </summary>
    [Range(0, 60)]
    public int MinimumWorkingDays { get; set; } = 10;

    /// <summary>
    /// The fewest working days every taking-part party must have from a stage transition's proposal (or its revision
    /// or extension) to the deadline for the Chief Negotiators' answers; shorter only when marked urgent with a reason.
    /// Default 5; 0 for no minimum.
    /// </summary>
    [Range(0, 60)]
    public int TransitionMinimumWorkingDays { get; set; } = 5;

    /// <summary>
    /// The fewest working days every member party of a working group must have from a text-based round's circulation
    /// to its deadline for comments; shorter only when marked urgent with a reason. Default 10; 0 for no minimum.
    /// </summary>
    [Range(0, 60)]
    public int RoundMinimumWorkingDays { get; set; } = 10;

    /// <summary>
    /// The fewest working days' notice every invited party must have from a meeting's invitation (or its rescheduling)
    /// to its start; shorter only when marked urgent with a reason. Default 5; 0 for no minimum.
    /// </summary>
    [Range(0, 60)]
    public int MeetingMinimumWorkingDays { get; set; } = 5;

    /// <summary>Prefix of generated procedure keys (<c>WP-2026-001</c>). Default <c>WP</c>.</summary>
    [Required, RegularExpression("^[A-Z][A-Z0-9]{0,9}$")]
    public string ProcedureKeyPrefix { get; set; } = "WP";
}
