using CartifFlow.Engine.Definitions;

namespace CartifFlow.Web.Pages.Workflows;

/// <summary>Every workflow definition: its Mermaid diagram, states with their transitions, triggers with who may fire them.</summary>
public sealed class WorkflowsModel(WorkflowCatalog catalog) : CartifPageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions => catalog.All;

    public void OnGet()
    {
    }
}
