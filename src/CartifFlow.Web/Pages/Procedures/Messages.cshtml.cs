using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>E-mail delivery status of every message a procedure sent.</summary>
public sealed class MessagesModel(WorkflowEngine engine, OutboxDispatcher outbox) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public IReadOnlyList<OutboxStatusView> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(ProcedureBoard.Workflow, Key, cancellationToken);
        if (instance is null)
        {
            return NotFound();
        }

        Messages = await outbox.GetStatusAsync(instance.Id, cancellationToken);
        return Page();
    }
}
