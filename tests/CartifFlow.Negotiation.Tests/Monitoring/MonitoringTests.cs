using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Tests.Monitoring;

/// <summary>
/// Monitoring and the report to the Ministerial Conference, as steps of the engine without the web host: when the
/// Secretariat is asked for a report, what a consolidated report counts (phase, roadmap, working groups, convergence
/// of each area's draft per revision, transitions, capacity building), who receives it, and the ministerial report
/// with the Conference's decision.
/// </summary>
public sealed class MonitoringTests
{
    /// <summary>Monday 2 March 2026, 09:00 in Manila.</summary>
    private static readonly DateTimeOffset March = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] TakingPart = ["GEO", "KAZ", "KGZ", "MON", "PAK", "PRC", "TAJ", "TKM", "UZB"];

    private static readonly string[] SecretariatMails = ["secretariat@example.org", "team-leader@example.org"];

    private static IEnumerable<string> Chiefs => TakingPart.Select(p => $"chief.{p.ToLowerInvariant()}@example.org");

    private static IEnumerable<string> FocalPoints => TakingPart.Select(p => $"focal.{p.ToLowerInvariant()}@example.org");

    private static List<string> Addresses(IEnumerable<OutboxMessageRecord> messages, Func<OutboxMessageRecord, string> json) =>
        [.. messages.SelectMany(m => JsonSerializer.Deserialize<List<MailAddress>>(json(m))!).Select(a => a.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<string> Sorted(IEnumerable<string> addresses) => [.. addresses.Order(StringComparer.Ordinal)];

    private static string Copy(OutboxMessageRecord m) => JsonNode.Parse(m.ModelJson)!["recipient"]!["copy"]!.GetValue<string>();

    [Fact]
    public async Task StartingTheNegotiation_StartsMonitoring_AndEachPeriodTheSecretariatIsAskedForTheReport()
    {
        await using var h = await DomainHost.StartAsync(March);
        await h.StartNegotiationAsync();
        var monitoring = await h.SingleAsync("monitoring");
        Assert.Equal(("Monitoring", March.AddDays(91)), (monitoring.State, DateTimeOffset.Parse(monitoring.Variables["nextReport"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(await h.OutboxAsync("progress-report-due"));

        var asked = await h.AdvanceAsync(TimeSpan.FromDays(91), () => h.OutboxAsync("progress-report-due"), m => m.Count > 0);
        var next = await Eventually.EventuallyAsync(() => h.SingleAsync("monitoring"), i => i.Variables["cycle"] is not null);

        Assert.Equal(SecretariatMails, Addresses(asked, m => m.ToJson));
        Assert.Equal(1, next.Variables["cycle"]!.GetValue<int>());
        Assert.Equal(March.AddDays(182), DateTimeOffset.Parse(next.Variables["nextReport"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Monitoring", next.State);
    }

    [Fact]
    public async Task AConsolidatedReport_StatesThePhaseAndCapacityBuilding_AndTheConvergenceOfEachAreasDraftPerRevision()
    {
        await using var h = await DomainHost.StartAsync(March);
        await h.StartNegotiationAsync();
        var training = await h.Engine.StartAsync(new StartRequest("capacity-building", "CB-1", new JsonObject { ["kind"] = "training", ["title"] = "Negotiation techniques", ["start"] = "2026-04-14T09:00:00+08:00", ["format"] = "online" }), DomainHost.Secretariat);
        Assert.True(training.Applied, training.Message);
        var draft = (await h.Engine.StartAsync(new StartRequest("draft", "TF", new JsonObject { ["area"] = "TF" }), DomainHost.Secretariat)).Instance!;
        var parties = TakingPart.Append("AZE").ToHashSet(StringComparer.Ordinal);
        var zero = DraftMarkdown.Parse("""
            ## Article 1: Scope

            1. This Protocol applies to [trade in goods (KAZ)] [trade in goods and services (PRC)] between the Parties.

            2. Each Party shall publish its laws.

            3. Each Party shall designate an enquiry point.

            Reservation (PAK): subject to domestic consultations
            """, parties).Text!;
        await h.FireAsync(draft.Id, "import-revision", DomainHost.Secretariat, new JsonObject { ["content"] = DraftJson.Serialize(zero), ["document"] = "TF zero draft.md", ["format"] = "markdown" });
        var settled = DraftMarkdown.Parse("""
            ## Article 1: Scope

            1. This Protocol applies to trade in goods and services between the Parties.

            2. Each Party shall publish its laws.

            3. Each Party shall designate an enquiry point.
            """, parties, zero).Text!;
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.FireAsync(draft.Id, "import-revision", DomainHost.Secretariat, new JsonObject { ["content"] = DraftJson.Serialize(settled), ["document"] = "TF revision 2.md", ["format"] = "markdown" });
        var monitoring = await h.SingleAsync("monitoring");

        h.Time.Advance(TimeSpan.FromDays(1));
        await h.FireAsync(monitoring.Id, "issue-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "Phase 1 is under way.", ["outstandingIssues"] = "The scope of the TF protocol." });
        var report = Assert.Single(await h.ReadAsync(db => db.Set<ProgressReport>().AsNoTracking().ToListAsync()));

        Assert.Equal((ProgressReportKind.Consolidated, "CARTIF consolidated progress report no. 1", "secretariat"), (report.Kind, report.Title, report.IssuedBy));
        Assert.Equal(("Phase 1 is under way.", "The scope of the TF protocol."), (report.Summary, report.OutstandingIssues));
        var md = report.Markdown;
        Assert.Contains("- **Issued:** 2026-03-04 by secretariat\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Phase:** Phase 1 – Preparation and readiness\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Period:** since the start of the negotiation\n", md, StringComparison.Ordinal);
        Assert.Contains("## Summary\n\nPhase 1 is under way.\n\n## Outstanding issues\n\nThe scope of the TF protocol.\n", md, StringComparison.Ordinal);
        Assert.Contains("No working group has been proposed yet.\n", md, StringComparison.Ordinal);
        Assert.Contains("## Stage transitions\n\nNone proposed yet.\n", md, StringComparison.Ordinal);
        Assert.Contains("| Negotiation techniques (CB-1) | Planned |\n", md, StringComparison.Ordinal);
        Assert.Contains("| Capacity building and technical assistance: training, thematic workshops, tailored country support | 2026 | 2026, ongoing | Ongoing | 0 delivered, 1 planned |\n", md, StringComparison.Ordinal);
        // Revision 1: two of three provisions agreed (one ad referendum), one bracketed with one open bracket, 20 of its
        // 28 words outside brackets; revision 2 settles the bracket.
        Assert.Contains(
            "### Trade Facilitation Protocol (TF)\n\n| Revision | Provisions agreed | Bracketed | Total | Open brackets | Words outside brackets |\n|---|---|---|---|---|---|\n"
            + "| 1 | 2 | 1 | 3 | 1 | 71 % |\n| 2 | 3 | 0 | 3 | 0 | 100 % |\n",
            md,
            StringComparison.Ordinal);
        Assert.DoesNotContain("(FA)", md, StringComparison.Ordinal); // no draft of the Framework Agreement yet
        Assert.Equal(1, (await h.SingleAsync("monitoring")).Variables["reports"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheNextReport_CountsTheReportsAndItsPeriodStartsAtThePreviousOne()
    {
        await using var h = await DomainHost.StartAsync(March);
        await h.StartNegotiationAsync();
        var monitoring = await h.SingleAsync("monitoring");
        await h.FireAsync(monitoring.Id, "issue-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "First." });
        h.Time.Advance(TimeSpan.FromDays(30));

        await h.FireAsync(monitoring.Id, "issue-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "Second." });
        var reports = await h.ReadAsync(db => db.Set<ProgressReport>().AsNoTracking().OrderBy(r => r.Id).ToListAsync());

        Assert.Equal(["CARTIF consolidated progress report no. 1", "CARTIF consolidated progress report no. 2"], reports.Select(r => r.Title));
        Assert.Contains("- **Period:** since 2026-03-02\n", reports[1].Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Outstanding issues", reports[1].Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConsolidatedReport_GoesToTheChiefNegotiators_WithTheFocalPointsInCopy_ObserversAndTheSecretariatInformed()
    {
        await using var h = await DomainHost.StartAsync(March);
        await h.StartNegotiationAsync();
        var monitoring = await h.SingleAsync("monitoring");

        await h.FireAsync(monitoring.Id, "issue-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "Phase 1 is under way." });
        var sent = await h.OutboxAsync("progress-report");

        var toParties = sent.Where(m => Copy(m) != "info").ToList();
        var informed = sent.Where(m => Copy(m) == "info").ToList();
        Assert.Equal(Sorted(Chiefs), Addresses(toParties, m => m.ToJson));
        Assert.Equal(Sorted(FocalPoints), Addresses(toParties, m => m.CcJson));
        Assert.Equal(Sorted(SecretariatMails.Append("observer.aze@example.org")), Addresses(informed, m => m.ToJson));
        Assert.Equal("ru", sent.Single(m => m.ToJson.Contains("chief.kaz@", StringComparison.Ordinal)).Language);
        Assert.All(sent, m => Assert.Equal("Phase 1 is under way.", JsonNode.Parse(m.ModelJson)!["with"]!["report"]!["summary"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AReportWithoutASummary_IsRefusedAtTheSummary_AndNothingIsKept()
    {
        await using var h = await DomainHost.StartAsync(March);
        await h.StartNegotiationAsync();
        var monitoring = await h.SingleAsync("monitoring");

        var refused = await h.Engine.FireAsync(monitoring.Id, "issue-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "  " });
        var byAFocalPoint = await h.Engine.FireAsync(monitoring.Id, "issue-report", Actor.Person("fp-kaz", "KAZ", "focal-point"), new JsonObject { ["summary"] = "Ours." });

        Assert.Equal((StepOutcome.Invalid, "report-summary-required", "summary"), (refused.Outcome, refused.Code, refused.Field));
        Assert.Equal(StepOutcome.Forbidden, byAFocalPoint.Outcome);
        Assert.Empty(await h.ReadAsync(db => db.Set<ProgressReport>().ToListAsync()));
        Assert.Empty(await h.OutboxAsync("progress-report"));
    }

    /// <summary>
    /// The negotiation starts the ministerial report when it enters the ministerial review; here the Secretariat starts
    /// it directly (the test's copy of ministerial-report.yaml lets it), so that its steps are tested on their own.
    /// </summary>
    private static Task<DomainHost> MinisterialAsync() =>
        DomainHost.StartAsync(March, (file, text) => file == "ministerial-report.yaml" ? text.Replace("started-by: []", "started-by: [secretariat]", StringComparison.Ordinal) : text);

    [Fact]
    public async Task TheMinisterialReport_IsKeptWithItsRecommendation_AndGoesToTheChiefNegotiators_ThenTheDecisionToEveryDelegation()
    {
        await using var h = await MinisterialAsync();
        await h.StartNegotiationAsync();
        var report = (await h.Engine.StartAsync(new StartRequest("ministerial-report", "MR-2026", new JsonObject { ["seatTimeZone"] = "Asia/Manila" }), DomainHost.Secretariat)).Instance!;

        await h.FireAsync(report.Id, "submit-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "The 2026 milestones were met.", ["outstandingIssues"] = "Services.", ["recommendation"] = "Confirm the mandate for continued negotiations." });
        var submitted = Assert.Single(await h.ReadAsync(db => db.Set<ProgressReport>().AsNoTracking().ToListAsync()));
        var told = await h.OutboxAsync("ministerial-report-submitted");

        Assert.Equal((ProgressReportKind.Ministerial, "Report to the CAREC Ministerial Conference 2026"), (submitted.Kind, submitted.Title));
        Assert.Equal("The 2026 milestones were met.\n\n**Recommendation:** Confirm the mandate for continued negotiations.", submitted.Summary);
        Assert.Contains("## Outstanding issues\n\nServices.\n", submitted.Markdown, StringComparison.Ordinal);
        Assert.Null(submitted.MandateConfirmed);
        Assert.Equal(Sorted(Chiefs), Addresses(told.Where(m => Copy(m) != "info"), m => m.ToJson));
        Assert.Equal(Sorted(FocalPoints), Addresses(told.Where(m => Copy(m) != "info"), m => m.CcJson));
        Assert.Equal(Sorted(SecretariatMails.Append("observer.aze@example.org")), Addresses(told.Where(m => Copy(m) == "info"), m => m.ToJson));
        Assert.Equal("BeforeConference", (await h.Engine.GetInstanceAsync(report.Id))!.State);

        h.Time.Advance(TimeSpan.FromDays(60));
        var decided = await h.FireAsync(report.Id, "record-decision", DomainHost.Secretariat, new JsonObject { ["mandateConfirmed"] = true, ["guidance"] = "Continue on the 2027 roadmap." });
        var kept = Assert.Single(await h.ReadAsync(db => db.Set<ProgressReport>().AsNoTracking().ToListAsync()));
        var decision = await h.OutboxAsync("ministerial-decision");

        Assert.Equal(("MandateConfirmed", true, "Continue on the 2027 roadmap.", March.AddDays(60)), (decided.State, kept.MandateConfirmed, kept.Guidance, kept.DecidedAt));
        var delegations = decision.Where(m => Copy(m) != "info").ToList();
        Assert.Equal(Sorted(Chiefs.Concat(FocalPoints)), Sorted(Addresses(delegations, m => m.ToJson).Union(Addresses(delegations, m => m.CcJson))));
        Assert.Equal(Sorted(SecretariatMails.Append("observer.aze@example.org")), Addresses(decision.Where(m => Copy(m) == "info"), m => m.ToJson));
        Assert.All(decision, m => Assert.True(JsonNode.Parse(m.ModelJson)!["with"]!["mandateConfirmed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AMandateNotConfirmed_EndsTheReportSo_WithTheConferencesGuidance()
    {
        await using var h = await MinisterialAsync();
        var report = (await h.Engine.StartAsync(new StartRequest("ministerial-report", "MR-2026", new JsonObject { ["seatTimeZone"] = "Asia/Manila" }), DomainHost.Secretariat)).Instance!;
        await h.FireAsync(report.Id, "submit-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "Slow progress.", ["recommendation"] = "Confirm the mandate." });

        var decided = await h.FireAsync(report.Id, "record-decision", DomainHost.Secretariat, new JsonObject { ["mandateConfirmed"] = false, ["guidance"] = "Report again next year." });

        var kept = Assert.Single(await h.ReadAsync(db => db.Set<ProgressReport>().AsNoTracking().ToListAsync()));
        Assert.Equal("MandateNotConfirmed", decided.State);
        Assert.False(kept.MandateConfirmed);
        Assert.Equal("Report again next year.", kept.Guidance);
        Assert.Single(await h.OutboxAsync("ministerial-decision"), m => !JsonNode.Parse(m.ModelJson)!["with"]!["mandateConfirmed"]!.GetValue<bool>() && Copy(m) != "info" && m.ToJson.Contains("focal.kaz@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMinisterialReport_WithoutARecommendation_OrLongerThanASummaryKeeps_IsRefusedAtTheRecommendation()
    {
        await using var h = await MinisterialAsync();
        var report = (await h.Engine.StartAsync(new StartRequest("ministerial-report", "MR-2026", new JsonObject { ["seatTimeZone"] = "Asia/Manila" }), DomainHost.Secretariat)).Instance!;

        var without = await h.Engine.FireAsync(report.Id, "submit-report", DomainHost.Secretariat, new JsonObject { ["summary"] = "Done." });
        var tooLong = await h.Engine.FireAsync(report.Id, "submit-report", DomainHost.Secretariat, new JsonObject { ["summary"] = new string('s', 45_000), ["recommendation"] = new string('r', 4_001) });

        Assert.Equal((StepOutcome.Invalid, "recommendation-required", "recommendation"), (without.Outcome, without.Code, without.Field));
        Assert.Equal((StepOutcome.Invalid, "too-long", "recommendation"), (tooLong.Outcome, tooLong.Code, tooLong.Field));
        Assert.Equal(["recommendation", "49001", "49000"], tooLong.Arguments);
        Assert.Empty(await h.ReadAsync(db => db.Set<ProgressReport>().ToListAsync()));
        Assert.Equal("Compiling", (await h.Engine.GetInstanceAsync(report.Id))!.State);
    }
}
