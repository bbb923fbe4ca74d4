using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CartifFlow.Web.Workflows;

/// <summary>The loaded workflow definitions, for people and tools.</summary>
internal static class WorkflowDefinitionsApi
{
    public static IEndpointRouteBuilder MapWorkflowDefinitions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workflow-definitions").WithTags("Workflow definitions");
        group.MapGet("/", List).WithSummary("Every loaded definition version.");
        group.MapGet("/{id}/{version:int}", Get).WithSummary("One definition version: states, triggers, parameters and its Mermaid diagram.");
        return routes;
    }

    private static Ok<List<DefinitionSummary>> List(WorkflowCatalog catalog) =>
        TypedResults.Ok(catalog.All.Select(DefinitionSummary.From).ToList());

    private static Results<Ok<DefinitionDetail>, ProblemHttpResult> Get(string id, int version, WorkflowCatalog catalog) =>
        catalog.TryGet(id, version, out var definition)
            ? TypedResults.Ok(DefinitionDetail.From(definition))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such workflow definition", detail: $"There is no workflow '{id}' version {version}.");
}

/// <summary>A definition in a list.</summary>
internal sealed record DefinitionSummary(string Id, int Version, string? Title, string InitialState, IReadOnlyList<string> StartedBy)
{
    public static DefinitionSummary From(WorkflowDefinition d) => new(d.Id, d.Version, d.Title, d.InitialState, d.StartedBy);
}

/// <summary>A definition in detail.</summary>
internal sealed record DefinitionDetail(
    string Id,
    int Version,
    string? Title,
    string InitialState,
    IReadOnlyList<string> StartedBy,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Triggers,
    IReadOnlyList<string> States,
    IReadOnlyList<string> FinalStates,
    string Mermaid)
{
    public static DefinitionDetail From(WorkflowDefinition d) => new(
        d.Id,
        d.Version,
        d.Title,
        d.InitialState,
        d.StartedBy,
        d.Parameters.ToDictionary(p => p.Key, p => p.Value.Type.ToString().ToLowerInvariant()),
        d.Triggers.ToDictionary(t => t.Key, t => t.Value.Roles),
        [.. d.States.Keys],
        [.. d.States.Values.Where(s => s.Final).Select(s => s.Name)],
        WorkflowMachines.ToMermaid(d));
}
