using CartifFlow.Engine.Runtime;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>A procedure's timeline (its audit events) and, on demand, the check of its hash chain.</summary>
public sealed class AuditModel(WorkflowEngine engine) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => LoadAsync(verify: false, cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => LoadAsync(verify: true, cancellationToken);

    private async Task<IActionResult> LoadAsync(bool verify, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(ProcedureBoard.Workflow, Key, cancellationToken);
        if (instance is null)
        {
            return NotFound();
        }

        History = await engine.GetHistoryAsync(instance.Id, cancellationToken);
        if (verify)
        {
            Verification = await engine.VerifyAuditChainAsync(instance.Id, cancellationToken);
        }

        return Page();
    }
}
