using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.MalformedRequests;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>
/// Bad requests to the negotiation's endpoints (documents, stage transitions and their answers, delegations, meetings,
/// consultations, parties, reports, working groups and rounds), generated from a seed: wrong types, huge strings,
/// missing fields, unknown ids, broken JSON, wrong people. Each must get a 4xx ProblemDetails, never a 500, and leave
/// every table as it was.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class MalformedNegotiationRequestTests
{
    private static readonly DateTimeOffset Start = NegotiationDriver.Manila(3, 2, 9);

    [Fact]
    public async Task GeneratedBadNegotiationRequests_AreEachA4xxProblem_AndChangeNothing()
    {
        await using var n = await NegotiationDriver.StartAsync(Start);
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var transition = await n.ProposeAsync(Start.AddDays(10));
        var meeting = (await n.PostAsync("secretariat", "/api/meetings", ValidMeeting(), HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var consultation = (await n.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KGZ" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var random = new Random(21);
        var requests = new List<BadRequest>();
        void Generate(string url, string person, JsonObject valid, string[] fields, Action<JsonObject> sure, int count = 25)
        {
            foreach (var broken in BrokenBodies)
            {
                requests.Add(new BadRequest(HttpMethod.Post, url, broken, null, person, $"{url} with {Show(broken)}"));
            }

            for (var i = 0; i < count; i++)
            {
                var body = Mutate(valid, random, fields, sure, out var changed);
                requests.Add(new BadRequest(HttpMethod.Post, url, body.ToJsonString(), null, person, $"{url} with bad {changed}"));
            }
        }

        Generate("/api/negotiation/documents", "secretariat",
            new JsonObject { ["kind"] = "other", ["title"] = "Note", ["document"] = "CARTIF/N/1", ["version"] = "1" },
            ["kind", "title", "document", "version", "area", "summary", "priorities"],
            b => { switch (random.Next(3)) { case 0: b.Remove("title"); break; case 1: b["kind"] = "no-such-kind"; break; default: b["summary"] = Huge; break; } });
        Generate("/api/negotiation/transitions", "secretariat",
            new JsonObject { ["justification"] = "Ready.", ["deadline"] = "2026-03-20T17:00" },
            ["justification", "deadline", "key"],
            b => { switch (random.Next(3)) { case 0: b.Remove("justification"); break; case 1: b["deadline"] = "2026-03-01T17:00"; break; default: b["justification"] = Huge; break; } });
        Generate($"/api/transitions/{transition}/approval", "cn-kaz",
            new JsonObject { ["reason"] = "Agreed." },
            ["reason", "party"],
            b => { switch (random.Next(2)) { case 0: b["party"] = "MON"; break; default: b["reason"] = Huge; break; } });
        Generate($"/api/transitions/{transition}/rejection", "cn-kaz",
            new JsonObject { ["reason"] = "Not ready." },
            ["reason", "party"],
            b => { switch (random.Next(3)) { case 0: b.Remove("reason"); break; case 1: b["party"] = "MON"; break; default: b["reason"] = Huge; break; } });
        Generate("/api/delegations", "cn-kaz",
            new JsonObject { ["delegate"] = "ln-kaz-tf", ["from"] = "2026-03-03T09:00", ["until"] = "2026-03-10T17:00", ["reason"] = "Travel." },
            ["delegate", "from", "until", "reason"],
            b => { switch (random.Next(4)) { case 0: b["delegate"] = "fp-mon"; break; case 1: b["until"] = "2026-03-02T08:00"; break; case 2: b.Remove("delegate"); break; default: b["reason"] = Huge; break; } });
        Generate("/api/meetings", "secretariat", ValidMeetingJson(),
            ["title", "kind", "format", "place", "timeZone", "start", "duration", "audience", "area", "agenda", "reminders", "key"],
            b => { switch (random.Next(4)) { case 0: b["timeZone"] = "Mars/Olympus_Mons"; break; case 1: b["format"] = "telepathy"; break; case 2: b.Remove("start"); break; default: b["agenda"] = Huge; break; } });
        Generate($"/api/meetings/{meeting}/rescheduling", "secretariat",
            new JsonObject { ["start"] = "2026-04-10T10:00", ["reason"] = "Clash." },
            ["start", "duration", "place", "reason"],
            b => { switch (random.Next(3)) { case 0: b.Remove("start"); break; case 1: b["start"] = "2026-03-01T10:00"; break; default: b["reason"] = Huge; break; } });
        Generate($"/api/meetings/{meeting}/cancellation", "secretariat", new JsonObject { ["reason"] = "Postponed." }, ["reason"],
            b => { if (random.Next(2) == 0) { b.Remove("reason"); } else { b["reason"] = Huge; } }, count: 8);
        Generate($"/api/consultations/{consultation}/interview", "secretariat",
            new JsonObject { ["at"] = "2026-03-12T10:00", ["format"] = "online", ["place"] = "Video call" },
            ["at", "format", "place"],
            b => { switch (random.Next(3)) { case 0: b.Remove("at"); break; case 1: b["format"] = "carrier-pigeon"; break; default: b["place"] = Huge; break; } });
        Generate($"/api/consultations/{consultation}/declination", "fp-kgz", new JsonObject { ["reason"] = "Not now." }, ["reason", "party"],
            b => { if (random.Next(2) == 0) { b["party"] = "KAZ"; } else { b["reason"] = Huge; } }, count: 8);
        Generate("/api/parties/KAZ/status-changes", "secretariat",
            new JsonObject { ["status"] = "observer", ["effectiveFrom"] = "2026-04-01", ["note"] = "Letter of 1 March." },
            ["status", "effectiveFrom", "note"],
            b => { switch (random.Next(3)) { case 0: b["status"] = "emperor"; break; case 1: b.Remove("status"); break; default: b["note"] = Huge; break; } });
        Generate("/api/reports/progress", "secretariat", new JsonObject { ["summary"] = "Progress." }, ["summary", "outstandingIssues"],
            b => { if (random.Next(2) == 0) { b.Remove("summary"); } else { b["summary"] = Huge; } }, count: 8);

        // The right request from the wrong person: nobody acts outside their role or for another party.
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/approval", "{}", null, "fp-kaz", "approval by a focal point"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/approval", "{}", null, "ln-kaz-tf", "approval by a lead negotiator without delegation"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/approval", "{}", null, "obs-aze", "approval by an observer"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/approval", "{}", null, "secretariat", "approval by the Secretariat"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/approval", "{}", "\"99\"", "cn-kaz", "approval with a stale If-Match"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/revision", "{\"justification\": \"Again.\", \"deadline\": \"2026-03-25T17:00\"}", null, "secretariat", "revision without a rejection"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{transition}/withdrawal", "{\"reason\": \"No.\"}", null, "cn-kaz", "withdrawal by a Chief Negotiator"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/negotiation/transitions", "{\"justification\": \"Ready.\", \"deadline\": \"2026-03-20T17:00\"}", null, "cn-kaz", "proposal by a Chief Negotiator"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/negotiation/transitions", "{\"justification\": \"Ready.\", \"deadline\": \"2026-03-20T17:00\"}", null, "secretariat", "a second proposal while one is open"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/delegations", "{\"delegate\": \"ln-kaz-tf\", \"until\": \"2026-03-10T17:00\"}", null, "fp-kaz", "delegation by a focal point"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/delegations", "{\"delegate\": \"ln-kaz-tf\", \"until\": \"2026-03-10T17:00\"}", null, "cn-mon", "delegation to another party's lead negotiator"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/meetings", ValidMeetingJson().ToJsonString(), null, "fp-kaz", "meeting convened by a focal point"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/meetings/{meeting}/outcome", "{\"summary\": \"Done.\"}", null, "secretariat", "outcome before the meeting began"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/consultations/{consultation}/declination", "{\"reason\": \"No.\"}", null, "fp-kaz", "declination by another party"));
        requests.Add(new BadRequest(HttpMethod.Post, $"/api/consultations/{consultation}/findings", "{\"priorities\": \"Trade.\"}", null, "fp-kgz", "findings by a focal point"));
        requests.Add(new BadRequest(HttpMethod.Get, $"/api/consultations/{consultation}", string.Empty, null, "fp-kaz", "another party's consultation"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/parties/ZZZ/status-changes", "{\"status\": \"observer\", \"effectiveFrom\": \"2026-04-01\"}", null, "secretariat", "unknown party"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/parties/KAZ/status-changes", "{\"status\": \"observer\", \"effectiveFrom\": \"2026-04-01\"}", null, "fp-kaz", "status change by a focal point"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/negotiation", "{}", null, "secretariat", "a second negotiation"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/negotiation/zero-round", "{\"title\": \"Zero Round\"}", null, "secretariat", "the Zero Round in Phase 1"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/negotiation/working-groups", "{\"area\": \"TF\"}", null, "secretariat", "a working group in Phase 1"));
        requests.Add(new BadRequest(HttpMethod.Post, "/api/transitions/" + transition + "/approval", "{}", null, string.Empty, "no token"));

        foreach (var unknown in UnknownIds)
        {
            var shown = unknown[..Math.Min(unknown.Length, 12)];
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{unknown}/approval", "{}", null, "cn-kaz", $"approve unknown {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/transitions/{unknown}/rejection", "{\"reason\": \"No.\"}", null, "cn-kaz", $"reject unknown {shown}"));
            requests.Add(new BadRequest(HttpMethod.Get, $"/api/transitions/{unknown}", string.Empty, null, "secretariat", $"read unknown transition {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/delegations/{unknown}/revocation", "{}", null, "cn-kaz", $"revoke unknown {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/meetings/{unknown}/cancellation", "{\"reason\": \"No.\"}", null, "secretariat", $"cancel unknown {shown}"));
            requests.Add(new BadRequest(HttpMethod.Get, $"/api/meetings/{unknown}", string.Empty, null, "secretariat", $"read unknown meeting {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/consultations/{unknown}/findings", "{\"priorities\": \"Trade.\"}", null, "secretariat", $"findings for unknown {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/working-groups/{unknown}/rounds", "{\"deadline\": \"2026-04-01T17:00\"}", null, "secretariat", $"round of unknown group {shown}"));
            requests.Add(new BadRequest(HttpMethod.Post, $"/api/rounds/{unknown}/comments", "{\"kind\": \"no-comments\"}", null, "fp-kaz", $"comment on unknown round {shown}"));
        }

        await AssertEachRefusedAsync(n.P, requests);
    }

    private static object ValidMeeting() => new
    {
        title = "Chief Negotiators' preparatory meeting",
        kind = "chief-negotiators",
        format = "online",
        place = "Videoconference",
        timeZone = "Asia/Manila",
        start = "2026-05-08T14:00",
        audience = "chief-negotiators",
        agenda = "Zero Round preparations.",
    };

    private static JsonObject ValidMeetingJson() => new()
    {
        ["title"] = "Another meeting",
        ["kind"] = "other",
        ["format"] = "hybrid",
        ["place"] = "Almaty",
        ["timeZone"] = "Asia/Almaty",
        ["start"] = "2026-04-08T10:00",
        ["audience"] = "delegations",
        ["agenda"] = "Items.",
    };
}
