using System.Net;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>
/// A definition's <c>max-length</c> on a parameter (here <c>delegation.yaml</c>'s <c>reason</c>, at <see cref="Reasons.MaxLength"/>)
/// is enforced when the instance starts: ProblemDetails with the field on the API, the field's error in the reader's language on the page.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class StartParameterLengthTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ADelegationReasonOverItsParametersMaxLength_IsRefusedAtTheReason_OnTheApiAndOnTheRussianPage()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var tooLong = new string('r', Reasons.MaxLength + 1);

        var api = await d.PostAsync(NegotiationDriver.Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-30T17:00", reason = tooLong }, HttpStatusCode.BadRequest);
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");
        var page = await kazakhstan.PostFormAsync("/delegation", new() { ["Delegate"] = "ln-kaz-tf", ["Until"] = "2026-05-30T17:00", ["Reason"] = tooLong });

        Assert.NotNull(api!["errors"]!["reason"]);
        Assert.Equal("too-long", api["code"]!.GetValue<string>());
        Assert.Equal(["reason", "2001", "2000"], api["arguments"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("<p id=\"reason-error\" class=\"error\" role=\"alert\">Поле «reason» содержит 2001 знаков; допускается не более 2000.</p>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("delegation"));

        await d.PostAsync(NegotiationDriver.Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-30T17:00", reason = new string('r', Reasons.MaxLength) }, HttpStatusCode.Created);
        Assert.Single(await d.P.Host.Engine.ListAsync("delegation"));
    }
}
