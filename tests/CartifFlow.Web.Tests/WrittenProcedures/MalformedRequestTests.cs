using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.MalformedRequests;

namespace CartifFlow.Web.Tests.WrittenProcedures;

/// <summary>
/// Bad requests to the written-procedure endpoints, generated from a seed: wrong types, huge strings, missing fields,
/// unknown ids, broken JSON and headers. Each must get a 4xx ProblemDetails, never a 500, and leave the database as it was.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class MalformedRequestTests
{
    [Fact]
    public async Task GeneratedBadLaunches_AreEachA4xxProblem_AndChangeNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var random = new Random(11);
        var requests = new List<(string Body, string What)>();
        foreach (var broken in BrokenBodies)
        {
            requests.Add((broken, $"broken body {Show(broken)}"));
        }

        string[] fields = ["area", "title", "text", "document", "documentVersion", "mode", "deadline", "reminders", "grace", "key"];
        for (var i = 0; i < 120; i++)
        {
            var body = ValidLaunch();
            var changed = new List<string>();
            for (var k = 1 + random.Next(3); k > 0; k--)
            {
                var field = fields[random.Next(fields.Length)];
                body[field] = BadValues[random.Next(BadValues.Length)]?.DeepClone();
                changed.Add(field);
            }

            // Always one field that no launch accepts, so that no generated request is valid by chance.
            var sure = random.Next(4);
            switch (sure)
            {
                case 0: body.Remove("area"); break;
                case 1: body["deadline"] = "yesterday"; break;
                case 2: body["title"] = Huge; break;
                default: body["area"] = "NO-SUCH-AREA"; break;
            }

            if (random.Next(4) == 0)
            {
                body[$"unknown{i}"] = BadValues[random.Next(BadValues.Length)]?.DeepClone();
            }

            requests.Add((body.ToJsonString(), $"launch with bad {string.Join(", ", changed)} (+{sure})"));
        }

        await MalformedRequests.AssertEachRefusedAsync(d, requests.Select(r => new BadRequest(HttpMethod.Post, "/api/procedures", r.Body, null, "secretariat", r.What)));
    }

    [Fact]
    public async Task BadResponsesExtensionsWithdrawalsAndClosures_AreEachA4xxProblem_AndChangeNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var requests = new List<(HttpMethod, string, string, string?, string, string)>();
        var random = new Random(12);

        foreach (var broken in BrokenBodies)
        {
            requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", broken, null, "fp-kaz", $"respond {Show(broken)}"));
            requests.Add((HttpMethod.Post, $"/api/procedures/{key}/extension", broken, null, "secretariat", $"extend {Show(broken)}"));
        }

        for (var i = 0; i < 60; i++)
        {
            var bad = BadValues[random.Next(BadValues.Length)]?.DeepClone();
            var respond = new JsonObject { ["kind"] = "object", ["reason"] = "Not acceptable." };
            var field = new[] { "kind", "comments", "reason", "proposedWording", "party" }[random.Next(5)];
            respond[field] = bad;
            if (field is not "kind")
            {
                respond["kind"] = random.Next(2) == 0 ? "maybe" : new JsonArray("agree");
            }

            requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", respond.ToJsonString(), null, "fp-kaz", $"respond with bad {field}"));
            var deadline = BadValues[random.Next(BadValues.Length)];
            if (deadline is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("9999", StringComparison.Ordinal))
            {
                deadline = "2026-13-01T10:00"; // a far deadline is a valid extension; this one is not a date
            }

            requests.Add((HttpMethod.Post, $"/api/procedures/{key}/extension", new JsonObject { ["deadline"] = deadline?.DeepClone(), ["reason"] = "More time." }.ToJsonString(), null, "secretariat", "extend with a bad deadline"));
        }

        // Huge texts where a text is expected, on a request that is otherwise valid.
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", new JsonObject { ["kind"] = "agree-with-comments", ["comments"] = Huge }.ToJsonString(), null, "fp-kaz", "huge comments"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", new JsonObject { ["kind"] = "object", ["reason"] = Huge }.ToJsonString(), null, "fp-kaz", "huge reason"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/extension", new JsonObject { ["deadline"] = "2026-06-20T17:00", ["reason"] = Huge }.ToJsonString(), null, "secretariat", "extension with a huge reason"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/withdrawal", new JsonObject { ["reason"] = Huge }.ToJsonString(), null, "secretariat", "withdrawal with a huge reason"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/withdrawal", "{\"reason\": 42}", null, "secretariat", "withdrawal with a number for a reason"));

        // Missing fields, wrong party, wrong role, stale or garbage If-Match, a closure that is not possible now.
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{}", null, "fp-kaz", "respond without a kind"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"object\"}", null, "fp-kaz", "objection without a reason"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"agree\", \"party\": \"MON\"}", null, "fp-kaz", "respond for another party"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"agree\"}", null, "secretariat", "respond without a party role"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"agree\"}", "\"99\"", "fp-kaz", "stale If-Match"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"agree\"}", "garbage", "fp-kaz", "garbage If-Match"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/extension", "{}", null, "secretariat", "extension without a deadline"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/extension", "{\"deadline\": \"2026-06-20T17:00\"}", null, "fp-kaz", "extension by a focal point"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/withdrawal", "{}", null, "fp-kaz", "withdrawal by a focal point"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/closure", "{}", null, "secretariat", "closure while circulating"));

        // Unknown ids.
        foreach (var unknown in UnknownIds)
        {
            requests.Add((HttpMethod.Post, $"/api/procedures/{unknown}/responses", "{\"kind\": \"agree\"}", null, "fp-kaz", $"respond to unknown {unknown[..Math.Min(unknown.Length, 12)]}"));
            requests.Add((HttpMethod.Post, $"/api/procedures/{unknown}/extension", "{\"deadline\": \"2026-06-20T17:00\"}", null, "secretariat", "extend unknown"));
            requests.Add((HttpMethod.Post, $"/api/procedures/{unknown}/withdrawal", "{}", null, "secretariat", "withdraw unknown"));
            requests.Add((HttpMethod.Post, $"/api/procedures/{unknown}/closure", "{}", null, "secretariat", "close unknown"));
            requests.Add((HttpMethod.Get, $"/api/procedures/{unknown}", string.Empty, null, "secretariat", "read unknown"));
            requests.Add((HttpMethod.Get, $"/api/procedures/{unknown}/record", string.Empty, null, "secretariat", "record of unknown"));
        }

        requests.Add((HttpMethod.Get, $"/api/procedures/{key}/record?format=pdf", string.Empty, null, "secretariat", "record of an open procedure"));
        requests.Add((HttpMethod.Post, $"/api/procedures/{key}/responses", "{\"kind\": \"agree\"}", null, string.Empty, "no token"));

        await MalformedRequests.AssertEachRefusedAsync(d, requests.Select(r => new BadRequest(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6)));
    }

    private static JsonObject ValidLaunch() => new()
    {
        ["area"] = "TF",
        ["title"] = "Article 5",
        ["text"] = "Each Party shall promptly publish its laws.",
        ["mode"] = "silence",
        ["deadline"] = "2026-06-15T17:00",
    };

}
