using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CartifFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>
/// Every API endpoint the host maps (read from its endpoint data source, so that a new endpoint without a row here
/// fails) against an observer, another party's focal point, the Secretariat, Kazakhstan's Chief Negotiator and focal
/// point, and nobody: 401 without a token (the public workflow definitions aside), 403 wherever the person does not belong, and past authorisation (any other
/// status) where they do. Bodies are empty objects, so an allowed write is mostly refused for its missing fields.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class ApiAuthorizationTests
{
    // Those who may not act come first, so that an allowed write (bodies are empty objects) changes the state only after
    // everyone else has been refused in the state the fixtures set up.
    private static readonly string[] People = ["obs-aze", "fp-mon", "secretariat", "cn-kaz", "fp-kaz"];

    // Y: gets past authorisation (any status but 401/403); N: 403. Order of People. Anonymous: always 401.
    // Reads are open to everyone signed in (observers receive information copies of the same things) except the
    // registry of people and a procedure's delivery status (Secretariat), a readiness consultation (the Secretariat
    // and the party consulted) and a procedure's record (the Secretariat and the taking-part parties). Rows whose fixture is not built here (capacity building, working groups, rounds,
    // reports) run against an unknown id: for them Y may be a 404, and the domain's own checks are tested elsewhere.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["POST /api/calendars/deadline-review"] = "NNYNN",
        ["GET /api/calendars/{party}/{year:int}"] = "NNYNN",
        ["POST /api/calendars/{party}/holidays"] = "NNYNN",
        ["DELETE /api/calendars/{party}/holidays/{id:long}"] = "NNYNN",
        ["GET /api/capacity-building/"] = "YYYYY",
        ["POST /api/capacity-building/"] = "NNYNN",
        ["GET /api/capacity-building/{key}"] = "YYYYY",
        ["POST /api/capacity-building/{key}/cancellation"] = "NNYNN",
        ["POST /api/capacity-building/{key}/delivery"] = "NNYNN",
        ["GET /api/consultations/"] = "YYYYY",
        ["GET /api/consultations/{key}"] = "NNYYY",
        ["POST /api/consultations/{key}/declination"] = "NNNYY",
        ["POST /api/consultations/{key}/findings"] = "NNYNN",
        ["POST /api/consultations/{key}/interview"] = "NNYNN",
        ["POST /api/consultations/{key}/interview-held"] = "NNYNN",
        ["GET /api/delegations/"] = "YYYYY",
        ["POST /api/delegations/"] = "NNNYN",
        ["GET /api/delegations/{key}"] = "YYYYY",
        ["POST /api/delegations/{key}/revocation"] = "NNNYN",
        ["GET /api/drafts/"] = "YYYYY",
        ["GET /api/drafts/{area}"] = "YYYYY",
        ["GET /api/drafts/{area}/compare"] = "YYYYY",
        ["GET /api/drafts/{area}/convergence"] = "YYYYY",
        ["GET /api/drafts/{area}/notes"] = "YYNYY",
        ["PUT /api/drafts/{area}/notes/{id}"] = "YYNYY",
        ["POST /api/drafts/{area}/procedures"] = "NNYNN",
        ["POST /api/drafts/{area}/provisions/{id}/wording"] = "NNYNN",
        ["GET /api/drafts/{area}/referrals"] = "NYYYY",
        ["POST /api/drafts/{area}/revisions"] = "NNYNN",
        ["GET /api/drafts/{area}/revisions/{n:int}"] = "YYYYY",
        ["POST /api/drafts/{area}/revisions/{n:int}/circulation"] = "NNYNN",
        ["GET /api/meetings/"] = "YYYYY",
        ["POST /api/meetings/"] = "NNYNN",
        ["GET /api/meetings/{key}"] = "YYYYY",
        ["GET /api/meetings/{key}/attendance"] = "NNYNN",
        ["POST /api/meetings/{key}/attendance"] = "NYNYY",
        ["POST /api/meetings/{key}/cancellation"] = "NNYNN",
        ["POST /api/meetings/{key}/outcome"] = "NNYNN",
        ["POST /api/meetings/{key}/rescheduling"] = "NNYNN",
        ["PUT /api/me/digest"] = "YYYYY",
        ["GET /api/negotiating-areas"] = "YYYYY",
        ["GET /api/negotiation/"] = "YYYYY",
        ["POST /api/negotiation/"] = "NNYNN",
        ["POST /api/negotiation/consultations"] = "NNYNN",
        ["GET /api/negotiation/documents"] = "YYYYY",
        ["POST /api/negotiation/documents"] = "NNYNN",
        ["GET /api/negotiation/history"] = "YYYYY",
        ["POST /api/negotiation/ministerial-decision"] = "NNYNN",
        ["GET /api/negotiation/ministerial-report"] = "YYYYY",
        ["POST /api/negotiation/ministerial-report"] = "NNYNN",
        ["POST /api/negotiation/ministerial-conference"] = "NNYNN",
        ["POST /api/negotiation/ministerial-review"] = "NNYNN",
        ["POST /api/negotiation/next-roadmap"] = "NNYNN",
        ["POST /api/negotiation/conclusion"] = "NNYNN",
        ["GET /api/negotiation/roadmap"] = "YYYYY",
        ["POST /api/negotiation/transitions"] = "NNYNN",
        ["POST /api/negotiation/working-groups"] = "NNYNN",
        ["POST /api/negotiation/zero-round"] = "NNYNN",
        ["GET /api/parties"] = "YYYYY",
        ["POST /api/parties/{code}/status-changes"] = "NNYNN",
        ["GET /api/people"] = "NNYNN",
        ["POST /api/people"] = "NNYNN",
        ["PATCH /api/people/{id}"] = "NNYNN",
        ["POST /api/people/{id}/deactivation"] = "NNYNN",
        ["POST /api/people/{id}/replacement"] = "NNYNN",
        ["PUT /api/me/preferences"] = "YYYYY",
        ["GET /api/procedures/"] = "YYYYY",
        ["POST /api/procedures/"] = "NNYNN",
        ["GET /api/procedures/{key}"] = "YYYYY",
        ["POST /api/procedures/{key}/closure"] = "NNYNN",
        ["POST /api/procedures/{key}/extension"] = "NNYNN",
        ["GET /api/procedures/{key}/messages"] = "NNYNN",
        ["GET /api/procedures/{key}/record"] = "NYYYY", // the record goes to the Secretariat and the taking-part parties
        ["POST /api/procedures/{key}/responses"] = "NYNYY",
        ["GET /api/procedures/{key}/status"] = "YYYYY",
        ["POST /api/procedures/{key}/withdrawal"] = "NNYNN",
        ["GET /api/reports/"] = "YYYYY",
        ["POST /api/reports/progress"] = "NNYNN",
        ["GET /api/reports/{id:long}"] = "YYYYY",
        ["GET /api/rounds/{key}"] = "YYYYY",
        ["POST /api/rounds/{key}/comments"] = "YYYYY",
        ["POST /api/rounds/{key}/consolidation"] = "NNYNN",
        ["POST /api/rounds/{key}/decisions"] = "NNYNN",
        ["POST /api/rounds/{key}/drafting"] = "NNYNN",
        ["POST /api/rounds/{key}/extension"] = "NNYNN",
        ["GET /api/rounds/{key}/record"] = "NNYNN",
        ["GET /api/transitions/"] = "YYYYY",
        ["GET /api/transitions/{key}"] = "YYYYY",
        ["POST /api/transitions/{key}/approval"] = "NNNYN",
        ["POST /api/transitions/{key}/extension"] = "NNYNN",
        ["POST /api/transitions/{key}/rejection"] = "NNNYN",
        ["POST /api/transitions/{key}/revision"] = "NNYNN",
        ["POST /api/transitions/{key}/withdrawal"] = "NNYNN",
        ["GET /api/workflow-definitions/"] = "YYYYY",
        ["GET /api/workflow-definitions/{id}/{version:int}"] = "YYYYY",
        ["GET /api/working-groups/"] = "YYYYY",
        ["GET /api/working-groups/{area}"] = "YYYYY",
        ["POST /api/working-groups/{area}/parties"] = "NNYNN",
        ["POST /api/working-groups/{area}/reports"] = "NNYNN",
        ["POST /api/working-groups/{area}/rounds"] = "NNYNN",
        ["POST /api/working-groups/{area}/stable"] = "NNYNN",
        ["POST /api/working-groups/{area}/terms"] = "NNYNN",
    };

    [Fact]
    public async Task EveryApiEndpoint_AgainstEveryRoleAndAForeignParty_OnlyThoseWhoBelongGetPastAuthorisation()
    {
        await using var n = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{key}"] = "",
            ["{code}"] = "KAZ",
            ["{area}"] = "TF",
            ["{id}"] = "written-procedure",
            ["{version:int}"] = "1",
            ["{id:long}"] = "1",
            ["{n:int}"] = "1",
            ["{party}"] = "KAZ",
            ["{year:int}"] = "2026",
        };
        var procedure = await n.P.LaunchAsync();
        var transition = await n.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        var meeting = (await n.PostAsync("secretariat", "/api/meetings", new { title = "CN meeting", kind = "chief-negotiators", format = "online", place = "Video", timeZone = "Asia/Manila", start = "2026-05-28T14:00", audience = "chief-negotiators" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var consultation = (await n.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var delegation = (await n.PostAsync("cn-kaz", "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-30T17:00", reason = "Travel." }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var endpoints = n.P.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in People)
        {
            tokens[person] = await n.P.TokenAsync(person);
        }

        var failures = new List<string>();
        var seen = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var row = $"{method} {pattern}";
            seen.Add(row);
            var key = pattern.StartsWith("/api/procedures", StringComparison.Ordinal) ? procedure
                : pattern.StartsWith("/api/transitions", StringComparison.Ordinal) ? transition
                : pattern.StartsWith("/api/meetings", StringComparison.Ordinal) ? meeting
                : pattern.StartsWith("/api/consultations", StringComparison.Ordinal) ? consultation
                : pattern.StartsWith("/api/delegations", StringComparison.Ordinal) ? delegation
                : "NONE-1";
            var path = ids.Aggregate(pattern, (p, id) => p.Replace(id.Key, id.Key == "{key}" ? key : id.Value, StringComparison.Ordinal));
            var actual = new StringBuilder();
            foreach (var person in People.Append(string.Empty))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (person.Length > 0)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[person]);
                }

                if (method != "GET")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await n.P.Client.SendAsync(request);
                var status = response.StatusCode;
                if (person.Length == 0)
                {
                    // The workflow definitions are public by design (docs/operations.md): the process, not its data.
                    var expectedAnonymous = pattern.StartsWith("/api/workflow-definitions", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
                    if (status != expectedAnonymous)
                    {
                        failures.Add($"{row} without a token: {(int)status}, expected {(int)expectedAnonymous}");
                    }

                    continue;
                }

                actual.Append(status == HttpStatusCode.Forbidden ? 'N' : status == HttpStatusCode.Unauthorized ? '!' : 'Y');
            }

            if (!Expected.TryGetValue(row, out var expected))
            {
                failures.Add($"[\"{row}\"] = \"{actual}\", // no row in the matrix");
            }
            else if (expected != actual.ToString())
            {
                failures.Add($"{row}: expected {expected}, got {actual} (obs-aze, fp-mon, secretariat, cn-kaz, fp-kaz)");
            }
        }

        failures.AddRange(Expected.Keys.Except(seen).Select(r => $"{r}: in the matrix but not mapped"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
