using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The pages' resource files: every text in English and Russian, and every key the pages name is there.</summary>
public sealed partial class PageTextsTests
{
    private static readonly string Web = Path.Combine(TestRepository.Root, "src", "CartifFlow.Web");

    [Fact]
    public void EveryText_IsInEnglishAndInRussian_WithTheSamePlaceholders()
    {
        var en = Texts.Own("en");
        var ru = Texts.Own("ru");

        Assert.True(en.Count > 700, $"only {en.Count} English texts were read");
        Assert.Empty(en.Keys.Except(ru.Keys, StringComparer.Ordinal)); // no missing Russian
        Assert.Empty(ru.Keys.Except(en.Keys, StringComparer.Ordinal)); // no Russian text the pages do not have
        Assert.All(en, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.All(ru, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.All(en, t => Assert.Equal(Placeholders(t.Value), Placeholders(ru[t.Key])));
    }

    [Fact]
    public void EveryKeyThePagesName_IsInBothLanguages()
    {
        var en = Texts.Own("en");
        var ru = Texts.Own("ru");
        var named = new SortedSet<string>(StringComparer.Ordinal);
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match m in KeyPattern().Matches(File.ReadAllText(file)))
            {
                var key = m.Groups["key"].Value;
                (m.Groups["rest"].Value.TrimStart().StartsWith('+') || key.EndsWith('.') ? prefixes : named).Add(key);
            }
        }

        Assert.True(named.Count > 400, $"only {named.Count} keys were found in the pages"); // the scan itself works
        var missing = named.Where(k => !en.ContainsKey(k) || !ru.ContainsKey(k)).ToList();
        Assert.Empty(missing);
        // A key made of a prefix and a value (T("milestone." + status)): the prefix names texts in both languages.
        var unknownPrefixes = prefixes.Where(p => !en.Keys.Any(k => k.StartsWith(p, StringComparison.Ordinal)) || !ru.Keys.Any(k => k.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Empty(unknownPrefixes);
    }

    private static List<string> Placeholders(string text) =>
        [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    // T("key"), T("key", args), texts.Text("key"), HasText("prefix." + value), DoneNotice("prefix.").
    [GeneratedRegex("""\b(?:T|HasText|DoneNotice|[Tt]exts\.Text)\(\s*"(?<key>[a-z0-9][A-Za-z0-9.\-]*)"(?<rest>\s*[+,)])""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
