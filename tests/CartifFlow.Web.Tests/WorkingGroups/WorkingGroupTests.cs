using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.WorkingGroups;

/// <summary>Working groups and their rounds through the API on a fake clock.</summary>
[Collection(HostTestGroup.Name)]
public sealed class WorkingGroupTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TermsNotAdopted_LeaveTheGroupUnestablished_UntilTheSecretariatRelaunchesThemAndTheyAreAdopted()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        var firstDeadline = d.Now.AddDays(14);
        // A deadline already past would adopt the terms at once, by a silence no party had the time to break.
        var past = await d.PostAsync("secretariat", "/api/negotiation/working-groups", new { area = "TF", termsTitle = "Terms", termsText = "x", termsDeadline = Local(d.Now.AddDays(-1)) }, HttpStatusCode.BadRequest);
        Assert.NotNull(past!["errors"]!["termsDeadline"]);
        Assert.Equal(HttpStatusCode.NotFound, (await d.P.SendAsync(HttpMethod.Get, "secretariat", "/api/working-groups/TF")).StatusCode);
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area = "TF",
            termsTitle = "Terms of reference of the working group on trade facilitation",
            termsText = "The working group meets monthly in person.",
            termsDeadline = Local(firstDeadline),
        }, HttpStatusCode.Created);
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new { area = "TF", termsTitle = "again", termsText = "x", termsDeadline = Local(firstDeadline) }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await d.P.RespondAsync(Fp("TKM"), "TOR-TF-1", "object", reason: "Monthly in-person meetings are beyond Turkmenistan's means; meet online between rounds.")).StatusCode);

        await d.AdvanceToAsync(firstDeadline);

        var notAdopted = await d.GetAsync("/api/working-groups/TF");
        Assert.Equal("TermsNotAdopted", notAdopted["state"]!.GetValue<string>());
        Assert.Equal(["secretariat@example.org", "team-leader@example.org"], To(await d.OutboxAsync("working-group-terms-not-adopted")));
        await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(d.Now.AddDays(7)), document = "rev1" }, HttpStatusCode.Conflict);

        var secondDeadline = d.Now.AddDays(10);
        var relaunched = await d.PostAsync("secretariat", "/api/working-groups/TF/terms", new
        {
            termsText = "The working group meets online between rounds and in person alongside Chief Negotiators' meetings.",
            termsDeadline = Local(secondDeadline),
        });

        Assert.Equal(("TermsUnderProcedure", "TOR-TF-2"), (relaunched!["state"]!.GetValue<string>(), relaunched["termsProcedure"]!.GetValue<string>()));
        Assert.Contains("online between rounds", (await d.P.ProcedureAsync("TOR-TF-2"))["text"]!.GetValue<string>(), StringComparison.Ordinal);
        await d.AdvanceToAsync(secondDeadline);
        Assert.Equal("BetweenRounds", await d.StateAsync("/api/working-groups/TF"));
        Assert.Equal("Adopted", (await d.P.ProcedureAsync("TOR-TF-2"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManyLongGroupReportsInOnePeriod_StillLetTheConsolidatedReportBeIssued_QuotingEachInPart()
    {
        // Eight reports of 70,000 characters each were more than the consolidated report's 500,000: every later
        // consolidated (and ministerial) report was refused, for good, since the period only moves on when one is issued.
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        for (var i = 0; i < 8; i++)
        {
            await d.PostAsync("secretariat", "/api/working-groups/TF/reports", new { summary = $"Report {i}. " + new string('s', 49_000), outstandingIssues = new string('o', 20_000) });
        }

        var issued = await d.PostAsync("secretariat", "/api/reports/progress", new { summary = "Eight reports from the trade facilitation group." }, HttpStatusCode.Created);

        var markdown = await d.P.GetTextAsync("secretariat", $"/api/reports/{issued!["id"]}?format=markdown");
        Assert.InRange(markdown.Length, 1, 500_000);
        Assert.Contains("Report 7. ", markdown, StringComparison.Ordinal);
        Assert.Contains(" […]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberThatStopsTakingPart_NoLongerReceivesTheGroupsTexts_NorCommentsOnThem()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("DT", ["GEO", "KAZ", "MON"]);
        await d.PostAsync("secretariat", "/api/parties/KAZ/status-changes", new { status = "not-participating", effectiveFrom = Local(d.Now.AddMinutes(1)) }, HttpStatusCode.Created);
        await d.AdvanceToAsync(d.Now.AddMinutes(2));

        var round = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline = Local(d.Now.AddDays(10)), document = "CARTIF/DT/rev1" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var circulated = To(await d.OutboxAsync("round-circulated"));
        Assert.Contains(FocalMail("GEO"), circulated);
        Assert.DoesNotContain(FocalMail("KAZ"), circulated);
        var refused = await d.PostAsync(Fp("KAZ"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Kazakhstan's view." }, HttpStatusCode.Forbidden);
        Assert.Equal("party-stopped-negotiating", refused!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Round_TakesWrittenContributionsFromMembersOnly_RemindsTheSilent_AndNeedsAConsolidatedRevisionBeforeTheTextIsStable()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        var termsDeadline = d.Now.AddDays(14);
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area = "DT",
            members = new[] { "GEO", "KAZ", "MON" },
            observers = new[] { "AZE", "UZB" },
            termsTitle = "Terms of reference of the working group on digital trade",
            termsDocument = "CARTIF/WG-DT/ToR",
            termsDeadline = Local(termsDeadline),
        }, HttpStatusCode.Created);
        await d.AdvanceToAsync(termsDeadline);
        await d.PostAsync("secretariat", "/api/working-groups/DT/stable", new { summary = "Nothing yet." }, HttpStatusCode.Conflict);
        await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline = Local(d.Now.AddDays(7)) }, HttpStatusCode.BadRequest);
        var deadline = d.Now.AddDays(10);
        var round = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline = Local(deadline), document = "CARTIF/DT/rev1" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(Mails(FocalMail, ["GEO", "KAZ", "MON"], "observer.aze@example.org", "focal.uzb@example.org", "chief.uzb@example.org", "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("round-circulated")));
        Assert.Contains("expert.dt.mon@example.org", Cc(await d.OutboxAsync("round-circulated")));

        await d.PostAsync("te-mon-dt", $"/api/rounds/{round}/comments", new { kind = "proposal", provision = "Article 4", text = "[Each Party shall accept electronic signatures.]" });
        await d.PostAsync(Fp("UZB"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Uzbekistan observes." }, HttpStatusCode.Forbidden);
        await d.PostAsync("ln-kaz-tf", $"/api/rounds/{round}/comments", new { kind = "comments", text = "Trade facilitation's lead negotiator on digital trade." }, HttpStatusCode.Forbidden);
        await d.PostAsync(Fp("GEO"), $"/api/rounds/{round}/comments", new { kind = "comments" }, HttpStatusCode.BadRequest);
        await d.PostAsync(Fp("GEO"), $"/api/rounds/{round}/comments", new { kind = "comments", text = new string('x', 20_001) }, HttpStatusCode.BadRequest);
        await d.PostAsync(Fp("GEO"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Georgia supports Article 4.", party = "KAZ" }, HttpStatusCode.Forbidden);
        await d.AdvanceToAsync(deadline.AddDays(-3));

        Assert.Equal(Mails(FocalMail, ["GEO", "KAZ"]), To(await d.OutboxAsync("round-reminder")));
        var view = await d.GetAsync($"/api/rounds/{round}");
        Assert.Equal(["GEO", "KAZ"], view["notYetHeardFrom"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(("MON", "te-mon-dt", "proposal"), (view["comments"]![0]!["party"]!.GetValue<string>(), view["comments"]![0]!["by"]!.GetValue<string>(), view["comments"]![0]!["kind"]!.GetValue<string>()));
        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { document = "rev2", summary = "s" }, HttpStatusCode.Conflict);
        await d.AdvanceToAsync(deadline);
        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { document = "CARTIF/DT/rev2" }, HttpStatusCode.BadRequest);
        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { document = "CARTIF/DT/rev2", summary = "Article 4 in brackets." });
        await d.PostAsync("secretariat", "/api/working-groups/DT/stable", new { summary = "Stable with Article 4 bracketed for the Chief Negotiators." });
        Assert.Equal("Stable", await d.StateAsync("/api/working-groups/DT"));
    }

    [Fact]
    public async Task APartyAdmittedWhileARoundIsOpen_IsToldItsDeadline_CommentsOnTheRound_AndAnObserverThatJoinsTheNegotiationBecomesAMember()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, deadline) = await OpenDigitalTradeRoundAsync(d);
        await d.PostAsync(Fp("UZB"), $"/api/rounds/{round}/comments", new { kind = "comments", text = "Not a member yet." }, HttpStatusCode.Forbidden);

        // Only the Secretariat admits, only to a group that exists, only a party of the registry, and only a negotiating party as a member.
        await d.PostAsync(Fp("GEO"), "/api/working-groups/DT/parties", new { party = "UZB" }, HttpStatusCode.Forbidden);
        await d.PostAsync("secretariat", "/api/working-groups/TS/parties", new { party = "UZB" }, HttpStatusCode.NotFound);
        var unknown = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "XYZ" }, HttpStatusCode.BadRequest);
        Assert.Equal("party-unknown", unknown!["code"]!.GetValue<string>());
        Assert.NotNull(unknown["errors"]!["party"]);
        await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "UZB", role = "chair" }, HttpStatusCode.BadRequest);
        var observing = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "AZE" }, HttpStatusCode.BadRequest);
        Assert.Equal("member-not-negotiating", observing!["code"]!.GetValue<string>());
        var kazakhstan = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "KAZ" }, HttpStatusCode.Conflict);
        Assert.Equal("already-member", kazakhstan!["code"]!.GetValue<string>());
        Assert.Empty(await d.OutboxAsync("working-group-party-admitted"));

        var admitted = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "uzb", reason = "Asked to join the digital trade talks." }, HttpStatusCode.Created);

        Assert.Equal(["GEO", "KAZ", "MON", "UZB"], admitted!["members"]!.AsArray().Select(p => p!.GetValue<string>()));
        var notices = await d.OutboxAsync("working-group-party-admitted");
        Assert.Equal(Mails(FocalMail, ["GEO", "KAZ", "MON", "UZB"], ChiefMail("UZB"), "secretariat@example.org", "team-leader@example.org"), To(notices));
        var toUzbekistan = notices.Single(m => m.ToJson.Contains(FocalMail("UZB"), StringComparison.Ordinal));
        await d.AdvanceToAsync(d.Now.AddMinutes(1));
        var delivered = await d.DeliveredAsync(toUzbekistan.Id);
        var tashkent = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tashkent"));
        Assert.Contains(round, delivered.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{tashkent:yyyy-MM-dd HH:mm} (UTC+05:00, Asia/Tashkent), по вашему времени", delivered.TextBody, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", await AttachmentAsync(delivered, "deadline.ics"), StringComparison.Ordinal);
        var toGeorgia = await d.DeliveredAsync(notices.Single(m => m.ToJson.Contains(FocalMail("GEO"), StringComparison.Ordinal)).Id);
        Assert.Contains("For your information", toGeorgia.TextBody, StringComparison.Ordinal);

        await d.PostAsync(Fp("UZB"), $"/api/rounds/{round}/comments", new { kind = "proposal", provision = "Article 2", text = "[Paperless trade by 2028.]" });
        // The same proposal again (a retry after a lost reply) is kept once; another contribution is one of its own.
        await d.PostAsync(Fp("UZB"), $"/api/rounds/{round}/comments", new { kind = "proposal", provision = "Article 2", text = "[Paperless trade by 2028.]" });
        await d.PostAsync(Fp("UZB"), $"/api/rounds/{round}/comments", new { kind = "proposal", provision = "Article 3", text = "[Paperless trade by 2028.]" });
        Assert.Equal(["Article 2", "Article 3"], (await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray().Select(c => c!["provision"]!.GetValue<string>()));
        Assert.Equal(2, (await d.OutboxAsync("round-comment-recorded")).Count);
        Assert.Equal(["GEO", "KAZ", "MON"], (await d.GetAsync($"/api/rounds/{round}"))["notYetHeardFrom"]!.AsArray().Select(p => p!.GetValue<string>()));

        // Azerbaijan observes, then joins the negotiation, then becomes a member; it is asked for its comments from then on.
        var asObserver = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "AZE", role = "observer" }, HttpStatusCode.Created);
        Assert.Equal(["AZE"], asObserver!["observers"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("already-observer", (await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "AZE", role = "observer" }, HttpStatusCode.Conflict))!["code"]!.GetValue<string>());
        await d.PostAsync("secretariat", "/api/parties/AZE/status-changes", new { status = "negotiating", effectiveFrom = Local(d.Now.AddMinutes(1)) }, HttpStatusCode.Created);
        await d.AdvanceToAsync(d.Now.AddMinutes(2));
        var asMember = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "AZE", reason = "Signed the Bishkek Declaration." }, HttpStatusCode.Created);
        Assert.Equal(["AZE", "GEO", "KAZ", "MON", "UZB"], asMember!["members"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Empty(asMember["observers"]!.AsArray());
        var toAzerbaijan = (await d.OutboxAsync("working-group-party-admitted")).Last(m => m.ToJson.Contains("observer.aze@example.org", StringComparison.Ordinal));
        Assert.Equal("observer", JsonNode.Parse(toAzerbaijan.ModelJson)!["with"]!["admission"]!["previousRole"]!.GetValue<string>());
        Assert.Equal(["AZE", "GEO", "KAZ", "MON"], (await d.GetAsync($"/api/rounds/{round}"))["notYetHeardFrom"]!.AsArray().Select(p => p!.GetValue<string>()));

        // Each admission is an instance of its own with its audit trail; the group's own instance is untouched.
        var admissions = await d.P.Host.Engine.ListAsync("working-group-admission");
        Assert.Equal(["ADM-DT-AZE-01", "ADM-DT-AZE-02", "ADM-DT-UZB-01"], admissions.Select(i => i.CorrelationKey).Order(StringComparer.Ordinal));
        Assert.All(admissions, i => Assert.Equal("Admitted", i.State));

        await d.AdvanceToAsync(deadline.AddDays(-3));
        Assert.DoesNotContain(FocalMail("UZB"), To(await d.OutboxAsync("round-reminder")));
        Assert.Contains(FocalMail("GEO"), To(await d.OutboxAsync("round-reminder")));
    }

    [Fact]
    public async Task NobodyJoinsAGroupWhoseTextIsStable()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, deadline) = await OpenDigitalTradeRoundAsync(d);
        await d.AdvanceToAsync(deadline);
        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { document = "CARTIF/DT/rev2", summary = "No brackets left." });
        await d.PostAsync("secretariat", "/api/working-groups/DT/stable", new { summary = "Stable." });

        var refused = await d.PostAsync("secretariat", "/api/working-groups/DT/parties", new { party = "UZB" }, HttpStatusCode.Conflict);

        Assert.Equal("working-group-closed", refused!["code"]!.GetValue<string>());
        Assert.Equal(["GEO", "KAZ", "MON"], (await d.GetAsync("/api/working-groups/DT"))["members"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Empty(await d.P.Host.Engine.ListAsync("working-group-admission"));
    }

    /// <summary>The digital trade group established with Georgia, Kazakhstan and Mongolia, its first round open for ten days.</summary>
    private static async Task<(string Round, DateTimeOffset Deadline)> OpenDigitalTradeRoundAsync(NegotiationDriver d)
    {
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("DT", ["GEO", "KAZ", "MON"]);
        var deadline = d.Now.AddDays(10);
        var round = (await d.PostAsync("secretariat", "/api/working-groups/DT/rounds", new { deadline = Local(deadline), document = "CARTIF/DT/rev1" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        return (round, deadline);
    }
}
