using CartifFlow.Engine.Definitions;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Generated from the definitions the host loads (every version still loaded, since old instances may still be in a
/// state only it has): every state of every workflow has its name in the pages' texts (<c>state.{workflow}.{state}</c>)
/// in English and in Russian, and the Russian is not the English left untranslated.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class StateNamesTests
{
    [Fact]
    public async Task EveryStateOfEveryLoadedDefinition_HasANameInEnglishAndInRussian()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var catalog = d.Host.Services.GetRequiredService<WorkflowCatalog>();
        var en = Texts.Own("en");
        var ru = Texts.Own("ru");
        var keys = catalog.All.SelectMany(definition => definition.States.Keys.Select(state => $"state.{definition.Id}.{state}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.Contains(catalog.All, definition => definition.Id == "meeting" && definition.Version == 1); // old versions are read too
        Assert.True(keys.Count > 50, $"only {keys.Count} states were read");
        var faults = keys.Where(k => !en.TryGetValue(k, out var e) || string.IsNullOrWhiteSpace(e)).Select(k => $"{k}: no English text")
            .Concat(keys.Where(k => !ru.TryGetValue(k, out var r) || string.IsNullOrWhiteSpace(r)).Select(k => $"{k}: no Russian text"))
            .Concat(keys.Where(k => en.TryGetValue(k, out var e) && ru.TryGetValue(k, out var r) && string.Equals(e, r, StringComparison.Ordinal)).Select(k => $"{k}: the Russian is the English"))
            .ToList();
        Assert.True(faults.Count == 0, "Add each state's name to PageTexts.resx and PageTexts.ru.resx:\n  " + string.Join("\n  ", faults));
    }

    [Fact]
    public async Task EveryStateName_NamesAStateOfALoadedDefinition()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var catalog = d.Host.Services.GetRequiredService<WorkflowCatalog>();
        var states = catalog.All.SelectMany(definition => definition.States.Keys.Select(state => $"state.{definition.Id}.{state}")).ToHashSet(StringComparer.Ordinal);

        var stale = Texts.Own("en").Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal) && !states.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(stale.Count == 0, "Texts for states no loaded definition has (a typo, or a state renamed):\n  " + string.Join("\n  ", stale));
    }
}
