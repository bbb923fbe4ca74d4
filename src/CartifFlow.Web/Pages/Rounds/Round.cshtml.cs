using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.WorkingGroups;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Rounds;

/// <summary>
/// A text-based round at <c>/rounds/{key}</c>, for the Secretariat and the group's member and observer parties: the
/// revision, the deadline in the reader's time zone, who has not sent anything yet; a member party sends its comments,
/// proposal or no comments (<c>comment</c>), and sees its own contributions; the Secretariat sees every contribution
/// and, after the deadline, records the consolidated revision (<c>consolidate</c>).
/// </summary>
[OffersTrigger(NegotiationWorkflows.TextRound, "comment")]
[OffersTrigger(NegotiationWorkflows.TextRound, "consolidate")]
public sealed class RoundModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    public static readonly string[] Kinds = ["comments", "proposal", "no-comments"];

    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public RoundView? Round { get; private set; }

    public WorkingGroupView? Group { get; private set; }

    public InstanceView? Instance { get; private set; }

    public bool Secretariat => User.IsInRole(NegotiationRoles.Secretariat);

    /// <summary>The contributions the reader may see: all for the Secretariat, their own party's otherwise.</summary>
    public IEnumerable<CommentView> Visible => Round!.Comments.Where(c => Secretariat || c.Party == Party);

    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Provision { get; set; }
    [BindProperty] public string? Document { get; set; }
    [BindProperty, FormField("consolidate-text")] public string? ConsolidatedText { get; set; }
    [BindProperty] public string? Summary { get; set; }

    private string Here => $"/rounds/{Uri.EscapeDataString(Key)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var refusal = await FireAsync(Instance!, "comment", new JsonObject { ["kind"] = Blank(Kind), ["text"] = Blank(Text), ["provision"] = Blank(Provision) }, "comment", ["kind", "text", "provision"], cancellationToken);
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

        Instance = await Engine.GetInstanceAsync(Round.InstanceId, cancellationToken);
        await PermittedAsync(Instance, cancellationToken);
        return null;
    }
}
