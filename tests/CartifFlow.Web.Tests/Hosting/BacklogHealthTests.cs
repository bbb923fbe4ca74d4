using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Outbox;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>
/// <c>/health</c>'s backlog check: degraded once a timer or an e-mail is more than five minutes overdue (no node
/// fires timers or delivers), healthy again once they are done; a deadline that did not happen is visible.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class BacklogHealthTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TheBacklog_IsDegradedWhileATimerOrAnEMailIsOverdue_AndHealthyOnceTheyAreDone(string provider)
    {
        // The driver's host fires no timers (the test does) and, here, runs no outbox pump either.
        await using var d = await ProcedureDriver.StartAsync(provider, settings: new Dictionary<string, string?> { ["CartifFlow:Engine:RunOutbox"] = "false" });
        var key = await d.LaunchAsync();
        using var client = d.Host.CreateClient();
        Assert.Equal("Healthy", (await BacklogAsync(client)).Status); // the circulation is due now: not late yet

        d.Data.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("Healthy", (await BacklogAsync(client)).Status);
        d.Data.Time.Advance(TimeSpan.FromMinutes(2));
        var mailLate = await BacklogAsync(client);
        Assert.Equal(("Degraded", HttpStatusCode.OK, "Degraded"), (mailLate.Status, mailLate.Code, mailLate.Overall));
        Assert.Matches(@"^\d+ e-mail\(s\) overdue; the oldest, of instance [0-9a-f-]{36}, was due at 2026-\d\d-\d\d \d\d:\d\d:\d\d UTC \(overdue: more than 5 min late", mailLate.Description);
        Assert.DoesNotContain("timer", mailLate.Description, StringComparison.Ordinal);

        await d.Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
        Assert.Equal("Healthy", (await BacklogAsync(client)).Status);

        var first = (await d.PendingTimersAsync(key))[0];
        d.Data.Time.Advance(first.DueAt - d.Data.Time.GetUtcNow() + TimeSpan.FromMinutes(6));
        var timerLate = await BacklogAsync(client);
        Assert.Equal("Degraded", timerLate.Status);
        Assert.StartsWith($"1 timer(s) overdue; the oldest, '{first.Name}' of instance {first.InstanceId}, was due at {first.DueAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", timerLate.Description, StringComparison.Ordinal);

        await d.AdvanceAsync(TimeSpan.Zero); // fires what is due and delivers what it wrote
        Assert.Equal("Healthy", (await BacklogAsync(client)).Status);
    }

    private static async Task<(string Status, string Description, HttpStatusCode Code, string Overall)> BacklogAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var backlog = body["checks"]!["backlog"]!;
        return (backlog["status"]!.GetValue<string>(), backlog["description"]!.GetValue<string>(), response.StatusCode, body["status"]!.GetValue<string>());
    }
}
