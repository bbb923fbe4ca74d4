using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Approvals;

/// <summary>
/// The stage transitions waiting for the party's answer (Chief Negotiator, or a lead negotiator with a current
/// delegation): deadline in the reader's time and the seat's, and the party's answer so far.
/// </summary>
public sealed class ApprovalsModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    /// <summary><c>unanswered</c> or <c>answered</c> by the reader's party; all when empty.</summary>
    [BindProperty(SupportsGet = true)] public string? Answer { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    public ListPage<TransitionView> Pending { get; private set; } = ListPages.Empty<TransitionView>();

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        await using (var db = factory.Create())
        {
            if (!await Approvers.MayAnswerAsync(db, User, Now, cancellationToken))
            {
                return Forbid();
            }
        }

        var r = ApiRequest.For(this, engine, factory, options, time, cancellationToken);
        var pending = new List<TransitionView>();
        foreach (var instance in await engine.ListAsync(TransitionsApi.Workflow, cancellationToken))
        {
            if (instance.Status == Engine.Persistence.InstanceStatus.Running && await TransitionsApi.ViewAsync(r, instance.CorrelationKey) is { } view && view.State == "Voting")
            {
                pending.Add(view);
            }
        }

        Pending = ListPages.Of<TransitionView>([.. pending
            .Where(v => Answer switch { "unanswered" => Mine(v) is null, "answered" => Mine(v) is not null, _ => true })
            .OrderBy(v => v.Deadline.Utc).ThenBy(v => v.Key, StringComparer.Ordinal)], PageNumber);
        return Page();
    }

    public string? Mine(TransitionView view) => view.Parties.FirstOrDefault(p => p.Party == Party)?.Answer;
}
