using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.WrittenProcedures;

/// <summary>
/// A launch sent twice (a double click, a client retrying after a lost answer) launches one procedure and sends one
/// circulation: the API's <c>Idempotency-Key</c> header and the launch form's submission id.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class IdempotentLaunchTests
{
    private static readonly object Launch = new
    {
        area = "TF",
        title = "Article 5: Publication",
        text = "Each Party shall promptly publish its laws and regulations of general application relating to trade.",
        mode = "silence",
        deadline = "2026-06-15T17:00",
    };

    [Fact]
    public async Task ALaunchSentTwiceWithOneIdempotencyKey_LaunchesOnce_AndTheRepeatAnswersWithThatProcedure()
    {
        await using var d = await ProcedureDriver.StartAsync();

        var first = await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", Launch, idempotencyKey: "launch-7f3a");
        var repeat = await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", Launch, idempotencyKey: "launch-7f3a");
        await d.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], repeat.Headers.GetValues("Idempotent-Replayed"));
        var key = JsonNode.Parse(await repeat.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        Assert.Equal(key, Assert.Single(await d.Host.Engine.ListAsync("written-procedure")).CorrelationKey);
        var sent = (await d.MessagesAsync(key)).SelectMany(m => m.To.Select(a => (m.Template, a.Address))).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(sent.Count, sent.Distinct().Count()); // nobody was sent the circulation twice

        // Without a key, or with a new one, a second launch is a second procedure, as it always was.
        var another = await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", Launch, idempotencyKey: "launch-8b21");
        Assert.Equal(HttpStatusCode.Created, another.StatusCode);
        Assert.Equal(2, (await d.Host.Engine.ListAsync("written-procedure")).Count);
    }

    [Fact]
    public async Task AnIdempotencyKeyReusedForOtherContent_OrTooLong_IsRefusedAtTheKey_AndLaunchesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", Launch, idempotencyKey: "launch-1")).StatusCode);
        var edited = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Launch))!.AsObject();
        edited["title"] = "Article 6: Fees and charges";

        var reused = await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", edited, idempotencyKey: "launch-1");
        var tooLong = await d.SendAsync(HttpMethod.Post, "secretariat", "/api/procedures", Launch, idempotencyKey: new string('k', 101));

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        var problem = JsonNode.Parse(await reused.Content.ReadAsStringAsync())!;
        Assert.Equal("idempotency-key-reused", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("idempotencyKey", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await d.Host.Engine.ListAsync("written-procedure"));
    }

    [Fact]
    public async Task TheLaunchFormSentTwice_LaunchesOneProcedure_AndSentAgainWithOtherContent_SaysSoAboveTheForm()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        var submission = await secretariat.FormSubmissionAsync("/procedures/new");
        Assert.Matches("^[0-9a-f]{32}$", submission);
        var fields = new Dictionary<string, string>
        {
            ["Submission"] = submission, ["Area"] = "TF", ["Title"] = "Article 5: Publication", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-06-15T17:00",
        };

        var first = await secretariat.PostFormAsync("/procedures/new", fields);
        var second = await secretariat.PostFormAsync("/procedures/new", fields);
        var edited = await secretariat.PostFormAsync("/procedures/new", new(fields) { ["Title"] = "Article 6: Fees" });

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        var procedure = Assert.Single(await d.Host.Engine.ListAsync("written-procedure"));
        Assert.Equal($"/procedures/{procedure.CorrelationKey}", first.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        var html = await edited.Content.ReadAsStringAsync();
        Assert.Contains("<p id=\"request-error\" class=\"error\" role=\"alert\">This form was sent already, with other content", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"Submission\" value=\"{submission}\"", html, StringComparison.Ordinal); // the form keeps its id until it is opened again
        Assert.Single(await d.Host.Engine.ListAsync("written-procedure"));

        // The form opened again is a new submission.
        var again = await secretariat.FormSubmissionAsync("/procedures/new");
        Assert.NotEqual(submission, again);
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.PostFormAsync("/procedures/new", new(fields) { ["Submission"] = again, ["Title"] = "Article 6: Fees" })).StatusCode);
        Assert.Equal(2, (await d.Host.Engine.ListAsync("written-procedure")).Count);
    }
}
