using System.Globalization;
using System.Text.RegularExpressions;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Tests.Support;
using CartifFlow.Web.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Every refusal the workflows can give has a stable code the pages say in English and in Russian: read from the
/// source of src/CartifFlow.Negotiation (every <c>new StepRejectedException(…)</c> and every code handed to
/// <c>StepInput.RequiredText</c>/<c>FutureInstant</c>), and from the checks the pages share with the API.
/// </summary>
public sealed partial class RefusalCodeTests
{
    private static readonly string[] Languages = ["en", "ru"];

    [Fact]
    public void EveryStepRejectedExceptionInTheNegotiation_CarriesACode()
    {
        var rejections = Rejections().ToList();

        Assert.True(rejections.Count >= 80, $"Only {rejections.Count} refusals found: is the scan still reading src/CartifFlow.Negotiation?");
        var uncoded = rejections.Where(r => Initialised(r.Node, "Code") is null).Select(r => r.Where).ToList();
        Assert.True(uncoded.Count == 0, "Refusals without a Code:\n" + string.Join('\n', uncoded));
    }

    [Fact]
    public void EveryRequiredTextAndFutureInstantCall_NamesItsCodeAsALiteral()
    {
        var calls = HelperCalls().ToList();

        Assert.NotEmpty(calls);
        var unnamed = calls.Where(c => CodeArgument(c.Node) is null).Select(c => c.Where).ToList();
        Assert.True(unnamed.Count == 0, "StepInput calls without code: \"…\":\n" + string.Join('\n', unnamed));
    }

    [Fact]
    public void EveryCodeOfTheNegotiation_IsSaidInEnglishAndRussian_WithAPlaceholderForEachArgument()
    {
        var uses = CodeUses().ToList();

        Assert.True(uses.Select(u => u.Code).Distinct().Count() >= 60, "Too few codes found: is the scan still reading src/CartifFlow.Negotiation?");
        AssertSaidInBothLanguages(uses);
    }

    [Fact]
    public void EveryCodeOfTheEngine_IsSaidInEnglishAndRussian_WithAPlaceholderForEachArgument()
    {
        // The engine's own refusals a page can meet: a version changed since it was read, a key taken, a role or a
        // party that may not act, a trigger not possible in the state, an instance that has ended.
        var uses = CodeUses("CartifFlow.Engine").ToList();

        Assert.True(uses.Select(u => u.Code).Distinct().Count() >= 8, "Too few codes found: is the scan still reading src/CartifFlow.Engine?");
        AssertSaidInBothLanguages(uses);
    }

