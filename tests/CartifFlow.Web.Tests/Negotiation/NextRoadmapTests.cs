using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Web.Tests.Support;
using CartifFlow.Web.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>
/// The negotiation beyond 2026, on both databases: once the Ministerial Conference confirms the mandate, the
/// Secretariat loads the next roadmap (workflows/registry/roadmap-2027.yaml) through the engine's <c>load-roadmap</c>
/// step; the negotiation enters its phases in order, each on an approved stage transition, and keeps the 2026 phases
/// in its history. A faulty roadmap is refused with file:line: message and stores nothing.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class NextRoadmapTests
{
    private static readonly Actor Officer = new("secretariat", new HashSet<string>(StringComparer.Ordinal) { "secretariat" }, null);

    private static string Roadmap2027 => File.ReadAllText(Path.Combine(TestRepository.Root, "workflows", "registry", "roadmap-2027.yaml"));

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task AfterTheMandateIsConfirmed_TheNextRoadmapIsLoaded_AndTheNegotiationRunsItsPhasesInOrder(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero), provider);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        var negotiation = (await d.P.Host.Engine.FindAsync("negotiation", Key))!;
        Assert.Equal(3, negotiation.DefinitionVersion);
        Assert.Equal(StepOutcome.NotPermitted, (await LoadAsync(d, Roadmap2027)).Outcome); // not before the mandate
        await ToMandateConfirmedAsync(d);

        // A faulty roadmap is refused at its lines, and nothing of it is stored.
        var refused = await LoadAsync(d, "roadmap: \"2027\"\ntitle: T\nphases:\n  - code: Preparation\n    title: Again\n", "faulty.yaml");
        Assert.Equal((StepOutcome.Invalid, "roadmap"), (refused.Outcome, refused.Field));
        Assert.Equal("faulty.yaml:4: phase code 'Preparation' is used already (a phase of the negotiation or of a roadmap loaded before)", refused.Message);
        Assert.Equal("NextPhaseMandated", await d.PhaseAsync());
        await d.AdvanceToAsync(d.Now.AddDays(7));

        var loaded = await LoadAsync(d, Roadmap2027);

        Assert.True(loaded.Applied, loaded.Message);
        Assert.Equal("TextBasedNegotiations", await d.PhaseAsync());
        await using (var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            Assert.Equal(["TextBasedNegotiations", "LegalScrubbing", "SignaturePreparation"], (await db.Set<RoadmapPhase>().AsNoTracking().ToListAsync()).OrderBy(p => p.Order).Select(p => p.Code));
            Assert.Equal(8, await db.Set<RoadmapMilestone>().CountAsync(m => m.Roadmap == "2027"));
        }

        var roadmap = (await d.GetAsync("/api/negotiation/roadmap")).AsArray();
        Assert.Equal(12 + 8, roadmap.Count);
        Assert.Equal("done", Status(roadmap, "ministerial-conference"));
        Assert.Equal("planned", Status(roadmap, "ministerial-conference-2027")); // the 2026 report does not carry out 2027's

        // Phase by phase, each on a stage transition the Chief Negotiators approve (consensus).
        var toScrubbing = await d.ProposeAsync(d.Now.AddDays(10), "Every text is stable: legal scrubbing.");
        Assert.Equal(("TextBasedNegotiations", "LegalScrubbing"), Transition(await d.GetAsync($"/api/transitions/{toScrubbing}")));
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toScrubbing, Cn(party));
        }

        Assert.Equal("LegalScrubbing", await d.PhaseAsync());
        var toSignature = await d.ProposeAsync(d.Now.AddDays(10), "The texts are scrubbed and translated.");
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toSignature, Cn(party));
        }

        Assert.Equal("SignaturePreparation", await d.PhaseAsync());

        // The last phase has no next one; the roadmap after it may be loaded now.
        var beyond = await d.PostAsync("secretariat", "/api/negotiation/transitions", new { justification = "Beyond the last phase.", deadline = d.Now.AddDays(10).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture) }, HttpStatusCode.Conflict);
        Assert.Contains("last phase", beyond!.ToJsonString(), StringComparison.Ordinal);
        // The API takes the same YAML; its faults come back at the field, as file:line: message.
        var faulty = await d.PostAsync("secretariat", "/api/negotiation/next-roadmap", new { file = "roadmap-2028.yaml", roadmap = "roadmap: \"2028\"\ntitle: Entry into force\nphases:\n  - code: Ratification\n    title: Ratification\n    from: 2028-13-01\n" }, HttpStatusCode.BadRequest);
        Assert.Equal("roadmap-2028.yaml:6: from '2028-13-01' is not a date (yyyy-MM-dd)", faulty!["errors"]!["roadmap"]![0]!.GetValue<string>());
        await d.PostAsync("secretariat", "/api/negotiation/next-roadmap", new { file = "roadmap-2028.yaml", roadmap = "roadmap: \"2028\"\ntitle: Entry into force\nphases:\n  - code: Ratification\n    title: Ratification\n" });

        var phases = (await d.GetAsync("/api/negotiation"))["phases"]!.AsArray();
        Assert.Equal(
            ["Preparation", "ZeroRound", "WorkingGroups", "MinisterialReview", "NextPhaseMandated", "TextBasedNegotiations", "LegalScrubbing", "SignaturePreparation", "Ratification"],
            phases.Select(p => p!["to"]!.GetValue<string>()));
        Assert.Equal([null, null, toScrubbing, toSignature, null], phases.Skip(4).Select(p => p!["transition"]?.GetValue<string>()));

        // On the last phase of its roadmap the negotiation may be concluded.
        var negotiationId = (await d.P.Host.Engine.FindAsync("negotiation", Key))!.Id;
        Assert.Equal("conclusion-statement-required", (await d.P.Host.Engine.FireAsync(negotiationId, "conclude", Officer, [])).Code);
        await d.PostAsync("secretariat", "/api/negotiation/conclusion", new { statement = "The CARTIF Framework Agreement entered into force." });
        Assert.Equal(("Concluded", "Concluded"), ((await d.GetAsync("/api/negotiation"))["state"]!.GetValue<string>(), await d.PhaseAsync()));
    }

    /// <summary>
    /// Monitoring in a loaded roadmap (issue 26): loading the 2027 roadmap starts its monitoring, which asks for the
    /// consolidated progress reports after 2026's monitoring has ended, until the roadmap's last day; the Secretariat
    /// reports to the Ministerial Conference 2027 as in 2026 (one report at a time), and the roadmap's milestones read it.
    /// Every page, message and report names the loaded phases as the file does, in the reader's language.
    /// </summary>
    [Fact]
    public async Task InTheLoadedRoadmap_MonitoringContinues_TheConferenceIsReportedTo_AndEveryoneReadsTheLoadedPhasesNames()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        await ToMandateConfirmedAsync(d);
        await d.PostAsync("secretariat", "/api/negotiation/next-roadmap", new { file = "roadmap-2027.yaml", roadmap = Roadmap2027 });

        var negotiation = (await d.P.Host.Engine.FindAsync("negotiation", Key))!;
        var monitoring = (await d.P.Host.Engine.GetChildrenAsync(negotiation.Id)).Where(c => c.DefinitionId == "monitoring").ToList();
        Assert.Equal(2, monitoring.Count);
        var (of2026, of2027) = (monitoring[0], monitoring[1]);
        Assert.Equal(new DateTimeOffset(2027, 12, 15, 17, 0, 0, TimeSpan.FromHours(8)), of2027.InstantOf("until"));
        Assert.Equal(of2026.InstantOf("until")!.Value + TimeSpan.FromDays(91), of2027.InstantOf("nextReport"));

        // The names of the loaded phases, wherever a phase is named: the API, the pages (English and Russian), the e-mails.
        var transition = await d.ProposeAsync(d.Now.AddDays(10), "Every text is stable: legal scrubbing.");
        var view = await d.GetAsync($"/api/transitions/{transition}");
        Assert.Equal(("Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols", "Phase 5 – Legal scrubbing and translation of the agreed texts"), (view["fromName"]!.GetValue<string>(), view["toName"]!.GetValue<string>()));
        Assert.Equal("Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols", (await d.GetAsync("/api/negotiation"))["phaseName"]!.GetValue<string>());
        const string Phase5Ru = "Этап 5 – Юридическая вычитка и перевод согласованных текстов";
        foreach (var (person, path, expected) in new[]
        {
            ("secretariat", "/procedures", "Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols"),
            ("secretariat", $"/transitions/{transition}", "Phase 5 – Legal scrubbing and translation of the agreed texts"),
            ("secretariat", "/transitions/new", "Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols"),
            ("cn-kaz", $"/approvals/{transition}", Phase5Ru),
            ("cn-kaz", "/approvals", Phase5Ru),
            ("fp-kaz", "/inbox", Phase5Ru),
        })
        {
            using var session = await PageSession.SignInAsync(d.P.Host, person);
            using var response = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        await d.P.AdvanceAsync(TimeSpan.FromMinutes(1));
        var proposed = (await d.OutboxAsync("transition-proposed")).Last(m => m.ToJson.Contains("chief.kaz@example.org", StringComparison.Ordinal));
        var mail = await d.DeliveredAsync(proposed.Id);
        Assert.Contains(Phase5Ru, mail.Subject + mail.TextBody, StringComparison.Ordinal);
        await d.PostAsync("secretariat", $"/api/transitions/{transition}/withdrawal", new { reason = "Not yet." });

        // 2026's monitoring ends with its year; 2027's asks for its first report after it, and takes it.
        await d.AdvanceToAsync(of2027.InstantOf("nextReport")!.Value.AddMinutes(1));
        Assert.Equal("Ended", (await d.P.Host.Engine.GetInstanceAsync(of2026.Id))!.State);
        Assert.Equal("Monitoring", (await d.P.Host.Engine.GetInstanceAsync(of2027.Id))!.State);
        Assert.Contains(await d.OutboxAsync("progress-report-due"), m => m.InstanceId == of2027.Id);
        var report = await d.PostAsync("secretariat", "/api/reports/progress", new { summary = "Rounds on every text in 2027." }, HttpStatusCode.Created);
        Assert.Contains("- **Phase:** Phase 4 – Text-based negotiations", report!["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        var roadmap = (await d.GetAsync("/api/negotiation/roadmap")).AsArray();
        Assert.Equal("ongoing", Status(roadmap, "progress-reports-2027"));

        // The report to the Ministerial Conference 2027, as in 2026; one at a time; the negotiation stays in its phase.
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-conference", new { });
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-conference", new { }, HttpStatusCode.Conflict);
        Assert.Equal("CAREC Ministerial Conference 2027", (await d.GetAsync("/api/negotiation/ministerial-report"))["conference"]!.GetValue<string>());
        Assert.Equal("in-progress", Status((await d.GetAsync("/api/negotiation/roadmap")).AsArray(), "ministerial-conference-2027"));
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-report", new { summary = "The texts are stable.", recommendation = "Sign the CARTIF." });
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-decision", new { mandateConfirmed = true, guidance = "Sign at the Conference." });
        Assert.Equal("done", Status((await d.GetAsync("/api/negotiation/roadmap")).AsArray(), "ministerial-conference-2027"));
        Assert.Equal("TextBasedNegotiations", await d.PhaseAsync());
    }

    private static async Task ToMandateConfirmedAsync(NegotiationDriver d)
    {
        var toMinisters = await d.ProposeAsync(d.Now.AddDays(14), "Time to report to the Ministerial Conference.");
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toMinisters, Cn(party));
        }

        await d.PostAsync("secretariat", "/api/negotiation/ministerial-report", new { summary = "Zero Round held.", outstandingIssues = "Every text.", recommendation = "Confirm the mandate." });
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-decision", new { mandateConfirmed = true, guidance = "Continue in 2027." });
        Assert.Equal("NextPhaseMandated", await d.PhaseAsync());
    }

    private static async Task<StepResult> LoadAsync(NegotiationDriver d, string yaml, string file = "roadmap-2027.yaml")
    {
        var negotiation = (await d.P.Host.Engine.FindAsync("negotiation", Key))!;
        return await d.P.Host.Engine.FireAsync(negotiation.Id, "load-roadmap", Officer, new JsonObject { ["file"] = file, ["roadmap"] = yaml });
    }

    private static string Status(JsonArray roadmap, string code) =>
        roadmap.Single(m => m!["code"]!.GetValue<string>() == code)!["status"]!.GetValue<string>();

    private static (string, string) Transition(JsonNode transition) =>
        (transition["from"]!.GetValue<string>(), transition["to"]!.GetValue<string>());
}
