using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The seeded 2026 roadmap run from the pages alone, in a real browser (Debian's Chromium, headless), against the real
/// host on a real port with e-mail through the real SMTP server of ./test.sh: no API call and no API token. Each
/// step is taken by the person the process gives it to (the Secretariat, the focal points, the Chief Negotiators, a
/// lead negotiator holding a delegation), signed in by the link e-mailed to them, on the host's fake clock, which the
/// test advances between steps (firing the timers that fall due, as the host's pump would). It ends with the
/// Ministerial Conference's decision and the Secretariat loading the 2027 roadmap on /negotiation. The same story,
/// through the API, is <c>Negotiation/RoadmapTests</c>. A screenshot of every page goes to
/// <c>TestResults/roadmap-walk</c> under the test output (the folder is written to the test's output).
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RoadmapWalkTests(ITestOutputHelper output)
{
    private static readonly string[] TakingPart = ["GEO", "KAZ", "KGZ", "MON", "PAK", "PRC", "TAJ", "TKM", "UZB"];
    private const string Secretariat = "secretariat@example.org";

    private static string Chief(string party) => $"chief.{party.ToLowerInvariant()}@example.org";

    private static string Focal(string party) => $"focal.{party.ToLowerInvariant()}@example.org";

    private static DateTimeOffset Manila(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Roadmap2026_RunFromThePagesAlone_FromStartingTheNegotiationToTheMinisterialDecision_AndInto2027()
    {
        await using var walk = await PageWalk.StartAsync(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), "roadmap-walk");
        output.WriteLine($"Screenshots of every page: {walk.Screenshots}");

        // ---- Phase 1: preparation and readiness --------------------------------------------------------------
        var sec = await walk.AsAsync(Secretariat, "/negotiation", "secretariat-fresh-install");
        await Assertions.Expect(sec.Locator("#not-started")).ToBeVisibleAsync();
        await walk.SubmitAsync(sec, "#start-title", "secretariat-negotiation-started");
        await Assertions.Expect(sec.Locator("#current-phase")).ToHaveTextAsync("Phase 1 – Preparation and readiness");

        // The inaugural meeting, 11 March, virtual, carrying out its roadmap milestone.
        var inaugural = await walk.ScheduleMeetingAsync("CARTIF Inaugural meeting for the negotiations", "inaugural", "online", "Videoconference", "2026-03-11T14:00", "2026-03-11T18:00", "delegations", "inaugural-meeting", "inaugural");
        Assert.Equal(21, (await walk.OutboxAsync("meeting-invitation")).Count);
        await walk.AdvanceToAsync(Manila(3, 11, 14));
        sec = await walk.AsAsync(Secretariat, $"/meetings/{inaugural}", "inaugural-held");
        await sec.Locator("#outcome-summary").FillAsync("Participating countries demonstrated strong engagement; nine CAREC countries are ready to launch the negotiations.");
        await sec.Locator("#outcome-decisions").FillAsync("Hybrid, flexible approach; differentiated working groups; preparatory meeting on 8 May; Zero Round on 3 June in Ulaanbaatar.");
        await sec.Locator("#outcome-attendance").FillAsync(string.Join(", ", TakingPart));
        await walk.SubmitAsync(sec, "#outcome-summary", "inaugural-outcome");
        Assert.Equal(21, (await walk.OutboxAsync("meeting-outcome")).Count);

        // Readiness consultations with every party: requested, interview scheduled, held, findings.
        var consultations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (party, i) in TakingPart.Select((p, i) => (p, i)))
        {
            sec = await walk.AsAsync(Secretariat, "/negotiation", null);
            await sec.Locator("#consult-party").SelectOptionAsync(party);
            await walk.SubmitAsync(sec, "#consult-party", i == 0 ? "consultation-requested" : null);
            consultations[party] = KeyOf(sec.Url, "/consultations/");
            await sec.Locator("#interview-at").FillAsync($"2026-03-{16 + i:00}T10:00");
            await sec.Locator("#interview-format-online").CheckAsync();
            await sec.Locator("#interview-place").FillAsync("Videoconference");
            await walk.SubmitAsync(sec, "#interview-at", i == 0 ? "consultation-interview-scheduled" : null);
        }

        Assert.Contains(Focal("KGZ"), Addresses(await walk.OutboxAsync("consultation-interview")));
        await walk.AdvanceToAsync(Manila(3, 25, 12));
        foreach (var party in TakingPart)
        {
            sec = await walk.AsAsync(Secretariat, $"/consultations/{consultations[party]}", null);
            await sec.Locator("#held-notes").FillAsync("Interview with the national negotiating team.");
            await walk.SubmitAsync(sec, "#held-notes", party == "KGZ" ? "consultation-held" : null);
            await sec.Locator("#findings-priorities").FillAsync(party == "KGZ" ? "Trade facilitation and transit; a WTO compatibility analysis of the CARTIF text." : "Trade facilitation and digital trade.");
            await sec.Locator("#findings-sensitivities").FillAsync(party == "TKM" ? "Scope of the investment facilitation protocol (not a WTO member)." : "None beyond services market access.");
            await sec.Locator("#findings-sequencingPreferences").FillAsync("Framework Agreement and trade facilitation first.");
            await sec.Locator("#findings-otherAgreementObligations").FillAsync("WTO Trade Facilitation Agreement; regional FTAs.");
            if (party == "KGZ")
            {
                await sec.Locator("#findings-assistanceNeeds").FillAsync("WTO compatibility analysis.");
            }

            await walk.SubmitAsync(sec, "#findings-priorities", party == "KGZ" ? "consultation-findings" : null);
        }

        // Kazakhstan's focal point (who reads the pages in Russian) sees its own consultation, not Mongolia's.
        var fpKaz = await walk.AsAsync(Focal("KAZ"), $"/consultations/{consultations["KAZ"]}", "focal-point-kaz-consultation");
        Assert.Equal(403, (await fpKaz.GotoAsync($"{walk.BaseUrl}/consultations/{consultations["MON"]}"))!.Status);

        // Capacity building in parallel: a training, and the WTO compatibility analysis the Kyrgyz Republic asked for.
        sec = await walk.AsAsync(Secretariat, "/capacity-building", "capacity-building");
        await sec.Locator("#plan-kind").SelectOptionAsync("training");
        await sec.Locator("#plan-title").FillAsync("Negotiation techniques and drafting skills");
        await sec.Locator("#plan-start").FillAsync("2026-04-14T09:00");
        await sec.Locator("#plan-format-online").CheckAsync();
        await walk.SubmitAsync(sec, "#plan-title", "capacity-building-training-planned");
        var training = KeyOf(sec.Url, "/capacity-building/");
        sec = await walk.AsAsync(Secretariat, "/capacity-building", null);
        await sec.Locator("#plan-kind").SelectOptionAsync("country-support");
        await sec.Locator("#plan-title").FillAsync("WTO compatibility analysis of the CARTIF text");
        await sec.Locator("#plan-parties").FillAsync("KGZ");
        await sec.Locator("#plan-area").FillAsync("FA");
        await walk.SubmitAsync(sec, "#plan-title", "capacity-building-country-support-planned");
        await walk.AdvanceToAsync(Manila(4, 16, 9));
        sec = await walk.AsAsync(Secretariat, $"/capacity-building/{training}", null);
        await sec.Locator("#deliver-participants").FillAsync("41");
        await sec.Locator("#deliver-outcome").FillAsync("Negotiators of nine parties trained in drafting and negotiation techniques.");
        await walk.SubmitAsync(sec, "#deliver-outcome", "capacity-building-delivered");

        // The modalities, the Chief Negotiators' preparatory meeting (8 May), the bracketed zero draft, the terms of reference.
        await walk.AdvanceToAsync(Manila(4, 20, 10));
        await walk.CirculateAsync("modalities", "CARTIF negotiation modalities", "CARTIF/NM/2026/1", "TF, DT, RT, IF", "circulate-modalities");
        var preparatory = await walk.ScheduleMeetingAsync("Chief Negotiators' preparatory meeting on the CARTIF structure and process", "chief-negotiators", "online", "Videoconference", "2026-05-08T14:00", "2026-05-08T17:00", "chief-negotiators", "preparatory-meeting", "preparatory");
        await walk.AdvanceToAsync(Manila(5, 8, 14));
        sec = await walk.AsAsync(Secretariat, $"/meetings/{preparatory}", null);
        await sec.Locator("#outcome-summary").FillAsync("The Chief Negotiators reviewed the negotiation structure, the modalities and the updated text.");
        await sec.Locator("#outcome-decisions").FillAsync("Finalise and circulate the terms of reference and the bracketed zero draft; Zero Round on 3 June in Ulaanbaatar.");
        await walk.SubmitAsync(sec, "#outcome-summary", "preparatory-outcome");
        await walk.CirculateAsync("zero-draft", "Bracketed zero draft of the CARTIF Framework Agreement and initial protocols", "CARTIF/ZD/2026/1-bracketed", null, "circulate-zero-draft");
        await walk.CirculateAsync("terms-of-reference", "Draft terms of reference of the CARTIF working groups", "CARTIF/WG-TOR/2026/draft", null, "circulate-terms-of-reference");
        Assert.Equal(3 * 12, (await walk.OutboxAsync("negotiation-document")).Count);

        // Phase 1 → 2, a quorum of six. Kazakhstan's Chief Negotiator delegates to its lead negotiator while travelling.
        await walk.AdvanceToAsync(Manila(5, 12, 9));
        var cnKaz = await walk.AsAsync(Chief("KAZ"), "/delegation", "chief-negotiator-kaz-delegation");
        await cnKaz.Locator("#delegate").SelectOptionAsync("ln-kaz-tf");
        await cnKaz.Locator("#until").FillAsync("2026-05-25T17:00");
        await cnKaz.Locator("#reason").FillAsync("Travelling to the RTG preparations.");
        await walk.SubmitAsync(cnKaz, "#reason", "chief-negotiator-kaz-delegated");
        var toZeroRound = await walk.ProposeAsync("2026-05-22T17:00", "Readiness consultations held with all nine parties; modalities, bracketed zero draft and terms of reference circulated; the preparatory meeting held on 8 May.", "propose-zero-round");
        foreach (var party in new[] { "GEO", "KGZ", "MON" })
        {
            await walk.ApproveAsync(Chief(party), toZeroRound, party == "GEO" ? "chief-negotiator-approval" : null);
        }

        await walk.ApproveAsync("lead.tf.kaz@example.org", toZeroRound, "lead-negotiator-kaz-approves-as-delegate");
        await walk.ApproveFromTheEmailAsync(Chief("PAK"), toZeroRound);
        await walk.AdvanceToAsync(Manila(5, 17, 17));
        Assert.Equal([.. new[] { "PRC", "TAJ", "TKM", "UZB" }.Select(Chief)], Addresses(await walk.OutboxAsync("transition-reminder")));
        await walk.ApproveAsync(Chief("UZB"), toZeroRound, null);
        sec = await walk.AsAsync(Secretariat, "/negotiation", "phase-2");
        await Assertions.Expect(sec.Locator("#current-phase")).ToHaveTextAsync("Phase 2 – Zero Round of negotiations");

        // ---- Phase 2: the Zero Round, 3 June 2026, Ulaanbaatar --------------------------------------------------
        await walk.AdvanceToAsync(Manila(5, 19, 10));
        sec = await walk.AsAsync(Secretariat, "/negotiation/zero-round", "zero-round-form");
        await sec.Locator("#zr-title").FillAsync("Zero Round of negotiations with the CARTIF Chief Negotiators");
        await sec.Locator("#zr-format-hybrid").CheckAsync();
        await sec.Locator("#zr-place").FillAsync("Ulaanbaatar, Mongolia");
        await sec.Locator("#zr-timeZone").FillAsync("Asia/Ulaanbaatar");
        await sec.Locator("#zr-start").FillAsync("2026-06-03T09:00");
        await sec.Locator("#zr-end").FillAsync("2026-06-03T17:00");
        await sec.Locator("#zr-alongside").FillAsync("Regional Trade Group (RTG) and Customs Cooperation Committee (CCC) meetings");
        await walk.SubmitAsync(sec, "#zr-title", "zero-round-convened");
        var zeroRound = KeyOf(sec.Url, "/meetings/");
        var monInvitation = await walk.DeliveredAsync(Focal("MON"), "Zero Round of negotiations with the CARTIF Chief Negotiators", "Asia/Ulaanbaatar");
        Assert.Contains("2026-06-03 09:00 (UTC+08:00, Asia/Ulaanbaatar)", monInvitation.TextBody, StringComparison.Ordinal);
        await walk.AdvanceToAsync(new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        sec = await walk.AsAsync(Secretariat, $"/meetings/{zeroRound}", "zero-round-held");
        await sec.Locator("#outcome-summary").FillAsync("Non-binding discussions on the architecture, scope and ambition of the Framework Agreement and the initial protocols.");
        await sec.Locator("#outcome-attendance").FillAsync(string.Join(", ", TakingPart));
        var areas = await sec.Locator("textarea[id$='-convergence']").CountAsync();
        Assert.True(areas >= 2, $"{areas} areas in the Zero Round's outcome form");
        for (var i = 0; i < areas; i++)
        {
            await sec.Locator($"#outcome-areas-{i}-convergence").FillAsync("Broad support for the structure and objectives.");
            await sec.Locator($"#outcome-areas-{i}-divergence").FillAsync("Level of ambition of binding commitments.");
            await sec.Locator($"#outcome-areas-{i}-flexibility").FillAsync("Binding time limits for release of goods, with transition periods.");
        }

        await sec.Locator("#outcome-workingGroups").FillAsync("TF");
        await sec.Locator("#outcome-modalities").FillAsync("Written comments between online sessions; Chief Negotiators in person for key decisions.");
        await sec.Locator("#outcome-timeline").FillAsync("Working groups from July; report to the Ministerial Conference in the autumn.");
        await sec.Locator("#outcome-documentationPractice").FillAsync("Numbered revisions of the bracketed text, comments attributed to parties.");
        await walk.SubmitAsync(sec, "#outcome-summary", "zero-round-outcome");
        sec = await walk.AsAsync(Secretariat, "/negotiation", "zero-round-held-negotiation");
        await Assertions.Expect(sec.Locator("#agreed-groups")).ToContainTextAsync("TF");

        // Phase 2 → 3: consensus; every Chief Negotiator answers on the Approvals page.
        await walk.AdvanceToAsync(Manila(6, 5, 9));
        var toWorkingGroups = await walk.ProposeAsync("2026-06-19T17:00", "The Zero Round agreed the working groups, modalities, timeline and documentation practice.", "propose-working-groups");
        foreach (var party in TakingPart)
        {
            await walk.ApproveAsync(Chief(party), toWorkingGroups, party == "KAZ" ? "chief-negotiator-kaz-approval-russian" : null);
        }

        sec = await walk.AsAsync(Secretariat, "/negotiation", "phase-3");
        await Assertions.Expect(sec.Locator("#current-phase")).ToHaveTextAsync("Phase 3 – Working groups and text-based negotiations");

        // ---- Phase 3: the working group on trade facilitation -------------------------------------------------
        await walk.AdvanceToAsync(Manila(6, 22, 9));
        sec = await walk.AsAsync(Secretariat, "/working-groups/new", "working-group-propose");
        await sec.Locator("#wg-area").SelectOptionAsync("TF");
        await sec.Locator("#wg-observers").FillAsync("AZE");
        await sec.Locator("#wg-termsTitle").FillAsync("Terms of reference of the working group on the Trade Facilitation Protocol");
        await sec.Locator("#wg-termsText").FillAsync("The working group negotiates the Trade Facilitation Protocol on the basis of the bracketed zero draft, reports to the Chief Negotiators every four weeks and works by written comments and online sessions.");
        await sec.Locator("#wg-termsDeadline").FillAsync("2026-07-06T17:00");
        await walk.SubmitAsync(sec, "#wg-area", "working-group-proposed");
        Assert.EndsWith("/working-groups/TF", new Uri(sec.Url).AbsolutePath, StringComparison.Ordinal);

        // Its terms of reference by written procedure: Kazakhstan's focal point agrees, Mongolia's Chief Negotiator with comments.
        fpKaz = await walk.AsAsync(Focal("KAZ"), "/inbox", "focal-point-kaz-inbox");
        await walk.RespondAsync(Focal("KAZ"), "TOR-TF-1", "KAZ", "agree", null, "focal-point-kaz-terms-response");
        await walk.RespondAsync(Chief("MON"), "TOR-TF-1", "MON", "comments", "Mongolia asks that the group meets online between rounds.", "chief-negotiator-mon-terms-response");
        await walk.AdvanceToAsync(Manila(7, 6, 17));
        sec = await walk.AsAsync(Secretariat, "/working-groups/TF", "working-group-established");
        Assert.Equal(9 + 3, Addresses(await walk.OutboxAsync("working-group-established")).Count); // the focal points, the observer, the Secretariat

        // Round 1 on revision 1.
        await walk.AdvanceToAsync(Manila(7, 7, 9));
        sec = await walk.AsAsync(Secretariat, "/working-groups/TF", null);
        await sec.Locator("#round-deadline").FillAsync("2026-07-21T17:00");
        await sec.Locator("#round-document").FillAsync("CARTIF/TF/rev1 (bracketed zero draft, Trade Facilitation Protocol)");
        await walk.SubmitAsync(sec, "#round-deadline", "round-1-opened");
        const string round1 = "WG-TF-R1";
        await walk.CommentAsync("lead.tf.kaz@example.org", round1, "proposal", "Article 3.2", "Replace \"shall endeavour to\" by \"shall\" for advance rulings.", "lead-negotiator-kaz-comment");
        await walk.CommentAsync(Focal("PRC"), round1, "comments", "Article 5", "Publication in the official languages of each Party is sufficient.", null);
        await walk.CommentAsync(Focal("GEO"), round1, "no-comments", null, null, null);
        await walk.CommentAsync(Focal("KGZ"), round1, "proposal", "Article 7", "[Each Party shall establish a single window [within three years].]", null);
        await walk.CommentAsync(Chief("PAK"), round1, "comments", "Article 9", "Transit fees should be limited to the cost of services rendered.", null);
        await walk.CommentAsync(Focal("MON"), round1, "comments", "Article 4", "Mongolia supports the text as it stands.", null);

        // The observer reads the round and its text, and has no form to comment.
        var aze = await walk.AsAsync("observer.aze@example.org", $"/rounds/{round1}", "observer-round");
        Assert.Equal(0, await aze.Locator("#comment-text").CountAsync());

        await walk.AdvanceToAsync(Manila(7, 18, 17));
        Assert.Equal([.. new[] { "TAJ", "TKM", "UZB" }.Select(Focal)], Addresses(await walk.OutboxAsync("round-reminder")));
        await walk.CommentAsync(Focal("UZB"), round1, "proposal", "Article 7", "[within five years]", null);
        await walk.AdvanceToAsync(Manila(7, 23, 9));
        sec = await walk.AsAsync(Secretariat, $"/rounds/{round1}", "round-1-consolidating");
        await sec.Locator("#consolidate-document").FillAsync("CARTIF/TF/rev2");
        await sec.Locator("#consolidate-summary").FillAsync("Article 7 single window bracketed with the options of three and five years; Article 3.2 in brackets; Article 5 reflects publication in official languages.");
        await walk.SubmitAsync(sec, "#consolidate-summary", "round-1-consolidated");

        // The group reports to the Chief Negotiators when its report falls due.
        await walk.AdvanceToAsync(Manila(8, 3, 17));
        Assert.NotEmpty(await walk.OutboxAsync("working-group-report-due"));
        sec = await walk.AsAsync(Secretariat, "/working-groups/TF", null);
        await sec.Locator("#report-summary").FillAsync("Round 1 completed; revision 2 consolidated with two bracketed provisions.");
        await sec.Locator("#report-outstandingIssues").FillAsync("Article 7 (single window deadline), Article 3.2.");
        await walk.SubmitAsync(sec, "#report-summary", "working-group-report");

        // Round 2 on revision 2: every party answers; the text is stable.
        await walk.AdvanceToAsync(Manila(8, 5, 9));
        sec = await walk.AsAsync(Secretariat, "/working-groups/TF", null);
        await sec.Locator("#round-deadline").FillAsync("2026-08-19T17:00");
        await walk.SubmitAsync(sec, "#round-deadline", "round-2-opened");
        const string round2 = "WG-TF-R2";
        foreach (var party in TakingPart)
        {
            await walk.CommentAsync(Focal(party), round2, party == "KGZ" ? "comments" : "no-comments", party == "KGZ" ? "Article 7" : null, party == "KGZ" ? "The Kyrgyz Republic accepts five years." : null, party == "KGZ" ? "focal-point-kgz-round-2" : null);
        }

        await walk.AdvanceToAsync(Manila(8, 19, 17));
        sec = await walk.AsAsync(Secretariat, $"/rounds/{round2}", null);
        await sec.Locator("#consolidate-document").FillAsync("CARTIF/TF/rev3");
        await sec.Locator("#consolidate-summary").FillAsync("Article 7 agreed at five years; no brackets remain.");
        await walk.SubmitAsync(sec, "#consolidate-summary", "round-2-consolidated");
        sec = await walk.AsAsync(Secretariat, "/working-groups/TF", null);
        await sec.Locator("#stable-summary").FillAsync("No brackets remain in revision 3; the text goes to the Chief Negotiators.");
        await walk.SubmitAsync(sec, "#stable-summary", "working-group-stable");
        Assert.Equal(9 + 3, Addresses(await walk.OutboxAsync("working-group-stable-text")).Count);

        // Monitoring: the consolidated progress report.
        await walk.AdvanceToAsync(Manila(9, 1, 9));
        sec = await walk.AsAsync(Secretariat, "/reports", null);
        await sec.Locator("#issue-summary").FillAsync("Zero Round held; the trade facilitation text is stable at revision 3.");
        await sec.Locator("#issue-outstandingIssues").FillAsync("Working group on digital trade to be set up.");
        await walk.SubmitAsync(sec, "#issue-summary", "progress-report-issued");

        // ---- Report to the CAREC Ministerial Conference 2026 ----------------------------------------------------
        await walk.AdvanceToAsync(Manila(9, 2, 9));
        var toMinisters = await walk.ProposeAsync("2026-09-16T17:00", "The working groups are operational and the trade facilitation text is stable: time to report to the Ministerial Conference.", "propose-ministerial-review");
        foreach (var party in TakingPart)
        {
            await walk.ApproveAsync(Chief(party), toMinisters, null);
        }

        await walk.AdvanceToAsync(Manila(10, 15, 9));
        sec = await walk.AsAsync(Secretariat, "/reports", "ministerial-report-form");
        await sec.Locator("#submit-summary").FillAsync("Zero Round completed; working group on trade facilitation operational, its text stable; national negotiating capacity strengthened.");
        await sec.Locator("#submit-outstandingIssues").FillAsync("Working groups on digital trade, investment facilitation and regulatory transparency.");
        await sec.Locator("#submit-recommendation").FillAsync("Confirm the mandate for continued negotiations in 2027.");
        await walk.SubmitAsync(sec, "#submit-summary", "ministerial-report-submitted");
        await walk.AdvanceToAsync(Manila(11, 18, 12));
        sec = await walk.AsAsync(Secretariat, "/reports", null);
        await sec.Locator("#decision-confirmed").CheckAsync();
        await sec.Locator("#decision-guidance").FillAsync("Conclude the Framework Agreement and initial protocols; set up the remaining working groups in 2027.");
        await walk.SubmitAsync(sec, "#decision-guidance", "ministerial-decision");

        // Every phase, milestone and approval, as the Secretariat's home shows them.
        sec = await walk.AsAsync(Secretariat, "/negotiation", "negotiation-mandate-confirmed");
        await Assertions.Expect(sec.Locator("#current-phase")).ToHaveTextAsync("Mandate confirmed for the next phase");
        var statuses = await sec.Locator("#roadmap li.milestone").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.code + '=' + i.dataset.status)");
        Assert.Equal(
            [
                "readiness-consultations=done", "inaugural-meeting=done", "negotiation-modalities=done", "preparatory-meeting=done", "bracketed-zero-draft=done",
                "terms-of-reference=done", "zero-round=done", "working-groups-established=done", "text-based-rounds=done", "capacity-building=ongoing",
                "progress-reports=ongoing", "ministerial-conference=done",
            ],
            statuses);
        Assert.Equal(
            ["Phase 1 – Preparation and readiness", "Phase 2 – Zero Round of negotiations", "Phase 3 – Working groups and text-based negotiations", "Report to the CAREC Ministerial Conference", "Mandate confirmed for the next phase"],
            (await sec.Locator("#phases li").AllInnerTextsAsync()).Select(t => t.Split(" — ")[0]));
        foreach (var (key, approvals) in new[] { (toZeroRound, 6), (toWorkingGroups, 9), (toMinisters, 9) })
        {
            sec = await walk.AsAsync(Secretariat, $"/transitions/{key}");
            await Assertions.Expect(sec.Locator("#transition-state")).ToContainTextAsync("Approved");
            await Assertions.Expect(sec.Locator("main dl").First).ToContainTextAsync($"({approvals} / {approvals})");
        }

        // ---- Beyond 2026: the Secretariat loads the next roadmap, and the negotiation continues into it ------------
        await walk.AdvanceToAsync(Manila(11, 25, 10));
        sec = await walk.AsAsync(Secretariat, "/negotiation", "load-roadmap-form");
        await sec.Locator("#roadmap-text").FillAsync("roadmap: \"2027\"\ntitle: Next\nphases:\n  - code: Preparation\n    title: Again\nmilestones:\n  - code: x\n    phase: Elsewhere\n    kind: party\n    title: X\n");
        await sec.Locator("#load-roadmap").ClickAsync();
        await Assertions.Expect(sec.Locator("#roadmap-errors")).ToContainTextAsync("roadmap:4: phase code 'Preparation' is used already");
        await Assertions.Expect(sec.Locator("#roadmap-errors")).ToContainTextAsync("roadmap:8: unknown phase 'Elsewhere'");
        await Assertions.Expect(sec.Locator("#roadmap-errors")).ToContainTextAsync("roadmap:9: unknown kind 'party'");
        await walk.ShotAsync(sec, null, "load-roadmap-refused");
        await sec.Locator("#roadmap-text").FillAsync("");
        await walk.LoadNextRoadmapAsync(Path.Combine(TestRepository.Root, "workflows", "registry", "roadmap-2027.yaml"), "roadmap-2027-loaded");
        sec = await walk.AsAsync(Secretariat, "/negotiation", "negotiation-2027");
        await Assertions.Expect(sec.Locator("#current-phase")).ToHaveTextAsync("Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols");
        Assert.Equal(
            ["Phase 1 – Preparation and readiness", "Phase 2 – Zero Round of negotiations", "Phase 3 – Working groups and text-based negotiations", "Report to the CAREC Ministerial Conference", "Mandate confirmed for the next phase", "Phase 4 – Text-based negotiations on the Framework Agreement and the initial protocols"],
            (await sec.Locator("#phases li").AllInnerTextsAsync()).Select(t => t.Split(" — ")[0]));
        Assert.Equal(["TextBasedNegotiations", "LegalScrubbing", "SignaturePreparation"], await sec.Locator(".roadmap-phases li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.code)"));
        Assert.Equal("planned", await sec.Locator("#roadmap li[data-code='ministerial-conference-2027']").GetAttributeAsync("data-status"));
        sec = await walk.AsAsync(Secretariat, "/transitions/new", "propose-legal-scrubbing");
        await Assertions.Expect(sec.Locator("#target-phase")).ToHaveTextAsync("Phase 5 – Legal scrubbing and translation of the agreed texts");

        // Every message due went out through the SMTP server.
        await walk.AdvanceAsync(TimeSpan.FromMinutes(1));
        await using var db = walk.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.Empty(outbox.Where(m => m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= walk.Now)).Select(m => $"{m.Template} {m.Status}"));
        Assert.True(outbox.Count(m => m.Status == OutboxStatus.Sent) > 300, $"{outbox.Count(m => m.Status == OutboxStatus.Sent)} messages sent");
        output.WriteLine($"{outbox.Count(m => m.Status == OutboxStatus.Sent)} messages sent through the SMTP server; {Directory.GetFiles(walk.Screenshots).Length} screenshots");
        Assert.Empty(await db.Set<CartifFlow.Negotiation.Participants.ApiToken>().AsNoTracking().ToListAsync()); // no API token was ever issued
    }

    private static string KeyOf(string url, string prefix)
    {
        var path = new Uri(url).AbsolutePath;
        Assert.StartsWith(prefix, path, StringComparison.Ordinal);
        return path[prefix.Length..].Split('/')[0];
    }

    private static List<string> Addresses(IEnumerable<OutboxMessageRecord> messages) =>
        [.. messages.SelectMany(m => System.Text.Json.Nodes.JsonNode.Parse(m.ToJson)!.AsArray().Select(a => a!["Address"]!.GetValue<string>())).Order(StringComparer.Ordinal)];
}
