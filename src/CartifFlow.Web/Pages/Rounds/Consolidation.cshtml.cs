using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.WorkingGroups;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using CartifFlow.Web.Authentication;

namespace CartifFlow.Web.Pages.Rounds;

/// <summary>
/// The Secretariat's consolidation of a round on a structured revision, at <c>/rounds/{key}/consolidation</c>: every
/// contribution by provision with a decision form for each (<c>decide</c>), the Secretariat's own drafting of a
/// paragraph (<c>draft</c>), its settlement of a bracket on an option the other holders joined or withdrew from
/// (<c>decide</c>, <c>settled</c>), the matrix of what each party proposed, and revision N+1 made and circulated
/// (<c>consolidate</c>), refused while a proposal has no decision; once made, its provenance table and the check.
/// </summary>
[Authorize(Policy = PageAuthentication.SecretariatPolicy)]
[OffersTrigger(NegotiationWorkflows.TextRound, "decide")]
[OffersTrigger(NegotiationWorkflows.TextRound, "draft")]
[OffersTrigger(NegotiationWorkflows.TextRound, "consolidate")]
public sealed class ConsolidationModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    public static readonly string[] ProposalDecisions = ["accepted", "merged", "bracketed", "not-reflected"];

    public static readonly string[] CommentDecisions = ["noted", "addressed"];

    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public RoundView? Round { get; private set; }

    public WorkingGroupView? Group { get; private set; }

    public RoundRecord? Record { get; private set; }

    public InstanceView? Instance { get; private set; }

    [BindProperty] public int? Number { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public int? MergedWith { get; set; }
    [BindProperty] public string? Wording { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Provision { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Document { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Bracket { get; set; }
    [BindProperty] public int? Option { get; set; }

    /// <summary>Every bracket of the revision with its provision's label and its options with their parties, for the settlement form.</summary>
    public IEnumerable<(string Id, string Label)> Brackets =>
        DraftProvisions.All(Record!.Revision).Where(p => p.Paragraph is not null).SelectMany(p => DraftProvisions.Brackets(p.Paragraph!.Content)
            .Select(b => (b.Id, $"{p.Label}: {string.Join(" / ", b.Options.Select((o, i) => $"{i + 1}. {DraftProvisions.Render(o.Content)} ({string.Join(", ", o.ProposedBy.Concat(o.SupportedBy))})"))}")));

    /// <summary>The latest contributions grouped by provision, in the order of the revision, general last.</summary>
    public IEnumerable<IGrouping<string, RoundComment>> ByProvision
    {
        get
        {
            var order = DraftProvisions.All(Record!.Revision).Select((p, i) => (p.Label, i)).ToDictionary(x => x.Label, x => x.i, StringComparer.Ordinal);
            return Record.Latest.GroupBy(c => c.Provision ?? T("round.target.general")).OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue));
        }
    }

    public IReadOnlyList<DraftProvision> Paragraphs => [.. DraftProvisions.All(Record!.Revision).Where(p => p.Paragraph is not null)];

    private string Here => $"/rounds/{Uri.EscapeDataString(Key)}/consolidation";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var form = $"decide{Number}";
        var refusal = await FireAsync(Instance!, "decide", new JsonObject
        {
            ["number"] = Number, ["decision"] = Blank(Decision), ["mergedWith"] = Decision == "merged" ? MergedWith : null,
            ["wording"] = Decision == "merged" ? Blank(Wording) : null, ["reason"] = Blank(Reason),
        }, form, ["decision", "mergedWith", "wording", "reason"], cancellationToken);
        return After(refusal, Here, "decide");
    }

    /// <summary>The Secretariat settles a bracket on an option its other holders joined or withdrew from (<c>decide</c>, <c>settled</c>).</summary>
    public async Task<IActionResult> OnPostSettleAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "decide", new JsonObject { ["decision"] = "settled", ["bracket"] = Blank(Bracket), ["option"] = Option, ["reason"] = Blank(Reason) }, "settle", ["bracket", "option", "reason"], cancellationToken);
        return After(refusal, Here, "settle");
    }

    public async Task<IActionResult> OnPostDraftAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "draft", new JsonObject { ["provision"] = Blank(Provision), ["text"] = Blank(Text), ["reason"] = Blank(Reason) }, "draft", ["provision", "text", "reason"], cancellationToken);
        return After(refusal, Here, "draft");
    }

    public async Task<IActionResult> OnPostConsolidateAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "consolidate", new JsonObject { ["document"] = Blank(Document), ["summary"] = Blank(Summary) }, "consolidate", ["document", "summary", "decisions"], cancellationToken);
        return After(refusal, Here, "consolidate");
    }

    /// <summary>Null when the round exists on a structured revision; else 404.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var r = Api(cancellationToken);
        Round = await WorkingGroupsApi.RoundViewAsync(r, Key);
        if (Round is null)
        {
            return NotFound();
        }

        Group = await WorkingGroupsApi.ViewAsync(r, Round.Area);
        await using (var db = Factory.Create())
        {
            Record = await RoundRecords.ForRoundAsync(db, Round.InstanceId, Round.Area, Round.Revision, cancellationToken);
        }

        if (Record is null)
        {
            return NotFound();
        }

        Instance = await Engine.GetInstanceAsync(Round.InstanceId, cancellationToken);
        await PermittedAsync(Instance, cancellationToken);
        return null;
    }
}
