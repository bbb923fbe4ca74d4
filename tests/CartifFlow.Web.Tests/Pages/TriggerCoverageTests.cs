using CartifFlow.Engine.Definitions;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Generated from the definitions: every trigger a person may fire (every trigger whose roles are not only
/// <c>system</c>) and every workflow a person may start (<c>started-by</c>) has a page form, declared on the page model
/// with <see cref="OffersTriggerAttribute"/> and read from the pages the running host serves. The triggers still
/// without a page are listed in <see cref="StillWithoutAPage"/>, which must be exactly those: it can only shrink.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class TriggerCoverageTests
{
    /// <summary>The triggers (workflow/trigger) no page offers yet. A page that offers one takes it off this list.</summary>
    private static readonly string[] StillWithoutAPage = [];

    [Fact]
    public async Task EveryTriggerAPersonMayFire_HasAPageForm_ExceptThoseStillListed()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var human = HumanTriggers(d.Host.Services.GetRequiredService<WorkflowCatalog>());
        var offered = await OfferedAsync(d.Host.Services);

        var uncovered = human.Except(offered.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            uncovered.SequenceEqual(StillWithoutAPage.Order(StringComparer.Ordinal), StringComparer.Ordinal),
            "The triggers no page offers must be exactly StillWithoutAPage.\nUncovered now:\n  " + string.Join("\n  ", uncovered)
            + "\nNewly covered (take them off the list):\n  " + string.Join("\n  ", StillWithoutAPage.Except(uncovered, StringComparer.Ordinal))
            + "\nUncovered but not listed:\n  " + string.Join("\n  ", uncovered.Except(StillWithoutAPage, StringComparer.Ordinal)));
    }

    [Fact]
    public async Task EveryDeclaredTrigger_ExistsForAPerson_OnAPageWithAForm()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var human = HumanTriggers(d.Host.Services.GetRequiredService<WorkflowCatalog>());
        var offered = await OfferedAsync(d.Host.Services);

        Assert.NotEmpty(offered);
        var faults = offered.Where(o => !human.Contains(o.Key)).Select(o => $"{o.Value[0]} declares {o.Key}, which is not a trigger a person may fire").ToList();
        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }

    /// <summary>workflow/trigger for every trigger with a role other than system, and workflow/(start) for every workflow a role may start; latest versions.</summary>
    private static HashSet<string> HumanTriggers(WorkflowCatalog catalog)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in catalog.All.GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!))
        {
            if (definition.StartedBy.Count > 0)
            {
                set.Add($"{definition.Id}/{OffersTriggerAttribute.Start}");
            }

            foreach (var trigger in definition.Triggers.Values.Where(t => t.Roles.Any(r => r != "system")))
            {
                set.Add($"{definition.Id}/{trigger.Name}");
            }
        }

        return set;
    }

    /// <summary>What the host's pages declare, by workflow/trigger, with the routes that declare it; only pages that take a POST (a form).</summary>
    private static async Task<Dictionary<string, List<string>>> OfferedAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var offered = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var page in services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>())
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            var declared = compiled.ModelTypeInfo?.GetCustomAttributes(typeof(OffersTriggerAttribute), false).Cast<OffersTriggerAttribute>().ToList() ?? [];
            if (declared.Count == 0)
            {
                continue;
            }

            Assert.True(compiled.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "Post", StringComparison.OrdinalIgnoreCase)), $"/{page.AttributeRouteInfo?.Template} declares triggers but takes no form (no POST handler).");
            foreach (var a in declared)
            {
                var key = $"{a.Workflow}/{a.Trigger}";
                if (!offered.TryGetValue(key, out var routes))
                {
                    offered[key] = routes = [];
                }

                routes.Add("/" + page.AttributeRouteInfo?.Template);
            }
        }

        return offered;
    }
}
