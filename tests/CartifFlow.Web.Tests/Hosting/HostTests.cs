using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Hosting;

[Collection(HostTestGroup.Name)]
public sealed class HostTests
{
    private static readonly Actor Secretariat = Actor.Person("sec-1", null, "secretariat");

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Health_IsOk_WhenDatabaseAndHangfireAreReady(string provider)
    {
        await using var data = await HostData.CreateAsync(provider);
        await using var host = data.StartHost();
        using var client = host.CreateClient();

        var response = await Eventually.EventuallyAsync(() => client.GetAsync(new Uri("/health", UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["hangfire"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost();
        using var client = host.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        Assert.NotNull(document["paths"]!["/api/workflow-definitions"]);
    }

    [Fact]
    public async Task WorkflowDefinitions_AreListed_WithTheirDiagram()
    {
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost();
        using var client = host.CreateClient();

        var list = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/workflow-definitions", UriKind.Relative)))!.AsArray();
        var detail = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/workflow-definitions/countdown/1", UriKind.Relative)))!;
        var missing = await client.GetAsync(new Uri("/api/workflow-definitions/nothing/1", UriKind.Relative));

        Assert.Contains(list, d => d!["id"]!.GetValue<string>() == "countdown");
        Assert.StartsWith("stateDiagram-v2", detail["mermaid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Timer_SurvivesAHostRestart_AndFiresExactlyOnce(string provider)
    {
        await using var data = await HostData.CreateAsync(provider);
        Guid id;
        await using (var first = data.StartHost())
        {
            var started = await first.Engine.StartAsync(
                new StartRequest("countdown", "C-1", new JsonObject { ["due"] = data.Time.GetUtcNow().AddDays(2).ToString("O") }), Secretariat);
            Assert.True(started.Applied, started.Message);
            id = started.Instance!.Id;
        }

        data.Time.Advance(TimeSpan.FromDays(3)); // the timer falls due while no host runs
        await using (var second = data.StartHost())
        {
            var instance = await Eventually.EventuallyAsync(() => second.Engine.GetInstanceAsync(id), i => i!.State == "Elapsed");
            Assert.Equal("Elapsed", instance!.State);
        }

        data.Time.Advance(TimeSpan.FromDays(3));
        await using var third = data.StartHost();
        _ = third.Server; // start it: its timer pump runs one pass over the same rows
        await Eventually.EventuallyAsync(() => Task.FromResult(0), _ => false, TimeSpan.FromSeconds(2));
        var history = await third.Engine.GetHistoryAsync(id);
        Assert.Single(history, e => e.Trigger == "elapsed");
        Assert.True((await third.Engine.VerifyAuditChainAsync(id)).Intact);
    }

    [Fact]
    public async Task Timer_DueWhileTheHostRuns_FiresWhenTheClockReachesIt()
    {
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost();
        var started = await host.Engine.StartAsync(
            new StartRequest("countdown", "C-2", new JsonObject { ["due"] = data.Time.GetUtcNow().AddHours(1).ToString("O") }), Secretariat);

        data.Time.Advance(TimeSpan.FromMinutes(59));
        var before = await Eventually.EventuallyAsync(() => host.Engine.GetInstanceAsync(started.Instance!.Id), _ => false, TimeSpan.FromMilliseconds(500));
        data.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await Eventually.EventuallyAsync(() => host.Engine.GetInstanceAsync(started.Instance!.Id), i => i!.State == "Elapsed");

        Assert.Equal("Waiting", before!.State);
        Assert.Equal("Elapsed", after!.State);
    }

    [Fact]
    public async Task Host_RefusesToStart_OnAnInvalidDefinition_WithFileLineAndColumn()
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-bad-").FullName;
        var workflows = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "bad.yaml"), """
            id: bad
            version: 1
            triggers:
              go: { roles: [nobody] }
            initial: Start
            states:
              Start:
                on:
                  go: Finish
            """);
        var (exitCode, errors) = await HostProcess.RunAsync(folder, ("CartifFlow__Engine__WorkflowsPath", "workflows"));

        Assert.Equal(1, exitCode);
        Assert.Contains("workflows/bad.yaml:4:3: unknown role 'nobody' in trigger 'go'", errors);
        Assert.Contains("workflows/bad.yaml:9:11: unknown state 'Finish'", errors);
        Assert.Contains("workflows/bad.yaml:1:1: no final state", errors);
        var order = new[] { "bad.yaml:1:1:", "bad.yaml:4:3:", "bad.yaml:9:11:" }.Select(e => errors.IndexOf(e, StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.False(File.Exists(Path.Combine(folder, "x.db")), "nothing may be written when the definitions are invalid");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Host_RefusesToStart_WhenTheDigestTemplateIsMissing_NamingTheCodeThatSendsIt()
    {
        // The repository's definitions and templates, without the daily digest's: no definition names it, its job does.
        var folder = Directory.CreateTempSubdirectory("cartifflow-templates-").FullName;
        var workflows = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        var templates = Directory.CreateDirectory(Path.Combine(workflows, "templates")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestRepository.Root, "workflows"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(workflows, Path.GetFileName(file)));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(TestRepository.Root, "workflows", "templates")).Where(f => !Path.GetFileName(f).StartsWith("digest.", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
        }

        var (exitCode, errors) = await HostProcess.RunAsync(folder, ("CartifFlow__Engine__WorkflowsPath", workflows));

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: the workflow definitions are invalid.", errors, StringComparison.Ordinal);
        Assert.Contains("code 'CartifFlow.Negotiation.Digests.DailyDigests': sends template 'digest', which is not among the templates (workflows/templates)", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "x.db")), "nothing may be written when a template is missing");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Host_RefusesToStart_OnAnInvalidParticipantsFile_NamingEachEntry_WithoutAStackTrace()
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-seed-").FullName;
        var participants = Path.Combine(folder, "participants.yaml");
        await File.WriteAllTextAsync(participants, """
            parties:
              - code: KAZ
                name: Kazakhstan
                status:
                  - { status: negotiatin, from: "2025-11-20T00:00:00+06:00" }
            areas:
              - { code: TF, name: Trade facilitation, kind: initial-protocol }
            people:
              - { id: fp-kaz, name: A, email: a@example.org, party: KZA, time-zone: Asia/Almatyy, roles: [focal-point, lead-negotiator@XX] }
              - { id: fp-kaz, name: B, email: A@example.org, roles: [boss] }
              - { id: cn-kaz, name: C, email: "c@example.org; d@example.org", roles: [secretariat] }
            """);

        var (exitCode, stderr) = await HostProcess.RunAsync(folder, ("CartifFlow__Negotiation__ParticipantsSeedFile", participants));

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: a registry file to import at first start is invalid.", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: parties[1] (KAZ): status[1]: unknown status 'negotiatin' (negotiating, observer, not-participating)", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: people[1] (fp-kaz): unknown party 'KZA'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: people[1] (fp-kaz): unknown time zone 'Asia/Almatyy'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: people[1] (fp-kaz): unknown area 'XX' in role 'lead-negotiator@XX'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: people[2] (fp-kaz): unknown role 'boss'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: person id 'fp-kaz' is used 2 times", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: e-mail address 'A@EXAMPLE.ORG' is used 2 times", stderr, StringComparison.Ordinal);
        Assert.Contains($"{participants}: people[3] (cn-kaz): email 'c@example.org; d@example.org' is not an address (one address, such as name@example.org)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Host_RefusesToStart_OnInvalidSettings_NamingEachSetting_WithoutAStackTrace()
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-settings-").FullName;

        var (exitCode, output) = await HostProcess.RunAsync(
            folder,
            ("CartifFlow__Negotiation__SeatTimeZone", "Asia/Manilla"),
            ("CartifFlow__Web__SignInLinkLifetime", "00:00:10"),
            ("CartifFlow__Engine__TimerBatchSize", "0"));

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: the settings are invalid.", output, StringComparison.Ordinal);
        Assert.Contains("CartifFlow:Negotiation:SeatTimeZone is not a time zone this machine knows", output, StringComparison.Ordinal);
        Assert.Contains("CartifFlow:Web:SignInLinkLifetime: The field SignInLinkLifetime must be between", output, StringComparison.Ordinal);
        Assert.Contains("CartifFlow:Engine:TimerBatchSize: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "x.db")), "nothing may be written when a setting is invalid");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Host_RefusesToStart_OnASettingOfTheWrongType_NamingIt()
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-settings-").FullName;

        var (exitCode, output) = await HostProcess.RunAsync(folder, ("CartifFlow__Engine__OutboxBatchSize", "a hundred"));

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: the settings are invalid.", output, StringComparison.Ordinal);
        Assert.Contains("'a hundred' at 'CartifFlow:Engine:OutboxBatchSize'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("missing", "cannot be read")]
    [InlineData("milestones:\n  - { code: a, phase: Preparation, kind: meeting, title: A, date: 2026-13-01 }\n", "milestone 1 (a): date '2026-13-01' is not a date (yyyy-MM-dd)")]
    [InlineData("milestones:\n  - code: a\n    title: [A\n    phase: Preparation\n", "roadmap.yaml:3:12: expected a text value here")]
    [InlineData("milestones:\n  - code: a\n    titel: A\n", "roadmap.yaml:3:5: unknown key 'titel'")]
    public async Task Host_RefusesToStart_OnAMissingOrInvalidRoadmapFile_WithoutAStackTrace(string content, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-seed-").FullName;
        var roadmap = Path.Combine(folder, "roadmap.yaml");
        if (content != "missing")
        {
            await File.WriteAllTextAsync(roadmap, content);
        }

        var (exitCode, stderr) = await HostProcess.RunAsync(folder, ("CartifFlow__Negotiation__RoadmapSeedFile", roadmap));

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: a registry file to import at first start is invalid.", stderr, StringComparison.Ordinal);
        Assert.Contains($"{roadmap}", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
