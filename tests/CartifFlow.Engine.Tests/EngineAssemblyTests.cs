using CartifFlow.Engine.Runtime;

namespace CartifFlow.Engine.Tests;

/// <summary>The engine owns its seams, not its providers (docs/architecture.md).</summary>
public sealed class EngineAssemblyTests
{
    [Fact]
    public void TheEngine_ReferencesNoDatabaseProvider()
    {
        var references = typeof(WorkflowEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.EntityFrameworkCore.SqlServer", StringComparison.Ordinal));
    }
}
