using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Workflows;

/// <summary>Every instance of one workflow, newest first, each linked to its timeline.</summary>
public sealed class InstancesModel(WorkflowEngine engine, WorkflowCatalog catalog) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Workflow { get; set; } = "";

    public IReadOnlyList<InstanceView> Instances { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!catalog.All.Any(d => d.Id == Workflow))
        {
            return NotFound();
        }

        Instances = await engine.ListAsync(Workflow, cancellationToken);
        return Page();
    }
}
