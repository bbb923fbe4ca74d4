using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Support;

/// <summary>One bad request: what it is, who sends it, and what makes it bad.</summary>
public sealed record BadRequest(HttpMethod Method, string Url, string Body, string? IfMatch, string Person, string What);

/// <summary>
/// Generated bad requests (wrong types, huge strings, broken JSON) and the check that each gets a 4xx ProblemDetails,
/// never a 500, and leaves every table of the database as it was.
/// </summary>
public static class MalformedRequests
{
    public static readonly string Huge = new('x', 1_000_000);

    public static readonly JsonNode?[] BadValues =
    [
        123, -1, 1e308, true, false, new JsonArray(), new JsonArray(1, 2), new JsonObject(), new JsonObject { ["a"] = 1 },
        "", " ", "\u0000", "ZZ", "not a date", "P-1D", "P0D", "2026-02-30T10:00", "9999-12-31T23:59", "../../etc/passwd",
        "<script>alert(1)</script>", "'; DROP TABLE workflow_instances; --", Huge, new string('é', 50_000),
    ];

    public static readonly string[] BrokenBodies =
    [
        "", "{", "}", "[", "[]", "null", "123", "\"text\"", "{\"area\": 12", "{\"area\": \"TF\",}", "{'area': 'TF'}",
        "{\"area\": \"TF\" \"title\": \"x\"}", "\u0000\u0001\u0002", "{\"reminders\": [\"P1D\", ]}", "{\"title\": \"\\uZZZZ\"}",
    ];

    /// <summary>Unknown ids, including ones that try to escape the route.</summary>
    public static readonly string[] UnknownIds = ["XX-1999-999", "NOPE", new string('K', 5_000), "%20x%20", "..%2F..%2Fetc"];

    public static string Show(string body) => body.Length > 30 ? body[..30] + "…" : body;

    /// <summary>
    /// A valid body with one to three fields replaced by a bad value, plus <paramref name="sure"/>: one change that no
    /// request accepts, so that no generated request is valid by chance.
    /// </summary>
    public static JsonObject Mutate(JsonObject valid, Random random, string[] fields, Action<JsonObject> sure, out string changed)
    {
        var body = (JsonObject)valid.DeepClone();
        var names = new List<string>();
        for (var k = 1 + random.Next(3); k > 0; k--)
        {
            var field = fields[random.Next(fields.Length)];
            body[field] = BadValues[random.Next(BadValues.Length)]?.DeepClone();
            names.Add(field);
        }

        sure(body);
        if (random.Next(4) == 0)
        {
            body[$"unknown{random.Next(1000)}"] = BadValues[random.Next(BadValues.Length)]?.DeepClone();
        }

        changed = string.Join(", ", names);
        return body;
    }

    public static async Task AssertEachRefusedAsync(ProcedureDriver d, IEnumerable<BadRequest> requests)
    {
        var list = requests.ToList();
        foreach (var person in list.Select(r => r.Person).Where(p => p.Length > 0).Distinct())
        {
            await d.TokenAsync(person);
        }

        var before = await FingerprintAsync(d);
        foreach (var (method, url, body, ifMatch, person, what) in list)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (person.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await d.TokenAsync(person));
            }

            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await d.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{what} ({method} {Show(url)} as {person}): {status} {text[..Math.Min(text.Length, 500)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(text);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        }

        Assert.Equal(before, await FingerprintAsync(d));
    }

    /// <summary>
    /// Row count of every table of the model, and the sum of the instances' versions: a request that changed anything
    /// (a row written, an instance stepped) changes it.
    /// </summary>
    public static async Task<string> FingerprintAsync(ProcedureDriver d)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var parts = new List<string> { "versions=" + await db.Instances.SumAsync(i => i.Version) };
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // table names come from the model, not from input
            var count = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002
            parts.Add($"{table}={count}");
        }

        return string.Join(',', parts);
    }
}
