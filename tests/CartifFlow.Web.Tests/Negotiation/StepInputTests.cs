using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>Instants the steps take: with an offset, never read in the server's own time zone.</summary>
public sealed class StepInputTests
{
    [Theory]
    [InlineData("2026-06-03T10:00:00+08:00", "2026-06-03T02:00:00Z")]
    [InlineData("2026-06-03T02:00:00Z", "2026-06-03T02:00:00Z")]
    [InlineData("2026-06-03T10:00+05:00", "2026-06-03T05:00:00Z")]
    public void Instant_WithAnOffset_IsTaken(string text, string utc)
    {
        var value = StepInput.Instant(new JsonObject { ["deadline"] = text }, "deadline");

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("2026-06-03T10:00:00")]
    [InlineData("2026-06-03 10:00")]
    [InlineData("2026-06-03")]
    [InlineData("tomorrow")]
    public void Instant_WithoutAnOffset_IsRefusedAtTheField(string text)
    {
        var refused = Assert.Throws<StepRejectedException>(() => StepInput.Instant(new JsonObject { ["deadline"] = text }, "deadline"));

        Assert.Equal(("deadline", "not-an-instant"), (refused.Field, refused.Code));
    }
}
