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

        foreach (var (from, to, why) in NotBrokenYet)
        {
            Assert.True(graph.Remove(from, to), $"{from} no longer uses {to}: take it off NotBrokenYet ({why}).");
        }

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, graph.Describe(cycles));
    }

    /// <summary>
    /// Uses that close a cycle and are not broken yet, each with the reason; the test fails on any other cycle, and on
    /// an entry here that the code no longer has (so the list only shrinks).
    /// </summary>
    private static readonly (string From, string To, string Why)[] NotBrokenYet =
    [
    ];

    [Fact]
    public void NamespaceGraph_FindsACycleHiddenInMethodBodies()
    {
        // This test assembly's own two namespaces below use each other only inside method bodies.
        var graph = NamespaceGraph.Read(typeof(NamespaceCycleTests).Assembly.Location, "CartifFlow.Negotiation.Tests.Architecture.Circle");

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["CartifFlow.Negotiation.Tests.Architecture.Circle.A", "CartifFlow.Negotiation.Tests.Architecture.Circle.B"], cycle);
    }
}
