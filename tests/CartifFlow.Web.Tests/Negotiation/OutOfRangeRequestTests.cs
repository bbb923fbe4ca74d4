using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.MalformedRequests;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>
/// Values at the edges (durations past a TimeSpan, times at the calendar's ends, nulls inside lists, keys that cannot
/// go into a URL, texts longer than their column): each is a 4xx ProblemDetails that changes nothing, never a 500.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class OutOfRangeRequestTests
{
    private static readonly DateTimeOffset Start = NegotiationDriver.Manila(3, 2, 9).ToUniversalTime();

    private const string Meeting = "\"title\": \"M\", \"kind\": \"other\", \"format\": \"online\", \"place\": \"Video\", \"audience\": \"delegations\", \"agenda\": \"Items.\"";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ValuesAtTheEdges_AreEachA4xxProblem_AndChangeNothing(string provider)
    {
        await using var n = await NegotiationDriver.StartAsync(Start, provider);
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var transition = await n.ProposeAsync(Start.AddDays(10));
        var meeting = (await n.PostAsync("secretariat", "/api/meetings", new { title = "M", kind = "other", format = "online", place = "Video", audience = "delegations", agenda = "Items.", timeZone = "Asia/Manila", start = "2026-04-08T10:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        BadRequest Post(string url, string body, string person, string what) => new(HttpMethod.Post, url, body, null, person, what);
        await AssertEachRefusedAsync(n.P,
        [
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"duration\": \"P99999999D\"}}", "secretariat", "a duration past TimeSpan"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"duration\": \"P36526D\"}}", "secretariat", "a duration over 100 years"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"9999-12-31T23:00\"}}", "secretariat", "a start at the calendar's end"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"0001-01-01T00:00\"}}", "secretariat", "a start at the calendar's beginning"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Etc/GMT-14\", \"start\": \"0001-01-01T00:00\"}}", "secretariat", "a local start before year 1 in UTC"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"reminders\": [\"P3650000D\"]}}", "secretariat", "a reminder offset past the calendar"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"key\": \"bad\\nkey\"}}", "secretariat", "a key with a line break"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"key\": \"Встреча-1\"}}", "secretariat", "a key in Cyrillic"),
            Post("/api/meetings", $"{{{Meeting}, \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\", \"key\": \"MTG/1\"}}", "secretariat", "a key with a slash"),
            Post("/api/negotiation/transitions", "{\"justification\": \"Ready.\", \"deadline\": \"2026-03-20T17:00\", \"key\": \"TR 1\"}", "secretariat", "a transition key with a space"),
            Post($"/api/meetings/{meeting}/outcome", "{\"summary\": \"Done.\", \"areas\": [null]}", "secretariat", "null among the areas"),
            Post("/api/capacity-building", "{\"kind\": \"training\", \"title\": \"T\", \"parties\": [null], \"start\": \"2026-05-01T09:00\", \"format\": \"online\"}", "secretariat", "null among the parties"),
            Post("/api/negotiation/working-groups", "{\"area\": \"TF\", \"members\": [null]}", "secretariat", "null among the members"),
            Post("/api/capacity-building", $"{{\"kind\": \"training\", \"title\": \"{new string('t', 501)}\", \"parties\": [\"KAZ\"], \"start\": \"2026-05-01T09:00\", \"format\": \"online\"}}", "secretariat", "a capacity-building title over 500 characters"),
            Post("/api/delegations", $"{{\"delegate\": \"ln-kaz-tf\", \"until\": \"2026-03-10T17:00\", \"reason\": \"{new string('r', 2_001)}\"}}", "cn-kaz", "a delegation reason over 2,000 characters"),
            Post("/api/procedures", "{\"area\": \"TF\", \"title\": \"T\", \"text\": \"X.\", \"deadline\": \"2026-04-15T17:00\", \"reminders\": [\"P3650000D\"]}", "secretariat", "a procedure reminder past the calendar"),
            Post("/api/procedures", "{\"area\": \"TF\", \"title\": \"T\", \"text\": \"X.\", \"deadline\": \"9999-12-31T23:59\"}", "secretariat", "a procedure deadline at the calendar's end"),
            Post("/api/meetings", $"{{\"title\": \"M\", \"kind\": \"other\", \"format\": \"online\", \"place\": \"Video\", \"audience\": \"delegations\", \"agenda\": \"{new string('a', 20_001)}\", \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\"}}", "secretariat", "a meeting agenda over 20,000 characters (copied into every invitation)"),
            Post("/api/meetings", $"{{\"title\": \"M\", \"kind\": \"other\", \"format\": \"online\", \"place\": \"{new string('p', 501)}\", \"audience\": \"delegations\", \"timeZone\": \"Asia/Manila\", \"start\": \"2026-04-08T10:00\"}}", "secretariat", "a meeting place over 500 characters"),
            Post("/api/capacity-building", $"{{\"kind\": \"training\", \"title\": \"T\", \"parties\": [\"KAZ\"], \"start\": \"2026-05-01T09:00\", \"format\": \"online\", \"description\": \"{new string('d', 20_001)}\"}}", "secretariat", "a capacity-building description over 20,000 characters"),
            Post("/api/procedures", $"{{\"area\": \"TF\", \"title\": \"T\", \"document\": \"{new string('d', 501)}\", \"deadline\": \"2026-04-15T17:00\"}}", "secretariat", "a procedure document reference over 500 characters"),
            Post($"/api/transitions/{transition}/approval", "{\"reason\": \"ok\"}", "secretariat", "(control) approval by the Secretariat"),
        ]);
    }

    [Fact]
    public async Task StartingTheNegotiation_WithMonitoringEndingInThePast_IsRefusedAtThatField()
    {
        // Monitoring would have ended at once, for good: no consolidated report could be issued afterwards.
        await using var n = await NegotiationDriver.StartAsync(Start);

        var refused = await n.PostAsync("secretariat", "/api/negotiation", new { monitoringUntil = "2026-03-01T17:00" }, HttpStatusCode.BadRequest);

        Assert.NotNull(refused!["errors"]!["monitoringUntil"]);
        Assert.Equal(HttpStatusCode.NotFound, (await n.P.SendAsync(HttpMethod.Get, "secretariat", "/api/negotiation")).StatusCode);
        await n.StartNegotiationAsync();
    }

    [Fact]
    public async Task ProposingATransitionUnderTheKeyOfAWithdrawnOne_IsAConflict_NotAServerError()
    {
        await using var n = await NegotiationDriver.StartAsync(Start);
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var body = new { justification = "Ready.", deadline = "2026-03-20T17:00", key = "TR-X" };
        await n.PostAsync("secretariat", "/api/negotiation/transitions", body, HttpStatusCode.Created);
        await n.PostAsync("secretariat", "/api/transitions/TR-X/withdrawal", new { reason = "Too early." });

        var again = await n.PostAsync("secretariat", "/api/negotiation/transitions", body, HttpStatusCode.Conflict);

        Assert.Equal("key-exists", again!["code"]!.GetValue<string>());
        Assert.Equal("Withdrawn", await n.StateAsync("/api/transitions/TR-X"));
    }
}
