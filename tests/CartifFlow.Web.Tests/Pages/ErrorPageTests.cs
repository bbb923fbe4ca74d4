using System.Net;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>An unexpected failure (here: a row whose JSON was damaged outside CartifFlow) is a page for people and problem details for programs.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ErrorPageTests
{
    [Fact]
    public async Task AFailingPage_ShowsTheErrorPageWith500_AndTheApiAProblem_NeitherAStackTrace()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            await db.Set<WorkflowInstanceRecord>().Where(i => i.CorrelationKey == key).ExecuteUpdateAsync(u => u.SetProperty(i => i.VariablesJson, "{ damaged"));
        }

        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        var page = await secretariat.GetAsync($"/procedures/{key}");
        var api = await d.SendAsync(HttpMethod.Get, "secretariat", $"/api/procedures/{key}");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.InternalServerError, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        var problem = await api.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.InternalServerError, "application/problem+json"), (api.StatusCode, api.Content.Headers.ContentType?.MediaType));
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
    }
}
