using System.Text.RegularExpressions;
using CartifFlow.Engine;
using CartifFlow.Negotiation.Tests.Support;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Negotiation.Tests.Workflows;

/// <summary>What the definitions are checked against when they load, as the domain registers it.</summary>
public sealed partial class DefinitionCheckTests
{
    [Fact]
    public async Task EveryTemplateTheDomainNamesInCSharp_IsAmongTheTemplatesCheckedAtLoad()
    {
        await using var h = await DomainHost.StartAsync(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var references = EngineServiceCollectionExtensions.References(h.Services);
        var checkedAtLoad = references.ActivityTemplates.Values.Concat(references.CodeTemplates.Values).SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var named = Directory.GetFiles(Path.Combine(TestRepository.Root, "src", "CartifFlow.Negotiation"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Named().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Template: m.Groups["name"].Value)))
            .ToList();

        Assert.Contains(named, n => n.Template == "digest"); // the scan sees the digest, named outside any activity
        Assert.True(named.Count > 40, $"only {named.Count} templates named in C#: the scan no longer finds them");
        Assert.Empty(named.Where(n => !checkedAtLoad.Contains(n.Template)).Select(n => $"{n.File}: {n.Template}"));
        Assert.Contains("digest", references.CodeTemplates[typeof(CartifFlow.Negotiation.Digests.DailyDigests).FullName!]);
    }

    [Fact]
    public async Task EveryReasonParameterOfTheNewestDefinitions_TakesTheOneRuleForAReason()
    {
        await using var h = await DomainHost.StartAsync(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var newest = h.Engine.Catalog.All.GroupBy(d => d.Id, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!);

        var reasons = newest.SelectMany(d => d.Parameters.Values.Where(p => p.Name.EndsWith("eason", StringComparison.Ordinal)).Select(p => (d.Id, p.Name, p.MaxLength))).ToList();

        Assert.Equal(
            [("delegation", "reason", Reasons.MaxLength), ("meeting", "urgentReason", Reasons.MaxLength), ("working-group-admission", "reason", Reasons.MaxLength), ("written-procedure", "urgentReason", Reasons.MaxLength)],
            reasons.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => (r.Id, r.Name, r.MaxLength ?? 0)));
    }

    /// <summary>A template named by a literal: <c>NotifyAsync("name", …)</c>, an activity's <c>Templates</c>, or a <c>const string Template = "name"</c>.</summary>
    [GeneratedRegex(@"(?:NotifyAsync\(|const string Template = |Templates \{ get; \} = \[(?:""[a-z-]+"", )*)""(?<name>[a-z][a-z0-9-]*)""")]
    private static partial Regex Named();
}
