using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Negotiation;

/// <summary>
/// The seeded 2026 roadmap driven end to end through the API on a fake clock that starts on 2 March 2026, with
/// scripted answers from each party: Phase 1 (inaugural meeting on 11 March, readiness consultations, modalities,
/// the Chief Negotiators' preparatory meeting on 8 May, bracketed zero draft, terms of reference), the Zero Round
/// in Ulaanbaatar on 3 June, the working group on trade facilitation with its terms of reference adopted by written
/// procedure, two text-based rounds, reports, capacity building, and the report to the Ministerial Conference.
/// Times of day, comments and the date of the Ministerial Conference are the test's own (the sources give days).
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RoadmapTests
{
    private static readonly DateTimeOffset EarlyMarch = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Roadmap2026_RunsFromPreparationThroughTheZeroRoundAndWorkingGroupsToTheMinisterialConference(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(EarlyMarch, provider);
        var observerAndSecretariat = new[] { "observer.aze@example.org", "secretariat@example.org", "team-leader@example.org" };

        // ---- Phase 1: preparation and readiness ------------------------------------------------------------
        await d.StartNegotiationAsync();
        Assert.Equal("Preparation", await d.PhaseAsync());
        var roadmap = (await d.GetAsync("/api/negotiation/roadmap")).AsArray();
        Assert.Equal(12, roadmap.Count);
        Assert.Equal(("2026-03-11", "online", "planned"), Milestone(roadmap, "inaugural-meeting", "plannedOn", "format", "status"));
        Assert.Equal(("2026-06-03", "Ulaanbaatar, Mongolia", "Asia/Ulaanbaatar"), Milestone(roadmap, "zero-round", "plannedOn", "place", "timeZone"));

        // The inaugural meeting, 11 March 2026, virtual.
        var inaugural = (await d.PostAsync("secretariat", "/api/meetings", new
        {
            title = "CARTIF Inaugural meeting for the negotiations",
            kind = "inaugural",
            format = "online",
            place = "Videoconference",
            timeZone = "Asia/Manila",
            start = "2026-03-11T14:00",
            duration = "PT4H",
            milestone = "inaugural-meeting",
            agenda = "Key takeaways and agenda; CARTIF negotiation structure and modalities; Chief Negotiators' statements; next steps.",
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var invitations = await d.OutboxAsync("meeting-invitation");
        Assert.Equal(Delegations(observerAndSecretariat), To(invitations));
        Assert.Equal(21, invitations.Count); // each focal point and chief negotiator their own, the observer, two Secretariat
        var kazakhInvitation = invitations.Single(m => m.ToJson.Contains(FocalMail("KAZ"), StringComparison.Ordinal));
        Assert.Equal("ru", kazakhInvitation.Language);
        await d.AdvanceToAsync(Manila(3, 11, 14));
        Assert.Equal("Held", await d.StateAsync($"/api/meetings/{inaugural}"));
        Assert.Equal(2 * 18, (await d.OutboxAsync("meeting-reminder")).Count);
        var delivered = await d.DeliveredAsync(kazakhInvitation.Id);
        Assert.Contains("LOCATION:Videoconference", await AttachmentAsync(delivered, "invitation.ics"), StringComparison.Ordinal);
        Assert.Contains("CARTIF Inaugural meeting", delivered.Subject, StringComparison.Ordinal);
        await d.PostAsync("secretariat", $"/api/meetings/{inaugural}/outcome", new
        {
            summary = "Participating countries demonstrated strong engagement; nine CAREC countries are actively participating and ready to launch the negotiations.",
            decisions = "Hybrid, flexible approach; differentiated working groups; preparatory meeting of the Chief Negotiators on 8 May; Zero Round on 3 June in Ulaanbaatar.",
            attendance = TakingPart,
        });
        Assert.Equal(21, (await d.OutboxAsync("meeting-outcome")).Count);

        // Readiness consultations with every party.
        var consultations = new Dictionary<string, string>();
        foreach (var (party, i) in TakingPart.Select((p, i) => (p, i)))
        {
            consultations[party] = (await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
            await d.PostAsync("secretariat", $"/api/consultations/{consultations[party]}/interview", new { at = Iso(Manila(3, 16 + i, 10)), format = "online", place = "Videoconference" });
        }

        Assert.Equal(Mails(FocalMail, TakingPart).Concat(Mails(ChiefMail, TakingPart)).Order(StringComparer.Ordinal), To((await d.OutboxAsync("consultation-interview")).Where(ToParties)));
        await d.AdvanceToAsync(Manila(3, 24, 12));
        Assert.Equal(9 * 2, (await d.OutboxAsync("consultation-interview")).Count(m => m.ModelJson.Contains("\"reminder\":true", StringComparison.Ordinal)));
        foreach (var party in TakingPart)
        {
            await d.PostAsync("secretariat", $"/api/consultations/{consultations[party]}/interview-held", new { notes = "Interview with the national negotiating team." });
            await d.PostAsync("secretariat", $"/api/consultations/{consultations[party]}/findings", new
            {
                priorities = party == "KGZ" ? "Trade facilitation and transit; a WTO compatibility analysis of the CARTIF text." : "Trade facilitation and digital trade.",
                sensitivities = party == "TKM" ? "Scope of the investment facilitation protocol (not a WTO member)." : "None raised beyond services market access.",
                sequencingPreferences = "Framework Agreement and trade facilitation first.",
                otherAgreementObligations = party is "TKM" or "UZB" ? "Accession negotiations to the WTO under way; EAEU and CIS FTA obligations mapped." : "WTO Trade Facilitation Agreement; regional FTAs.",
                assistanceNeeds = party == "KGZ" ? "WTO compatibility analysis." : null,
            });
        }

        Assert.All(TakingPart, p => Assert.Contains(p, consultations.Keys));
        Assert.Equal("FindingsRecorded", await d.StateAsync($"/api/consultations/{consultations["KGZ"]}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await d.P.SendAsync(HttpMethod.Get, Fp("KAZ"), $"/api/consultations/{consultations["MON"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.P.SendAsync(HttpMethod.Get, Fp("KAZ"), $"/api/consultations/{consultations["KAZ"]}")).StatusCode);
        Assert.Equal(Mails(FocalMail, TakingPart).Concat(Mails(ChiefMail, TakingPart)).Order(StringComparer.Ordinal), To((await d.OutboxAsync("consultation-findings")).Where(ToParties)));

        // Capacity building, in parallel: training, and the WTO compatibility analysis the Kyrgyz Republic asked for.
        var training = (await d.PostAsync("secretariat", "/api/capacity-building", new { kind = "training", title = "Negotiation techniques and drafting skills", start = "2026-04-14T09:00", format = "online" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var wto = (await d.PostAsync("secretariat", "/api/capacity-building", new { kind = "country-support", title = "WTO compatibility analysis of the CARTIF text", parties = new[] { "KGZ" }, area = "FA" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(Mails(FocalMail, TakingPart, FocalMail("KGZ"), "secretariat@example.org", "secretariat@example.org", "team-leader@example.org", "team-leader@example.org"), To(await d.OutboxAsync("capacity-building-planned")));
        await d.AdvanceToAsync(Manila(4, 16, 9));
        await d.PostAsync("secretariat", $"/api/capacity-building/{training}/delivery", new { participants = 41, outcome = "Negotiators of nine parties trained in drafting and negotiation techniques." });

        // Modalities, the Chief Negotiators' preparatory meeting on 8 May, the bracketed zero draft and the terms of reference.
        await d.AdvanceToAsync(Manila(4, 20, 10));
        await d.PostAsync("secretariat", "/api/negotiation/documents", new
        {
            kind = "modalities",
            title = "CARTIF negotiation modalities",
            document = "CARTIF/NM/2026/1",
            version = "1",
            priorities = new[] { "TF", "DT", "RT", "IF" },
            summary = "Written exchanges for provisions with limited divergence, online working-group sessions, in-person Chief Negotiator meetings for key decisions.",
        });
        var preparatory = (await d.PostAsync("secretariat", "/api/meetings", new
        {
            title = "Chief Negotiators' preparatory meeting on the CARTIF structure and process",
            kind = "chief-negotiators",
            format = "online",
            place = "Videoconference",
            start = "2026-05-08T14:00",
            audience = "chief-negotiators",
            milestone = "preparatory-meeting",
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(Mails(ChiefMail, TakingPart, observerAndSecretariat), To((await d.OutboxAsync("meeting-invitation")).Where(m => m.ModelJson.Contains(preparatory, StringComparison.Ordinal))));
        await d.AdvanceToAsync(Manila(5, 8, 14));
        await d.PostAsync("secretariat", $"/api/meetings/{preparatory}/outcome", new
        {
            summary = "The Chief Negotiators reviewed the negotiation structure and modalities and the updated negotiation text.",
            decisions = "Finalise and circulate the working groups' terms of reference and the bracketed zero draft; Zero Round on 3 June in Ulaanbaatar.",
        });
        await d.PostAsync("secretariat", "/api/negotiation/documents", new { kind = "zero-draft", title = "Bracketed zero draft of the CARTIF Framework Agreement and initial protocols", document = "CARTIF/ZD/2026/1-bracketed", version = "1" });
        await d.PostAsync("secretariat", "/api/negotiation/documents", new { kind = "terms-of-reference", title = "Draft terms of reference of the CARTIF working groups", document = "CARTIF/WG-TOR/2026/draft" });
        Assert.Equal(3 * 12, (await d.OutboxAsync("negotiation-document")).Count);

        // Phase 1 → Phase 2: a quorum of six; Kazakhstan's Chief Negotiator delegates to its lead negotiator while travelling.
        await d.AdvanceToAsync(Manila(5, 12, 9));
        await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-25T17:00", reason = "Travelling to the RTG preparations." }, HttpStatusCode.Created);
        var toZeroRound = await d.ProposeAsync(Manila(5, 22, 17), "Readiness consultations held with all nine parties; modalities, bracketed zero draft and terms of reference circulated; the Chief Negotiators' preparatory meeting held on 8 May.");
        // The delegate's copy is a message of its own (the Chief Negotiator's carries their own one-click links).
        Assert.Equal(Mails(ChiefMail, TakingPart, "lead.tf.kaz@example.org", "secretariat@example.org", "team-leader@example.org"), To((await d.OutboxAsync("transition-proposed")).Where(m => m.ModelJson.Contains(toZeroRound, StringComparison.Ordinal))));
        foreach (var person in new[] { Cn("GEO"), Cn("KGZ"), Cn("MON"), "ln-kaz-tf", Cn("PAK") })
        {
            await d.ApproveAsync(toZeroRound, person);
        }

        await d.AdvanceToAsync(Manila(5, 17, 17));
        Assert.Equal(Mails(ChiefMail, ["PRC", "TAJ", "TKM", "UZB"]), To(await d.OutboxAsync("transition-reminder")));
        await d.ApproveAsync(toZeroRound, Cn("UZB"));
        Assert.Equal("ZeroRound", await d.PhaseAsync());
        await d.ApproveAsync(toZeroRound, Cn("PRC"), HttpStatusCode.Conflict);
        var quorumAnswers = (await d.GetAsync($"/api/transitions/{toZeroRound}"))["parties"]!.AsArray();
        Assert.Equal("cn-kaz", quorumAnswers.Single(p => p!["party"]!.GetValue<string>() == "KAZ")!["onBehalfOf"]!.GetValue<string>());
        Assert.Equal(Delegations([.. observerAndSecretariat, "lead.tf.kaz@example.org"]), To(await d.OutboxAsync("transition-approved"))); // the delegate who answered for KAZ is told too

        // ---- Phase 2: the Zero Round, 3 June 2026, Ulaanbaatar, alongside the RTG and CCC meetings -----------
        await d.AdvanceToAsync(Manila(5, 19, 10));
        var zeroRound = await d.ConveneZeroRoundAsync(new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        var meeting = await d.GetAsync($"/api/meetings/{zeroRound}");
        Assert.Equal(["FA", "DT", "IF", "RT", "TF"], meeting["sessions"]!.AsArray().Select(s => s!["area"]!.GetValue<string>()));
        Assert.Equal(["plenary", "technical", "technical", "technical", "technical"], meeting["sessions"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal(("2026-06-03T09:00+08:00", "Asia/Ulaanbaatar"), (meeting["localStart"]!.GetValue<string>(), meeting["timeZone"]!.GetValue<string>()));
        var zeroRoundInvitation = (await d.OutboxAsync("meeting-invitation")).Single(m => m.ModelJson.Contains(zeroRound, StringComparison.Ordinal) && m.ToJson.Contains(FocalMail("MON"), StringComparison.Ordinal));
        Assert.Contains("\"fileName\":\"invitation.ics\"", zeroRoundInvitation.ModelJson, StringComparison.Ordinal);
        await d.AdvanceToAsync(new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        var zeroRoundMail = await d.DeliveredAsync(zeroRoundInvitation.Id);
        Assert.Contains("2026-06-03 09:00 (UTC+08:00, Asia/Ulaanbaatar), local time at the meeting", zeroRoundMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("alongside the Regional Trade Group (RTG) and Customs Cooperation Committee (CCC) meetings", zeroRoundMail.TextBody, StringComparison.Ordinal);
        var calendar = await AttachmentAsync(zeroRoundMail, "invitation.ics");
        Assert.Contains("DTSTART;TZID=Asia/Ulaanbaatar:20260603T090000", calendar, StringComparison.Ordinal); // an invitation in the meeting's zone, with its VTIMEZONE
        Assert.Contains("LOCATION:Ulaanbaatar\\, Mongolia", calendar, StringComparison.Ordinal);
        Assert.Equal(2 * 18, (await d.OutboxAsync("meeting-reminder")).Count(m => m.ModelJson.Contains(zeroRound, StringComparison.Ordinal)));
        Assert.Equal("Held", await d.StateAsync($"/api/meetings/{zeroRound}"));
        Assert.Equal(2, (await d.OutboxAsync("progress-report-due")).Count);
        await d.RecordZeroRoundOutcomeAsync(zeroRound, "TF");
        var afterZeroRound = await d.GetAsync("/api/negotiation");
        Assert.Equal(("ZeroRound", "ZeroRoundHeld"), (afterZeroRound["phase"]!.GetValue<string>(), afterZeroRound["state"]!.GetValue<string>()));
        Assert.Equal(["TF"], afterZeroRound["agreedWorkingGroups"]!.AsArray().Select(a => a!.GetValue<string>()));
        var zeroRoundOutcome = (await d.OutboxAsync("meeting-outcome")).Single(m => m.ModelJson.Contains(zeroRound, StringComparison.Ordinal) && m.ToJson.Contains(FocalMail("GEO"), StringComparison.Ordinal));
        Assert.Contains("Binding time limits for release of goods", zeroRoundOutcome.ModelJson, StringComparison.Ordinal);

        // Phase 2 → Phase 3: consensus; every Chief Negotiator answers (Kazakhstan's delegation has ended).
        await d.AdvanceToAsync(Manila(6, 5, 9));
        var toWorkingGroups = await d.ProposeAsync(Manila(6, 19, 17), "The Zero Round agreed the working groups, modalities, timeline and documentation practice.");
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toWorkingGroups, Cn(party));
        }

        Assert.Equal("WorkingGroups", await d.PhaseAsync());

        // ---- Phase 3: the working group on trade facilitation ------------------------------------------------
        await d.AdvanceToAsync(Manila(6, 22, 9));
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new { area = "RT", termsTitle = "x", termsText = "x", termsDeadline = "2026-07-06T17:00" }, HttpStatusCode.BadRequest);
        var group = await d.PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area = "TF",
            observers = new[] { "AZE" },
            termsTitle = "Terms of reference of the working group on the Trade Facilitation Protocol",
            termsText = "The working group negotiates the Trade Facilitation Protocol on the basis of the bracketed zero draft, reports to the Chief Negotiators every four weeks and works by written comments and online sessions.",
            termsDeadline = "2026-07-06T17:00",
        }, HttpStatusCode.Created);
        Assert.Equal("TermsUnderProcedure", group!["state"]!.GetValue<string>());
        var terms = group["termsProcedure"]!.GetValue<string>();
        Assert.Equal("TOR-TF-1", terms);
        Assert.Equal(21, (await d.P.MessagesAsync(terms, "circulated")).Count); // nine focal points, nine chief negotiators (their own messages), observer, Secretariat
        Assert.Equal(HttpStatusCode.OK, (await d.P.RespondAsync(Fp("KAZ"), terms, "agree")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.P.RespondAsync(Cn("MON"), terms, "agree-with-comments", comments: "Mongolia asks that the group meets online between rounds.")).StatusCode);
        await d.AdvanceToAsync(Manila(7, 6, 17));
        Assert.Equal("Adopted", (await d.P.ProcedureAsync(terms))["state"]!.GetValue<string>());
        var established = await d.GetAsync("/api/working-groups/TF");
        Assert.Equal(("BetweenRounds", 9, "AZE"), (established["state"]!.GetValue<string>(), established["members"]!.AsArray().Count, established["observers"]!.AsArray().Single()!.GetValue<string>()));
        var establishedMails = await d.OutboxAsync("working-group-established");
        Assert.Equal(Mails(FocalMail, TakingPart, observerAndSecretariat), To(establishedMails));
        Assert.Contains("lead.tf.kaz@example.org", Cc(establishedMails));

        // Round 1: revision 1, the trade facilitation part of the bracketed zero draft, imported from the Secretariat's
        // Word file: its provisions, brackets, options and parties.
        await d.AdvanceToAsync(Manila(7, 7, 8));
        await ImportZeroDraftAsync(d);
        var rev1 = await RevisionAsync(d, 1);
        string Bracket(int article) => DraftEdits_FirstBracket(rev1, article);
        string ParagraphOf(int article) => rev1.Articles[article].Paragraphs[0].Id;
        await d.AdvanceToAsync(Manila(7, 7, 9));
        var round1 = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = "2026-07-21T17:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal("WG-TF-R1", round1);
        Assert.Equal(1, (await d.GetAsync($"/api/rounds/{round1}"))["revision"]!.GetValue<int>());
        var circulated1 = await d.OutboxAsync("round-circulated");
        Assert.Equal(Mails(FocalMail, TakingPart, observerAndSecretariat), To(circulated1));
        Assert.Contains("\"convergence\"", circulated1[0].ModelJson, StringComparison.Ordinal);
        await Contribute(d, round1, "ln-kaz-tf", new { kind = "proposal", proposal = "replacement", target = ParagraphOf(1), text = "Each Party shall issue an advance ruling within 90 days of a complete application.", basedOn = 1 });
        await Contribute(d, round1, Fp("PRC"), new { kind = "withdrawal", bracket = Bracket(2), option = 1 });
        await Contribute(d, round1, Fp("GEO"), new { kind = "no-comments" });
        await Contribute(d, round1, Fp("KGZ"), new { kind = "comments", target = ParagraphOf(3), text = "The Kyrgyz Republic needs technical assistance to establish a single window." });
        await Contribute(d, round1, Cn("PAK"), new { kind = "support", bracket = Bracket(1), option = 1 });
        await Contribute(d, round1, Fp("MON"), new { kind = "comments", target = ParagraphOf(0), text = "Mongolia supports the text as it stands." });
        await d.PostAsync("obs-aze", $"/api/rounds/{round1}/comments", new { kind = "comments", text = "Azerbaijan would like to comment." }, HttpStatusCode.Forbidden);
        // While the round is open a party sees its own contributions and how many parties contributed.
        var seenByMongolia = await d.GetAsync($"/api/rounds/{round1}", Fp("MON"));
        Assert.Equal(6, seenByMongolia["contributed"]!.GetValue<int>());
        Assert.Equal(["MON"], seenByMongolia["comments"]!.AsArray().Select(c => c!["party"]!.GetValue<string>()));
        await d.AdvanceToAsync(Manila(7, 18, 17));
        Assert.Equal(Mails(FocalMail, ["TAJ", "TKM", "UZB"]), To(await d.OutboxAsync("round-reminder")));
        await Contribute(d, round1, Fp("UZB"), new { kind = "proposal", proposal = "new-option", bracket = Bracket(3), text = "within four years" });
        await d.AdvanceToAsync(Manila(7, 21, 17));
        Assert.Equal("Consolidating", await d.StateAsync($"/api/rounds/{round1}"));
        await d.PostAsync(Fp("TAJ"), $"/api/rounds/{round1}/comments", new { kind = "comments", text = "Too late." }, HttpStatusCode.Conflict);
        Assert.Equal(["secretariat@example.org", "team-leader@example.org"], To(await d.OutboxAsync("round-comments-closed")));
        await d.AdvanceToAsync(Manila(7, 23, 9));
        // Kazakhstan's advance rulings accepted; Uzbekistan's four years bracketed as an alternative; publication settled
        // on English (China withdrew its option), and nothing circulated while a proposal has no decision.
        var decide = $"/api/rounds/{round1}/decisions";
        await d.PostAsync("secretariat", decide, new { number = await NumberAsync(d, round1, "KAZ", "replacement"), decision = "accepted" });
        await d.PostAsync("secretariat", decide, new { decision = "settled", bracket = Bracket(2), option = 2, reason = "China withdrew its option." });
        Assert.Equal("proposals-undecided", (await d.PostAsync("secretariat", $"/api/rounds/{round1}/consolidation", new { document = "CARTIF/TF/rev2" }, HttpStatusCode.Conflict))!["code"]!.GetValue<string>());
        await d.PostAsync("secretariat", decide, new { number = await NumberAsync(d, round1, "UZB", "new-option"), decision = "bracketed" });
        await d.PostAsync("secretariat", $"/api/rounds/{round1}/consolidation", new { document = "CARTIF/TF/rev2" });
        Assert.Equal(("BetweenRounds", 2), Pair(await d.GetAsync("/api/working-groups/TF"), "state", "revision"));
        Assert.Equal(Mails(FocalMail, TakingPart, observerAndSecretariat), To(await d.OutboxAsync("round-consolidated")));
        Assert.Empty((await d.GetAsync($"/api/rounds/{round1}/record"))["unexplained"]!.AsArray());

        // The group reports to the Chief Negotiators on its schedule (every four weeks from its establishment).
        await d.AdvanceToAsync(Manila(8, 3, 17));
        Assert.Equal(["secretariat@example.org", "team-leader@example.org"], To(await d.OutboxAsync("working-group-report-due")));
        await d.PostAsync("secretariat", "/api/working-groups/TF/reports", new { summary = "Round 1 completed; revision 2 consolidated with two bracketed provisions.", outstandingIssues = "Article 1 (scope), Article 7 (single window deadline)." });
        Assert.Equal(Mails(ChiefMail, TakingPart, "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("working-group-report")));

        // Round 2: revision 2. The parties holding the other options join one or withdraw theirs; the Secretariat
        // settles both brackets.
        await d.AdvanceToAsync(Manila(8, 5, 9));
        var round2 = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = "2026-08-19T17:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Equal(2, (await d.GetAsync($"/api/rounds/{round2}"))["revision"]!.GetValue<int>());
        var rev2 = await RevisionAsync(d, 2);
        string Bracket2(int article) => DraftEdits_FirstBracket(rev2, article);
        await Contribute(d, round2, Fp("PRC"), new { kind = "support", bracket = Bracket2(0), option = 1 });
        await Contribute(d, round2, Fp("UZB"), new { kind = "withdrawal", bracket = Bracket2(0), option = 2 });
        await Contribute(d, round2, Fp("KGZ"), new { kind = "withdrawal", bracket = Bracket2(3), option = 1 });
        await Contribute(d, round2, Cn("KGZ"), new { kind = "support", bracket = Bracket2(3), option = 2 });
        foreach (var party in TakingPart.Where(p => p is not ("PRC" or "UZB" or "KGZ")))
        {
            await Contribute(d, round2, Fp(party), new { kind = "no-comments" });
        }

        await d.AdvanceToAsync(Manila(8, 19, 17));
        Assert.Empty((await d.GetAsync($"/api/rounds/{round2}"))["notYetHeardFrom"]!.AsArray());
        await d.PostAsync("secretariat", $"/api/rounds/{round2}/decisions", new { decision = "settled", bracket = Bracket2(0), option = 1, reason = "China joined trade in goods; Uzbekistan withdrew." });
        await d.PostAsync("secretariat", $"/api/rounds/{round2}/decisions", new { decision = "settled", bracket = Bracket2(3), option = 2, reason = "The Kyrgyz Republic joined five years; Uzbekistan holds it too." });
        await d.PostAsync("secretariat", $"/api/rounds/{round2}/consolidation", new { document = "CARTIF/TF/rev3", summary = "Article 1 settled on trade in goods; Article 7 agreed at five years; no brackets remain." });
        Assert.Empty((await d.GetAsync($"/api/rounds/{round2}/record"))["unexplained"]!.AsArray());

        // Convergence rises from revision to revision: fewer bracketed provisions, more words outside brackets.
        var figures = new List<CartifFlow.Negotiation.Drafts.ConvergenceFigures>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            figures.Add(CartifFlow.Negotiation.Drafts.Convergence.Measure(await RevisionAsync(d, n)).Totals);
        }

        Assert.Equal([4, 2, 0], figures.Select(f => f.Bracketed));
        Assert.True(figures[0].ShareOfWordsOutsideBrackets < figures[1].ShareOfWordsOutsideBrackets && figures[1].ShareOfWordsOutsideBrackets < figures[2].ShareOfWordsOutsideBrackets, "the share of words outside brackets did not rise");

        await d.PostAsync("secretariat", "/api/working-groups/TF/stable", new { summary = "No brackets remain in revision 3; the text goes to the Chief Negotiators." });
        var stable = await d.GetAsync("/api/working-groups/TF");
        Assert.Equal(("Stable", 3), Pair(stable, "state", "revision"));
        Assert.Equal(["CARTIF/TF/rev2", "CARTIF/TF/rev3"], stable["revisions"]!.AsArray().Select(r => r!["document"]!.GetValue<string>()).Where(r => r.StartsWith("CARTIF/TF/rev", StringComparison.Ordinal)));
        Assert.Equal(Mails(FocalMail, TakingPart, observerAndSecretariat), To(await d.OutboxAsync("working-group-stable-text")));

        // Monitoring: the consolidated progress report.
        await d.AdvanceToAsync(Manila(9, 1, 9));
        Assert.Equal(4, (await d.OutboxAsync("progress-report-due")).Count);
        var progress = await d.PostAsync("secretariat", "/api/reports/progress", new { summary = "Zero Round held; the trade facilitation text is stable at revision 3.", outstandingIssues = "Working group on digital trade to be set up." }, HttpStatusCode.Created);
        Assert.Contains("| Working group | State |", progress!["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Mails(ChiefMail, TakingPart, observerAndSecretariat), To(await d.OutboxAsync("progress-report")));
        Assert.Equal(Mails(FocalMail, TakingPart), Cc(await d.OutboxAsync("progress-report")));

        // ---- Report to the CAREC Ministerial Conference 2026 -----------------------------------------------------
        await d.AdvanceToAsync(Manila(9, 2, 9));
        var toMinisters = await d.ProposeAsync(Manila(9, 16, 17), "The working groups are operational and the trade facilitation text is stable: time to report to the Ministerial Conference.");
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toMinisters, Cn(party));
        }

        Assert.Equal("MinisterialReview", await d.PhaseAsync());
        Assert.Equal("Compiling", (await d.GetAsync("/api/negotiation/ministerial-report"))["state"]!.GetValue<string>());
        await d.AdvanceToAsync(Manila(10, 15, 9));
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-report", new
        {
            summary = "Zero Round completed; working group on trade facilitation operational, its text stable; national negotiating capacity strengthened.",
            outstandingIssues = "Working groups on digital trade, investment facilitation and regulatory transparency.",
            recommendation = "Confirm the mandate for continued negotiations in 2027.",
        });
        Assert.Equal(Mails(ChiefMail, TakingPart, observerAndSecretariat), To(await d.OutboxAsync("ministerial-report-submitted")));
        await d.AdvanceToAsync(Manila(11, 18, 12));
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-decision", new { mandateConfirmed = true, guidance = "Conclude the Framework Agreement and initial protocols; set up the remaining working groups in 2027." });

        // ---- Every milestone, phase and approval -------------------------------------------------------------------
        var negotiation = await d.GetAsync("/api/negotiation");
        Assert.False(negotiation["closed"]!.GetValue<bool>()); // the 2026 roadmap is complete; the next one is loaded as data (NextRoadmapTests)
        Assert.Equal("NextPhaseMandated", negotiation["state"]!.GetValue<string>());
        Assert.Equal(
            ["Preparation", "ZeroRound", "WorkingGroups", "MinisterialReview", "NextPhaseMandated"],
            negotiation["phases"]!.AsArray().Select(p => p!["to"]!.GetValue<string>()));
        Assert.Equal(
            [null, toZeroRound, toWorkingGroups, toMinisters, null],
            negotiation["phases"]!.AsArray().Select(p => p!["transition"]?.GetValue<string>()));
        Assert.Equal(Delegations(observerAndSecretariat), To(await d.OutboxAsync("ministerial-decision")));
        roadmap = (await d.GetAsync("/api/negotiation/roadmap")).AsArray();
        Assert.All(roadmap.Where(m => m!["phase"]!.GetValue<string>() != "Ongoing"), m => Assert.Equal("done", m!["status"]!.GetValue<string>()));
        Assert.Equal(("ongoing", "ongoing"), (Milestone(roadmap, "capacity-building", "status"), Milestone(roadmap, "progress-reports", "status")));
        var transitions = (await d.GetAsync("/api/transitions")).AsArray();
        Assert.All(transitions, t => Assert.Equal("Approved", t!["state"]!.GetValue<string>()));
        var approvals = new List<int>();
        foreach (var key in new[] { toZeroRound, toWorkingGroups, toMinisters })
        {
            approvals.Add((await d.GetAsync($"/api/transitions/{key}"))["approvals"]!.GetValue<int>());
        }

        Assert.Equal([6, 9, 9], approvals);
        var reports = (await d.GetAsync("/api/reports")).AsArray();
        Assert.Equal(["ministerial", "consolidated", "working-group"], reports.Select(r => r!["kind"]!.GetValue<string>()));
        Assert.True(reports[0]!["mandateConfirmed"]!.GetValue<bool>());
        Assert.Equal("Planned", await d.StateAsync($"/api/capacity-building/{wto}"));
        await d.P.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(
            [
                "consultation-findings", "consultation-interview", "consultation-requested", "meeting-invitation", "meeting-outcome", "meeting-reminder",
                "negotiation-document", "transition-proposed", "transition-reminder", "transition-approved", "working-group-proposed", "circulated",
                "working-group-established", "round-circulated", "round-reminder", "round-comments-closed", "round-consolidated", "working-group-report-due",
                "working-group-report", "working-group-stable-text", "progress-report-due", "progress-report", "ministerial-report-submitted", "ministerial-decision",
            ],
            await Sent(d,
            [
                "consultation-findings", "consultation-interview", "consultation-requested", "meeting-invitation", "meeting-outcome", "meeting-reminder",
                "negotiation-document", "transition-proposed", "transition-reminder", "transition-approved", "working-group-proposed", "circulated",
                "working-group-established", "round-circulated", "round-reminder", "round-comments-closed", "round-consolidated", "working-group-report-due",
                "working-group-report", "working-group-stable-text", "progress-report-due", "progress-report", "ministerial-report-submitted", "ministerial-decision",
            ]));
    }

    /// <summary>Messages to the parties, not the Secretariat's information copies.</summary>
    [Fact]
    public async Task AfterTheMandateIsWithheld_TheNewReportToTheConference_IsInProgressOnTheRoadmap()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        var toMinisters = await d.ProposeAsync(d.Now.AddDays(14), "Time to report to the Ministerial Conference.");
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(toMinisters, Cn(party));
        }

        // Summary and recommendation are kept together: each within its own limit, together too long, is refused at the recommendation.
        var tooLong = await d.PostAsync("secretariat", "/api/negotiation/ministerial-report", new { summary = new string('s', 45_000), recommendation = new string('r', 10_000) }, HttpStatusCode.BadRequest);
        Assert.NotNull(tooLong!["errors"]!["recommendation"]);
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-report", new { summary = "Zero Round held.", outstandingIssues = "Every text.", recommendation = "Confirm the mandate." });
        await d.PostAsync("secretariat", "/api/negotiation/ministerial-decision", new { mandateConfirmed = false, guidance = "Report again once a text is stable." });
        Assert.Equal("done", Milestone((await d.GetAsync("/api/negotiation/roadmap")).AsArray(), "ministerial-conference", "status"));

        await d.PostAsync("secretariat", "/api/negotiation/ministerial-review");

        var roadmap = (await d.GetAsync("/api/negotiation/roadmap")).AsArray();
        Assert.Equal(("in-progress", "Compiling"), (Milestone(roadmap, "ministerial-conference", "status"), Milestone(roadmap, "ministerial-conference", "detail")));
    }

    private static bool ToParties(Engine.Persistence.OutboxMessageRecord message) =>
        !message.ToJson.Contains("secretariat@", StringComparison.Ordinal) && !message.ToJson.Contains("team-leader@", StringComparison.Ordinal);

    private static async Task Contribute(NegotiationDriver d, string round, string person, object contribution) =>
        await d.PostAsync(person, $"/api/rounds/{round}/comments", contribution);

    /// <summary>The number of a party's contribution of that kind in the round (as the Secretariat reads it).</summary>
    private static async Task<int> NumberAsync(NegotiationDriver d, string round, string party, string kind) =>
        (await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray().Single(c => c!["party"]!.GetValue<string>() == party && c["kind"]!.GetValue<string>() == kind)!["number"]!.GetValue<int>();

    private static async Task<CartifFlow.Negotiation.Drafts.DraftText> RevisionAsync(NegotiationDriver d, int n) =>
        CartifFlow.Negotiation.Drafts.DraftJson.Deserialize(await d.P.GetTextAsync("secretariat", $"/api/drafts/TF/revisions/{n.ToString(CultureInfo.InvariantCulture)}?format=json"));

    private static string DraftEdits_FirstBracket(CartifFlow.Negotiation.Drafts.DraftText text, int article) =>
        ((CartifFlow.Negotiation.Drafts.Bracket)text.Articles[article].Paragraphs[0].Content.First(s => s is CartifFlow.Negotiation.Drafts.Bracket)).Id;

    /// <summary>
    /// The Secretariat's zero draft of the Trade Facilitation Protocol as a Word file made here with Open XML (plain
    /// "Article N: Title" headings, literally numbered paragraphs, bracketed options with their parties), imported as
    /// revision 1 of TF's draft.
    /// </summary>
    private static async Task ImportZeroDraftAsync(NegotiationDriver d)
    {
        using var docx = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(docx, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            static DocumentFormat.OpenXml.Wordprocessing.Paragraph Line(string text) =>
                new(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
            var main = document.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                Line("Article 1: Scope"),
                Line("1. This Protocol applies to [trade in goods (KAZ, MON)] [trade in goods and services (PRC; supported by UZB)] between the Parties."),
                Line("Article 2: Advance rulings"),
                Line("1. Each Party shall issue an advance ruling within [90 days (KAZ, GEO)] [150 days (PAK)] of a complete application."),
                Line("Article 3: Publication"),
                Line("1. Each Party shall publish its trade laws in [its official language (PRC)] [English (KGZ; supported by KAZ)]."),
                Line("Article 4: Single window"),
                Line("1. Each Party shall establish a single window [within three years (KGZ)] [within five years (UZB; supported by TAJ)] of the entry into force of this Protocol."),
                Line("Article 5: Transit"),
                Line("1. Transit fees shall be limited to the cost of services rendered.")));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/drafts/TF/revisions", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await d.P.TokenAsync("secretariat"));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(docx.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        form.Add(file, "file", "CARTIF-TF-rev1-bracketed-zero-draft.docx");
        form.Add(new StringContent("The trade facilitation part of the bracketed zero draft."), "note");
        request.Content = form;
        using var imported = await d.P.Client.SendAsync(request);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
    }

    private static (string, string, string) Milestone(JsonArray roadmap, string code, string a, string b, string c)
    {
        var m = roadmap.Single(x => x!["code"]!.GetValue<string>() == code)!;
        return (m[a]!.ToString(), m[b]!.ToString(), m[c]!.ToString());
    }

    private static string Milestone(JsonArray roadmap, string code, string field) =>
        roadmap.Single(x => x!["code"]!.GetValue<string>() == code)![field]!.ToString();

    private static (string, int) Pair(JsonNode node, string text, string number) => (node[text]!.GetValue<string>(), node[number]!.GetValue<int>());

    /// <summary>The templates of which at least one message was written (and delivered), in the order asked.</summary>
    private static async Task<List<string>> Sent(NegotiationDriver d, string[] templates)
    {
        var sent = new List<string>();
        foreach (var template in templates)
        {
            var rows = await d.OutboxAsync(template);
            if (rows.Count > 0 && rows.All(r => r.Status == Engine.Persistence.OutboxStatus.Sent))
            {
                sent.Add(template);
            }
        }

        return sent;
    }
}
