using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Negotiation.Tests.Workflows;

public sealed class ReasonsTests
{
    [Fact]
    public void Optional_ReasonOfTheLimit_IsKeptTrimmed()
    {
        var reason = new string('r', Reasons.MaxLength);

        Assert.Equal(reason, Reasons.Optional(new JsonObject { ["reason"] = "  " + reason + "\n" }));
    }

    [Fact]
    public void Optional_ReasonOneOverTheLimit_IsRefusedAtTheReasonField()
    {
        var refused = Assert.Throws<StepRejectedException>(() => Reasons.Optional(new JsonObject { ["reason"] = new string('r', Reasons.MaxLength + 1) }));

        Assert.Equal("reason", refused.Field);
        Assert.Equal("reason-too-long", refused.Code);
        Assert.Equal(["2000"], refused.Arguments);
    }

    [Fact]
    public void Optional_OtherField_IsRefusedAtThatField()
    {
        var refused = Assert.Throws<StepRejectedException>(() => Reasons.Optional(new JsonObject { ["urgentReason"] = new string('r', Reasons.MaxLength + 1) }, "urgentReason"));

        Assert.Equal("urgentReason", refused.Field);
    }

    [Fact]
    public void Required_BlankReason_IsRefusedWithTheGivenCode()
    {
        var refused = Assert.Throws<StepRejectedException>(() => Reasons.Required(new JsonObject { ["reason"] = "   " }, "A cancellation needs a reason."));

        Assert.Equal("reason-required", refused.Code);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Short.", false)]
    [InlineData(2_000, false)]
    [InlineData(2_001, true)]
    public void TooLong_AppliesTheSameLimitAsTheSteps(object? reason, bool tooLong)
    {
        var text = reason is int length ? new string('r', length) : (string?)reason;

        Assert.Equal(tooLong, Reasons.TooLong(text));
    }
}
