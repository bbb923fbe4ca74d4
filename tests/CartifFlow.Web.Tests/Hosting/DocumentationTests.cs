using System.Text.RegularExpressions;
using CartifFlow.Engine;
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
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"));
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        var folder = Path.Combine(TestRepository.Root, "docs", "workflows");

        Assert.NotEmpty(catalog.All);
        foreach (var definition in catalog.All)
        {
            var page = Path.Combine(folder, WorkflowMachines.DiagramFileName(definition));
            Assert.True(File.Exists(page), $"{page} is missing: run `dotnet run --project src/CartifFlow.Cli -- diagrams`");
            Assert.True(WorkflowMachines.DiagramPage(definition) == await File.ReadAllTextAsync(page), $"{page} is out of date: run `dotnet run --project src/CartifFlow.Cli -- diagrams`");
        }
    }
    [Fact]
    public async Task WorkflowPage_ListsExactlyTheRegisteredNames()
    {
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"));
        var registered = EngineServiceCollectionExtensions.References(host.Services);
        var page = await File.ReadAllLinesAsync(Path.Combine(TestRepository.Root, "docs", "workflows.md"));

        var expected = new (string Label, IReadOnlySet<string> Names)[]
        {
            ("Roles", registered.Roles),
            ("Guards", registered.Guards),
            ("Activities", registered.Activities),
            ("Recipient groups", registered.RecipientGroups),
        };
        var wanted = string.Join('\n', expected.Select(e => $"- {e.Label}: {string.Join(", ", e.Names.Order(StringComparer.Ordinal).Select(n => $"`{n}`"))}"));
        foreach (var (label, names) in expected)
        {
            var line = page.SingleOrDefault(l => l.StartsWith($"- {label}: ", StringComparison.Ordinal));
            var listed = line is null ? [] : Regex.Matches(line, "`([^`]+)`").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            Assert.True(listed.SetEquals(names), $"docs/workflows.md's registered {label.ToLowerInvariant()} differ from the registered ones; the list should read:\n{wanted}");
        }
    }
}
