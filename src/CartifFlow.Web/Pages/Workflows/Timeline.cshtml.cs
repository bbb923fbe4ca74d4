using CartifFlow.Engine.Runtime;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Workflows;

/// <summary>
/// Any workflow instance's timeline (its audit events, its child workflows) and, on demand, the check of its hash
/// chain. Also served at <c>/procedures/{key}/audit</c> for written procedures.
/// </summary>
public sealed class TimelineModel(WorkflowEngine engine) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Workflow { get; set; } = ProcedureBoard.Workflow;

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public InstanceView? Instance { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public IReadOnlyList<InstanceView> Children { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => LoadAsync(verify: false, cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => LoadAsync(verify: true, cancellationToken);

    private async Task<IActionResult> LoadAsync(bool verify, CancellationToken cancellationToken)
    {
        Instance = await engine.FindAsync(Workflow, Key, cancellationToken);
        if (Instance is null)
        {
            return NotFound();
        }

        History = await engine.GetHistoryAsync(Instance.Id, cancellationToken);
        Children = await engine.GetChildrenAsync(Instance.Id, cancellationToken);
        if (verify)
        {
            Verification = await engine.VerifyAuditChainAsync(Instance.Id, cancellationToken);
        }

        return Page();
    }
}
