using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Tests.Support;

namespace CartifFlow.Engine.Tests.Definitions;

/// <summary>The JSON Schema editors use must accept exactly what the loader accepts.</summary>
public sealed class WorkflowSchemaTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(TestRepository.Root, "workflows", "workflow.schema.json")))!;

    private static IEnumerable<string> Keys(JsonNode node) => node["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

    [Fact]
    public void TopLevelKeys_MatchTheLoader() =>
        Assert.Equal(WorkflowDefinitionLoader.TopLevelKeys.Order(StringComparer.Ordinal), Keys(Schema));

    [Fact]
    public void StateKeys_MatchTheLoader() =>
        Assert.Equal(WorkflowDefinitionLoader.StateKeys.Order(StringComparer.Ordinal), Keys(Schema["$defs"]!["state"]!));

    [Fact]
    public void TransitionKeys_MatchTheLoader() =>
        Assert.Equal(WorkflowDefinitionLoader.TransitionKeys.Order(StringComparer.Ordinal), Keys(Schema["$defs"]!["transition"]!));

    [Fact]
    public void ActivityKinds_MatchTheLoader() =>
        Assert.Equal(WorkflowDefinitionLoader.ActivityKinds.Order(StringComparer.Ordinal), Keys(Schema["$defs"]!["activity"]!));

    [Fact]
    public void ShippedDefinitions_PointEditorsAtTheSchema()
    {
        var files = Directory.GetFiles(Path.Combine(TestRepository.Root, "workflows"), "*.yaml");

        Assert.All(files, f => Assert.StartsWith("# yaml-language-server: $schema=./workflow.schema.json", File.ReadAllText(f)));
    }
}
