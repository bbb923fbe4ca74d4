using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Every workflow's instances and each instance's timeline, for the Secretariat.</summary>
[Collection(HostTestGroup.Name)]
public sealed class TimelinePagesTests
{
    [Fact]
    public async Task NegotiationTimeline_ShowsItsStepsAndTheWorkflowsItStarted_AndItsHashChainChecksOut()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var transition = await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        using var session = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var timeline = await (await session.GetAsync("/workflows/negotiation/instances/CARTIF-2026")).Content.ReadAsStringAsync();
        var list = await (await session.GetAsync("/workflows/stage-transition/instances")).Content.ReadAsStringAsync();
        var verified = await session.PostFormAsync("/workflows/negotiation/instances/CARTIF-2026", [], tokenFrom: "/workflows/negotiation/instances/CARTIF-2026");

        Assert.Contains("<td>propose-transition</td>", timeline, StringComparison.Ordinal);
        Assert.Contains($"href=\"/workflows/stage-transition/instances/{transition}\"", timeline, StringComparison.Ordinal);
        Assert.Contains($"href=\"/workflows/stage-transition/instances/{transition}\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("The hash chain is intact", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownWorkflowOrInstance_IsNotFound()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = await PageSession.SignInAsync(d.Host, "secretariat");

        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/workflows/no-such-workflow/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/workflows/written-procedure/instances/WP-1999-999")).StatusCode);
    }
}
