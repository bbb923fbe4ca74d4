using CartifFlow.Web.Hosting;

namespace CartifFlow.Web.Tests.Architecture;

/// <summary>
/// The web host's feature folders and page folders do not use each other in circles (read from the compiled
/// assembly, method bodies included).
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void WebNamespaces_UseEachOtherWithoutCycles()
    {
        var graph = Graph();

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

    /// <summary>
    /// What every feature shares, lowest first: the host's settings and edge (<c>Hosting</c>, its composition root
    /// aside), sign-in (<c>Authentication</c>), the one way to take a request and answer it (<c>Workflows</c>: the
    /// shared request type, firing a step, field errors, problem details, deadlines, idempotency keys, refused
    /// characters) and the pages' base models, texts and display helpers (<c>Pages</c>, the root of the page folders).
    /// </summary>
    private static readonly string[] SharedLayers =
    [
        "CartifFlow.Web.Hosting",
        "CartifFlow.Web.Authentication",
        "CartifFlow.Web.Workflows",
        "CartifFlow.Web.Pages",
    ];

    [Fact]
    public void SharedNamespaces_UseNoFeature_AndOnlyTheLayersBelowThem()
    {
        var graph = Graph();
        var faults = new List<string>();
        for (var layer = 0; layer < SharedLayers.Length; layer++)
        {
            var below = SharedLayers[..layer];
            foreach (var (to, example) in graph.Edges.GetValueOrDefault(SharedLayers[layer]) ?? [])
            {
                if (!below.Contains(to, StringComparer.Ordinal))
                {
                    faults.Add($"{SharedLayers[layer]} -> {to}: {example}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public void PageFolders_AreUsedByNoOtherFolder()
    {
        var graph = Graph();
        foreach (var (from, to, why) in PageUsesNotMovedYet)
        {
            Assert.True(graph.Remove(from, to), $"{from} no longer uses {to}: take it off PageUsesNotMovedYet ({why}).");
        }

        var faults = graph.Edges
            .SelectMany(from => from.Value.Where(to => to.Key.StartsWith("CartifFlow.Web.Pages.", StringComparison.Ordinal)).Select(to => $"{from.Key} -> {to.Key}: {to.Value}"))
            .ToList();

        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
    }

    /// <summary>
    /// Views (compiled into their folder's namespace) that name a display helper of another page folder by its full
    /// name. None closes a cycle; each goes once the helper moves to the root of <c>Pages</c> and the view's qualified
    /// name is changed with it (left while other branches change these views).
    /// </summary>
    private static readonly (string From, string To, string Why)[] PageUsesNotMovedYet =
    [
    ];

    // The composition root maps every feature's endpoints and pages; it is the one type allowed to name them all.
    private static NamespaceGraph Graph() =>
        NamespaceGraph.Read(typeof(WebOptions).Assembly.Location, "CartifFlow.Web", "CartifFlow.Web.Hosting.WebHostExtensions");
}
