using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>docs/ must stay true: every shipped definition has its current diagram page.</summary>
[Collection(HostTestGroup.Name)]
public sealed class DocumentationTests
{
    [Fact]
    public async Task EveryShippedWorkflow_HasAnUpToDateDiagramPage()
    {
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(HostData.RepositoryRoot, "workflows"));
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        var folder = Path.Combine(HostData.RepositoryRoot, "docs", "workflows");

        Assert.NotEmpty(catalog.All);
        foreach (var definition in catalog.All)
        {
            var page = Path.Combine(folder, WorkflowMachines.DiagramFileName(definition));
            Assert.True(File.Exists(page), $"{page} is missing: run `dotnet run --project src/CartifFlow.Cli -- diagrams`");
            Assert.True(WorkflowMachines.DiagramPage(definition) == await File.ReadAllTextAsync(page), $"{page} is out of date: run `dotnet run --project src/CartifFlow.Cli -- diagrams`");
        }
    }
}
