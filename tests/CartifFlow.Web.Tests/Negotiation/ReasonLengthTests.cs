using System.Net;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>One rule for a reason's length (<see cref="Reasons.MaxLength"/>), whichever step takes it: over it is a 400 at the field <c>reason</c>.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ReasonLengthTests
{
    private static readonly DateTimeOffset Start = NegotiationDriver.Manila(3, 2, 9).ToUniversalTime();

    [Fact]
    public async Task AReasonOverTheLimit_IsRefusedAtTheReasonField_InEveryStepThatTakesOne()
    {
        await using var n = await NegotiationDriver.StartAsync(Start, "Sqlite");
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var transition = await n.ProposeAsync(Start.AddDays(10));
        var meeting = (await n.PostAsync("secretariat", "/api/meetings", new { title = "M", kind = "other", format = "online", place = "Video", audience = "delegations", agenda = "Items.", timeZone = "Asia/Manila", start = "2026-04-08T10:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var tooLong = new string('r', Reasons.MaxLength + 1);

        foreach (var (person, url) in new[]
        {
            (NegotiationDriver.Cn("KAZ"), $"/api/transitions/{transition}/rejection"),
            ("secretariat", $"/api/transitions/{transition}/withdrawal"),
            ("secretariat", $"/api/meetings/{meeting}/cancellation"),
        })
        {
            var refused = await n.PostAsync(person, url, new { reason = tooLong }, HttpStatusCode.BadRequest);
            Assert.True(refused!["errors"]?["reason"] is not null, $"{url}: {refused}");
        }

        Assert.Equal("Scheduled", await n.StateAsync($"/api/meetings/{meeting}"));
        await n.PostAsync("secretariat", $"/api/meetings/{meeting}/cancellation", new { reason = new string('r', Reasons.MaxLength) });
        Assert.Equal("Cancelled", await n.StateAsync($"/api/meetings/{meeting}"));
    }
}