    private static void AssertSaidInBothLanguages(List<(string Code, int Arguments, string Where)> uses)
    {
        var faults = new List<string>();
        foreach (var (code, arguments, where) in uses)
        {
            if (!Texts.Keys.Contains("step." + code))
            {
                faults.Add($"{where}: no page text step.{code}");
                continue;
            }

            foreach (var language in Languages)
            {
                var placeholders = Placeholders(Texts.Get(language, "step." + code));
                if (placeholders != arguments)
                {
                    faults.Add($"{where}: step.{code} ({language}) has {placeholders} placeholders for {arguments} arguments");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }

    [Fact]
    public void EveryRefusalText_HasTheSamePlaceholdersInBothLanguages_AndFormats()
    {
        var faults = new List<string>();
        foreach (var key in Texts.Keys.Where(k => k.StartsWith("step.", StringComparison.Ordinal)))
        {
            var (en, ru) = (Texts.Get("en", key), Texts.Get("ru", key));
            if (Placeholders(en) != Placeholders(ru))
            {
                faults.Add($"{key}: {Placeholders(en)} placeholders in English, {Placeholders(ru)} in Russian");
            }

            if (en == ru || !Cyrillic().IsMatch(ru))
            {
                faults.Add($"{key}: the Russian is not Russian");
            }

            var arguments = Enumerable.Range(0, Placeholders(en)).Select(i => (object?)("a" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
            foreach (var language in Languages)
            {
                var formatted = Record.Exception(() => Texts.Format(language, key, arguments));
                if (formatted is not null)
                {
                    faults.Add($"{key} ({language}): {formatted.Message}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }

    [Fact]
    public void TheMeetingChecksSharedWithTheApi_AreSaidInRussian_AndKeepTheirEnglishForTheApi()
    {
        var (parameters, errors) = MeetingsApi.Check(new ConveneMeetingRequest(null, null, "by pigeon", null, "Asia/Manila", "soon", "PT0S", null, null, null, null, null, ["P-1D"], null), "Asia/Manila");
        var zone = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        WorkflowCommands.Instant("2026-06-03T10:00", "Mars/Base", "start", zone);
        var missing = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        WorkflowCommands.Instant(" ", "Asia/Manila", "end", missing);

        Assert.Null(parameters);
        Assert.Equal(["duration", "format", "reminders[0]", "start", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'soon' is not a time between the years 2000 and 2199: give local time (Asia/Manila) as 2026-06-03T10:00, or an instant with an offset.", errors["start"].Message);
        Assert.Equal("«soon» — не время в пределах 2000–2199 годов: укажите местное время (Asia/Manila) в виде 2026-06-03T10:00 или момент времени со смещением.", Texts.Field("ru", errors["start"]));
        Assert.Equal("Укажите название.", Texts.Field("ru", errors["title"]));
        Assert.Equal("«Mars/Base» — не часовой пояс (укажите название по IANA, например Asia/Ulaanbaatar).", Texts.Field("ru", zone["timeZone"]));
        foreach (var error in errors.Values.Concat(zone.Values).Concat(missing.Values))
        {
            Assert.Contains("step." + error.Code, Texts.Keys);
            Assert.Equal(Placeholders(Texts.Get("en", "step." + error.Code)), error.Arguments.Count);
            Assert.Matches(Cyrillic(), Texts.Field("ru", error));
        }

        Assert.Equal("The meeting needs a title.", FieldError.Messages(errors)["title"].Single());
    }

    /// <summary>The number of arguments a text takes: one more than its highest <c>{n}</c>.</summary>
    private static int Placeholders(string text) =>
        Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal)).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

    private static IEnumerable<(string Code, int Arguments, string Where)> CodeUses(string project = "CartifFlow.Negotiation")
    {
        var refusals = Nodes<ObjectCreationExpressionSyntax>(project).Where(n => n.Node.Type.ToString() is "StepRejectedException" or "StepResult");
        foreach (var (node, where) in refusals)
        {
            // A literal code, or a choice between two (`declared ? "not-possible-now" : "not-possible-in-state"`).
            var codes = Initialised(node, "Code") switch
            {
                LiteralExpressionSyntax { Token.Value: string code } => [code],
                ConditionalExpressionSyntax { WhenTrue: LiteralExpressionSyntax { Token.Value: string a }, WhenFalse: LiteralExpressionSyntax { Token.Value: string b } } => [a, b],
                _ => Array.Empty<string>(),
            };
            foreach (var code in codes)
            {
                var arguments = Initialised(node, "Arguments") switch
                {
                    null => 0,
                    CollectionExpressionSyntax list => list.Elements.Count,
                    var other => throw new InvalidOperationException($"{where}: Arguments must be a collection expression, not {other}"),
                };
                yield return (code, arguments, where);
            }
        }

        foreach (var (node, where) in HelperCalls().Where(_ => project == "CartifFlow.Negotiation"))
        {
            if (CodeArgument(node) is { } code)
            {
                yield return (code, 0, where);
            }
        }
    }

    private static IEnumerable<(ObjectCreationExpressionSyntax Node, string Where)> Rejections() =>
        Nodes<ObjectCreationExpressionSyntax>().Where(n => n.Node.Type.ToString() == "StepRejectedException");

    private static IEnumerable<(InvocationExpressionSyntax Node, string Where)> HelperCalls() =>
        Nodes<InvocationExpressionSyntax>().Where(n => n.Node.Expression.ToString() is "StepInput.RequiredText" or "StepInput.FutureInstant");

    private static ExpressionSyntax? Initialised(ObjectCreationExpressionSyntax creation, string property) =>
        creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.Text: var name } && name == property)?.Right;

    private static string? CodeArgument(InvocationExpressionSyntax call) =>
        call.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == "code")?.Expression is LiteralExpressionSyntax { Token.Value: string code } ? code : null;

    private static IEnumerable<(T Node, string Where)> Nodes<T>(string project = "CartifFlow.Negotiation")
        where T : SyntaxNode
    {
        var folder = Path.Combine(TestRepository.Root, "src", project);
        var separator = Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: Path.GetRelativePath(TestRepository.Root, file));
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<T>())
            {
                yield return (node, $"{tree.FilePath}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}");
            }
        }
    }

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();
}
