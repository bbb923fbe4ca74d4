using CartifFlow.TestSupport;

namespace CartifFlow.Negotiation.Tests.Architecture;

/// <summary>The domain's features do not use each other in circles (read from the compiled assembly).</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void NegotiationNamespaces_UseEachOtherWithoutCycles()
    {
        // The composition root registers every feature with the engine; it is the one type allowed to name them all.
        var graph = NamespaceGraph.Read(typeof(NegotiationOptions).Assembly.Location, "CartifFlow.Negotiation",
            "CartifFlow.Negotiation.NegotiationServiceCollectionExtensions");

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, graph.Describe(cycles));
    }

    [Fact]
    public void NamespaceGraph_FindsACycleHiddenInMethodBodies()
    {
        // This test assembly's own two namespaces below use each other only inside method bodies.
        var graph = NamespaceGraph.Read(typeof(NamespaceCycleTests).Assembly.Location, "CartifFlow.Negotiation.Tests.Architecture.Circle");

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["CartifFlow.Negotiation.Tests.Architecture.Circle.A", "CartifFlow.Negotiation.Tests.Architecture.Circle.B"], cycle);
    }
}
