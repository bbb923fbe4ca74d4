using System.Text;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Tests.Definitions;

/// <summary>
/// Generated bad definitions (seeded, so a failure names a case that can be replayed): truncations, wrong types,
/// unknown keys, deep nesting, huge strings, flipped characters. The loader must answer each with
/// <c>file:line:col: message</c> faults, or accept it; it must never throw anything else.
/// </summary>
public sealed partial class WorkflowDefinitionFuzzTests
{
    private const string File = "workflows/fuzz.yaml";

    private static readonly DefinitionReferences References = new(
        new HashSet<string> { "secretariat", "focal-point", "chief-negotiator" },
        new HashSet<string> { "all-answered" },
        new HashSet<string> { "record-answer", "count-reminder", "move-deadline", "explode", "rendezvous" },
        new HashSet<string> { "opened" },
        new HashSet<string> { "focal-points", "observers" });

    private static readonly string[] WrongValues =
    [
        "[1, 2, 3]", "{ a: b }", "12345", "-1", "true", "~", "''", "\"\\u0000\"", "!!binary aGVsbG8=", "&anchor x", "*nowhere",
        "[[[[[[]]]]]]", "{ to: { to: { to: x } } }", "P1X", "$", "$$", "2026-13-45T99:99", "'it''s'", "|\n  block\n  text",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Load_GeneratedBadDefinitions_AnswersEachWithFileLineColumnFaults(int seed)
    {
        var random = new Random(seed);
        var sources = new[] { Read("review.yaml"), Read("programme.yaml"), Read("item.yaml") };
        for (var i = 0; i < 150; i++)
        {
            var source = sources[random.Next(sources.Length)];
            var text = Mutate(source, random);
            try
            {
                WorkflowCatalog.Load([(File, text)], References);
            }
            catch (WorkflowDefinitionException ex)
            {
                Assert.NotEmpty(ex.Errors);
                foreach (var error in ex.Errors)
                {
                    Assert.Matches(Fault(), error.ToString());
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, case {i}: {ex.GetType().Name}: {ex.Message}\n--- definition ---\n{Shorten(text)}");
            }
        }
    }

    [Theory]
    [InlineData("deep-flow")]
    [InlineData("deep-block")]
    [InlineData("huge-string")]
    [InlineData("huge-key")]
    [InlineData("many-states")]
    [InlineData("binary")]
    [InlineData("empty")]
    [InlineData("only-comment")]
    [InlineData("list-root")]
    [InlineData("two-documents")]
    public void Load_PathologicalText_AnswersWithFaults(string kind)
    {
        var text = kind switch
        {
            "deep-flow" => "id: x\nversion: 1\nstates: " + new string('[', 5_000) + new string(']', 5_000) + "\n",
            "deep-block" => "id: x\nversion: 1\ninitial: A\nstates:\n" + string.Concat(Enumerable.Range(0, 400).Select(d => new string(' ', (d + 1) * 2) + "A:\n" + new string(' ', (d + 2) * 2) + "states:\n")),
            "huge-string" => "id: " + new string('x', 2_000_000) + "\nversion: 1\n",
            "huge-key" => new string('k', 100_000) + ": 1\n",
            "many-states" => "id: many\nversion: 1\ninitial: S0\nstates:\n" + string.Concat(Enumerable.Range(0, 5_000).Select(n => $"  S{n}:\n    on:\n      go: S{n + 1}\n")),
            "binary" => Encoding.Latin1.GetString([.. Enumerable.Range(0, 4_096).Select(n => (byte)((n * 7919) % 256))]),
            "empty" => string.Empty,
            "only-comment" => "# nothing here\n",
            "list-root" => "- id: x\n- version: 1\n",
            _ => "id: a\nversion: 1\n---\nid: b\nversion: 1\n",
        };

        var ex = Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Load([(File, text)], References));

        Assert.All(ex.Errors, e => Assert.Matches(Fault(), e.ToString()));
    }

    private static string Mutate(string source, Random random)
    {
        var lines = source.Split('\n').ToList();
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(9))
            {
                case 0: // truncate anywhere
                    var joined = string.Join('\n', lines);
                    return joined[..random.Next(joined.Length)];
                case 1: // a value of the wrong type
                    var colon = lines[at].IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        lines[at] = lines[at][..(colon + 1)] + " " + WrongValues[random.Next(WrongValues.Length)];
                    }

                    break;
                case 2: // an unknown key at the line's indentation
                    lines.Insert(at, new string(' ', Indent(lines[at])) + $"unknown-{random.Next(1000)}: {WrongValues[random.Next(WrongValues.Length)]}");
                    break;
                case 3: // a line removed
                    lines.RemoveAt(at);
                    break;
                case 4: // a line duplicated (duplicate keys)
                    lines.Insert(at, lines[at]);
                    break;
                case 5: // indentation broken
                    lines[at] = new string(' ', random.Next(9)) + lines[at].TrimStart();
                    break;
                case 6: // a huge scalar
                    var c = lines[at].IndexOf(':', StringComparison.Ordinal);
                    if (c > 0)
                    {
                        lines[at] = lines[at][..(c + 1)] + " " + new string('w', 100_000 + random.Next(100_000));
                    }

                    break;
                case 7: // characters flipped
                    var chars = lines[at].ToCharArray();
                    for (var k = 0; k < chars.Length && k < 4; k++)
                    {
                        chars[random.Next(chars.Length)] = "{}[]:-'\"&*!|>%@`\t#,?"[random.Next(20)];
                    }

                    lines[at] = new string(chars);
                    break;
                default: // deep nesting under a key
                    var depth = 50 + random.Next(500);
                    lines.Insert(at, new string(' ', Indent(lines[at])) + "nested: " + new string('{', depth) + "a: 1" + new string('}', depth));
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Read(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", name));

    private static string Shorten(string text) => text.Length > 3_000 ? text[..3_000] + "…" : text;

    [GeneratedRegex(@"^workflows/fuzz\.yaml:\d+:\d+: \S")]
    private static partial Regex Fault();
}
