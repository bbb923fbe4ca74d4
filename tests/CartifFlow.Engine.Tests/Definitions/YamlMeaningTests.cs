using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Tests.Definitions;

/// <summary>What a definition says, apart from how it is written (the running-version check's measure of an edit).</summary>
public sealed class YamlMeaningTests
{
    private const string Original = "id: review\nversion: 1\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 2 }\n";

    [Theory]
    [InlineData("# a comment\nid: review\nversion: 1   # trailing\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 2 }\n")]
    [InlineData("id: review\nversion: 1\nstarted-by:\n  - secretariat\nparameters:\n    expected:\n        type: integer\n        default: 2\n")]
    [InlineData("id: 'review'\nversion: 1\nstarted-by: [\"secretariat\"]\nparameters:\n  expected: { type: integer, default: 2 }\n")]
    public void CommentsLayoutAndQuotingOfAString_DoNotChangeIt(string edited) =>
        Assert.Equal(YamlMeaning.Hash(Original), YamlMeaning.Hash(edited));

    [Theory]
    [InlineData("id: review\nversion: 1\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 3 }\n")] // a value
    [InlineData("id: review\nversion: 1\nstarted-by: [secretariat, focal-point]\nparameters:\n  expected: { type: integer, default: 2 }\n")] // a list
    [InlineData("version: 1\nid: review\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 2 }\n")] // the order
    [InlineData("id: review\nversion: '1'\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 2 }\n")] // a number quoted is a string
    [InlineData("id: review\nversion: 1\nstarted-by: [secretariat]\nparameters:\n  expected: { type: integer, default: 2 }\n  grace: { type: duration }\n")] // a key
    public void AnyKeyValueOrOrder_ChangesIt(string edited) =>
        Assert.NotEqual(YamlMeaning.Hash(Original), YamlMeaning.Hash(edited));

    [Theory]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("0x1F")]
    [InlineData("-1.5e3")]
    [InlineData("")]
    public void AScalarThatCouldReadAsOtherThanAString_Quoted_IsAChange(string plain)
    {
        Assert.NotEqual(YamlMeaning.Hash($"a: {plain}\n"), YamlMeaning.Hash($"a: '{plain}'\n"));
        Assert.Equal(YamlMeaning.Hash($"a: '{plain}'\n"), YamlMeaning.Hash($"a: \"{plain}\"\n"));
    }

    [Fact]
    public void TextThatIsNotYaml_HasNone() => Assert.Null(YamlMeaning.Hash("id: [unclosed"));
}
