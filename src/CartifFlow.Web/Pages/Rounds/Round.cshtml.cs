using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.WorkingGroups;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Rounds;

/// <summary>
/// A text-based round at <c>/rounds/{key}</c>, for the Secretariat and the group's member and observer parties: the
/// revision, the deadline in the reader's time zone, who has not sent anything yet; a member party sends its comments,
/// proposal or no comments (<c>comment</c>), and sees its own contributions; the Secretariat sees every contribution
/// and, after the deadline, records the consolidated revision (<c>consolidate</c>). On a structured revision a
/// contribution targets a provision (a comment, a proposal, support for an option, withdrawal of the party's own
/// option) and may change one of the party's earlier contributions; the Secretariat consolidates on
/// <c>/rounds/{key}/consolidation</c>. While the round takes comments the Secretariat may extend its deadline
/// (<c>extend</c>, as <c>POST /api/rounds/{key}/extension</c>); the page shows the deadline's review with the member
/// parties' calendars.
/// </summary>
[OffersTrigger(NegotiationWorkflows.TextRound, "comment")]
[OffersTrigger(NegotiationWorkflows.TextRound, "consolidate")]
[OffersTrigger(NegotiationWorkflows.TextRound, "extend")]
public sealed class RoundModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    public static readonly string[] Kinds = ["comments", "proposal", "no-comments"];

    public static readonly string[] StructuredKinds = ["comments", "proposal", "support", "withdrawal", "no-comments"];

    public static readonly string[] ProposalKinds = ["new-option", "replacement", "insertion", "deletion"];

    private static readonly string[] Fields = ["kind", "text", "provision", "target", "targetEnd", "proposal", "bracket", "option", "replaces", "basedOn"];

    /// <summary>The round's record when its revision is a structured text (provisions, brackets, contributions by number).</summary>
    public RoundRecord? Record { get; private set; }

    /// <summary>The revision's provisions, for the target lists.</summary>
    public IReadOnlyList<DraftProvision> Provisions => Record is null ? [] : DraftProvisions.All(Record.Revision);

    /// <summary>Every bracket of the revision with its provision's label and its options in the convention.</summary>
    public IEnumerable<(string Id, string Label)> Brackets => Record is null ? [] :
        DraftProvisions.All(Record.Revision).Where(p => p.Paragraph is not null).SelectMany(p => DraftProvisions.Brackets(p.Paragraph!.Content)
            .Select(b => (b.Id, $"{p.Label}: {string.Join(" / ", b.Options.Select((o, i) => $"{i + 1}. {DraftProvisions.Render(o.Content)}{Attribution(o)}"))}")));

    /// <summary>The reader's party's own contributions (latest versions), which it may change until the deadline.</summary>
    public IEnumerable<RoundComment> Own => Record is null || Party is null ? [] : Record.Latest.Where(c => c.PartyCode == Party);

    private static string Attribution(BracketOption o) => o.ProposedBy.Count + o.SupportedBy.Count == 0 ? "" :
        $" ({string.Join(", ", o.ProposedBy)}{(o.SupportedBy.Count > 0 ? (o.ProposedBy.Count > 0 ? "; " : "") + "supported by " + string.Join(", ", o.SupportedBy) : "")})";

    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public RoundView? Round { get; private set; }

    public WorkingGroupView? Group { get; private set; }

    /// <summary>Whether the group's terms of reference let observer parties comment (comments only).</summary>
    private bool ObserversMayComment { get; set; }

    /// <summary>
    /// Whether the reader is offered the contribution form: the engine lets them comment, and their party is a member,
    /// or an observer whose group's terms of reference allow observers' comments (the step checks the same).
    /// </summary>
    public bool MayContribute => May(Instance, "comment") && Party is { } party && Group is { } group
        && (group.Members.Contains(party) || (group.Observers.Contains(party) && ObserversMayComment));

    public InstanceView? Instance { get; private set; }

    public bool Secretariat => User.IsInRole(NegotiationRoles.Secretariat);

    /// <summary>
    /// The contributions the reader may see (<see cref="RoundVisibility"/>, applied by the round's view): all for the
    /// Secretariat, and for the member parties once the deadline has passed; their own party's otherwise.
    /// </summary>
    public IEnumerable<CommentView> Visible => Round!.Comments;

    /// <summary>
    /// What the page says instead of an empty table of contributions, by what the reader sees (<see cref="RoundView.Sees"/>):
    /// a party's reader while the round is open sees only its own party's, and how many parties contributed.
    /// </summary>
    public string NoContributions => (Round!.Sees, Round.State == "Commenting") switch
    {
        ("own-party", true) => T("round.contributions.own-none-open", Round.Contributed),
        ("own-party", false) => T("round.contributions.own-none-closed", Round.Contributed),
        ("none", _) => T("round.contributions.observer-none", Round.Contributed),
        (_, true) => T("round.contributions.none-open"),
        _ => T("round.contributions.none-closed"),
    };

    /// <summary>The reader's party's name in the reader's language (its code when the registry has no such party).</summary>
    public string PartyName { get; private set; } = "";

    /// <summary>Whether the reader sees the round's record (every party's contributions and the provenance table).</summary>
    public bool SeesRecord => Round!.Sees == "all";

    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Provision { get; set; }
    [BindProperty] public string? Document { get; set; }
    [BindProperty, FormField("consolidate-text")] public string? ConsolidatedText { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public string? TargetEnd { get; set; }
    [BindProperty] public string? Proposal { get; set; }
    [BindProperty] public string? Bracket { get; set; }
    [BindProperty] public int? Option { get; set; }
    [BindProperty] public int? Replaces { get; set; }
    [BindProperty] public string? ExtendDeadline { get; set; }
    [BindProperty] public string? ExtendReason { get; set; }
    [BindProperty] public bool ExtendUrgent { get; set; }
    [BindProperty] public string? ExtendUrgentReason { get; set; }

    /// <summary>The minimum of working days every member party must have until a round's deadline.</summary>
    public int Minimum => Options.Value.RoundMinimumWorkingDays;

    private string Here => $"/rounds/{Uri.EscapeDataString(Key)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var payload = Record is null
            ? new JsonObject { ["kind"] = Blank(Kind), ["text"] = Blank(Text), ["provision"] = Blank(Provision) }
            : new JsonObject
            {
                ["kind"] = Blank(Kind), ["text"] = Blank(Text), ["target"] = Blank(Target), ["targetEnd"] = Blank(TargetEnd),
                ["proposal"] = Kind == "proposal" ? Blank(Proposal) : null, ["bracket"] = Blank(Bracket), ["option"] = Option,
                ["replaces"] = Replaces, ["basedOn"] = Round!.Revision,
            };
        var refusal = await FireAsync(Instance!, "comment", payload, "comment", Fields, cancellationToken);
        return After(refusal, Here, "comment");
    }

    public async Task<IActionResult> OnPostConsolidateAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "consolidate", new JsonObject { ["document"] = Blank(Document), ["text"] = Blank(ConsolidatedText), ["summary"] = Blank(Summary) }, "consolidate", ["document", "text", "summary"], cancellationToken);
        return After(refusal, Here, "consolidate");
    }

    public async Task<IActionResult> OnPostExtendAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        // Only the Secretariat extends (the engine checks it again): a member's form is refused before its fields are read.
        if (!Secretariat)
        {
            return Forbid();
        }

        var deadline = Instant(ExtendDeadline, Seat, "extend", "deadline");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "extend", new JsonObject { ["deadline"] = deadline, ["reason"] = Blank(ExtendReason), ["urgent"] = ExtendUrgent, ["urgentReason"] = Blank(ExtendUrgentReason) }, "extend", ["deadline", "reason", "urgentReason"], cancellationToken);
        return After(refusal, Here, "extend");
    }

    /// <summary>Null when the reader may see the round; else 404 or 403.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var r = Api(cancellationToken);
        Round = await WorkingGroupsApi.RoundViewAsync(r, Key);
        if (Round is null)
        {
            return NotFound();
        }

        Group = await WorkingGroupsApi.ViewAsync(r, Round.Area);
        if (!Secretariat && (Party is null || Group is null || !(Group.Members.Contains(Party) || Group.Observers.Contains(Party))))
        {
            return Forbid();
        }

        await using (var db = Factory.Create())
        {
            Record = await RoundRecords.ForRoundAsync(db, Round.InstanceId, Round.Area, Round.Revision, cancellationToken);
            ObserversMayComment = await db.Set<CartifFlow.Negotiation.WorkingGroups.WorkingGroup>().AsNoTracking()
                .Where(g => g.AreaCode == Round.Area).Select(g => g.ObserversMayComment).FirstOrDefaultAsync(cancellationToken);
            if (Party is { } code)
            {
                var party = await db.Set<Party>().AsNoTracking().Where(p => p.Code == code).Select(p => new { p.Name, p.NameRu }).FirstOrDefaultAsync(cancellationToken);
                PartyName = party is null ? code : Lang == "ru" ? party.NameRu : party.Name;
            }
        }

        Instance = await Engine.GetInstanceAsync(Round.InstanceId, cancellationToken);
        await PermittedAsync(Instance, cancellationToken);
        return null;
    }
}
