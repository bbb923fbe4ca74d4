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
        ("CartifFlow.Web.Hosting", "CartifFlow.Web.Workflows",
            "BadRequestExceptionHandler (Hosting) names RefusedTextException; it is the requests' problem details and belongs with them."),
        ("CartifFlow.Web.Hosting", "CartifFlow.Web.Authentication",
            "SecurityHeaders reads OpenIdConnectSignInOptions for the form-action policy; the composition root can hand it the provider's origin."),
        ("CartifFlow.Web.Workflows", "CartifFlow.Web.Pages",
            "TextInputPageFilter, a page filter, sits in Workflows/TextInput.cs and reads the pages' texts and field errors."),
        ("CartifFlow.Web.Workflows", "CartifFlow.Web.WrittenProcedures",
            "WorkflowCommands uses Deadlines and StepProblems, which every API shares but which sit in WrittenProceduresApi.cs."),
    ];

    // The composition root maps every feature's endpoints and pages; it is the one type allowed to name them all.
    private static NamespaceGraph Graph() =>
        NamespaceGraph.Read(typeof(WebOptions).Assembly.Location, "CartifFlow.Web", "CartifFlow.Web.Hosting.WebHostExtensions");
}
