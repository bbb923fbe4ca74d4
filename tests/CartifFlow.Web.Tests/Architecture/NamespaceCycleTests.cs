namespace CartifFlow.Web.Tests.Architecture;

/// <summary>The host's features (API, pages, authentication, hosting) do not use each other in circles (read from the compiled assembly).</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void WebNamespaces_UseEachOtherWithoutCycles()
    {
        var graph = NamespaceGraph.Read(typeof(Program).Assembly.Location, "CartifFlow.Web");

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, graph.Describe(cycles));
    }
}
