using System.Text.Json;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Workflows;

public sealed class StepProblemsTests
{
    [Fact]
    public async Task From_OutcomeUnknown_Answers503WithRetryAfter_AndTheVersionThatShowsTheStepApplied()
    {
        var id = Guid.NewGuid();
        var instance = new InstanceView(id, "written-procedure", 1, "WP-1", "Circulating", InstanceStatus.Running, [], null, 4, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);
        var result = new StepResult(StepOutcome.Unknown, instance, "not known") { Code = "outcome-unknown", Arguments = ["4"] };
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        await StepProblems.From(result).ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal(StepProblems.OutcomeUnknownRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("outcome-unknown", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(id, body.RootElement.GetProperty("instanceId").GetGuid());
        Assert.Equal(4, body.RootElement.GetProperty("appliedAtVersion").GetInt32());
    }
}
