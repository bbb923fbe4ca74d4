using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Approvals;

/// <summary>Stage transitions through the API on a fake clock: one test per branch of the Chief Negotiators' approval.</summary>
[Collection(HostTestGroup.Name)]
public sealed class StageTransitionTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Consensus_TheTransitionHappensOnTheLastApproval_AndEveryoneIsTold(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(May, provider);
        await d.ToZeroRoundHeldAsync();
        var key = await d.ProposeAsync(d.Now.AddDays(14), "The Zero Round agreed the working groups, modalities, timeline and documentation practice.");

        Assert.Equal(Mails(ChiefMail, TakingPart), To((await d.OutboxAsync("transition-proposed")).Where(m => m.ToJson.Contains("chief.", StringComparison.Ordinal) && m.ModelJson.Contains(key, StringComparison.Ordinal))));
        foreach (var party in TakingPart.SkipLast(1))
        {
            await d.ApproveAsync(key, Cn(party));
        }

        var beforeLast = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal(("Voting", 8, 9), (beforeLast["state"]!.GetValue<string>(), beforeLast["approvals"]!.GetValue<int>(), beforeLast["required"]!.GetValue<int>()));
        Assert.Equal("ZeroRound", await d.PhaseAsync());

        await d.ApproveAsync(key, Cn(TakingPart[^1]));

        Assert.Equal("Approved", await d.StateAsync($"/api/transitions/{key}"));
        var negotiation = await d.GetAsync("/api/negotiation");
        Assert.Equal("WorkingGroups", negotiation["phase"]!.GetValue<string>());
        Assert.Equal(key, negotiation["phases"]!.AsArray()[^1]!["transition"]!.GetValue<string>());
        var approved = (await d.OutboxAsync("transition-approved")).Where(m => m.ModelJson.Contains(key, StringComparison.Ordinal)).ToList();
        Assert.Equal(Delegations("observer.aze@example.org", "secretariat@example.org", "team-leader@example.org"), To(approved));
        // A party's focal point, chief negotiator and lead negotiators are all addressees: each gets a message written to
        // them, not one shared message greeting the first of them.
        Assert.All(approved, m => Assert.Single(JsonNode.Parse(m.ToJson)!.AsArray()));
        Assert.All(approved, m => Assert.Equal(
            JsonNode.Parse(m.ToJson)![0]!["Name"]!.GetValue<string>(), JsonNode.Parse(m.ModelJson)!["recipient"]!["name"]!.GetValue<string>()));
        Assert.Equal(9, (await d.OutboxAsync("transition-answer-recorded")).Count(m => m.ModelJson.Contains(key, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rejection_BlocksTheTransitionWithItsReasons_AndTheSecretariatRevisesAndProposesAgain()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToZeroRoundHeldAsync();
        var key = await d.ProposeAsync(d.Now.AddDays(14));
        await d.ApproveAsync(key, Cn("GEO"));
        await d.ApproveAsync(key, Cn("KAZ"));
        await d.RejectAsync(key, Cn("PAK"), null, HttpStatusCode.BadRequest);

        await d.RejectAsync(key, Cn("PAK"), "Pakistan needs the Zero Round's record of the Framework Agreement plenary before agreeing the working groups.");

        var rejected = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal("Rejected", rejected["state"]!.GetValue<string>());
        Assert.Equal("ZeroRound", await d.PhaseAsync());
        var report = Assert.Single(await d.OutboxAsync("transition-rejected"), m => m.ToJson.Contains("secretariat@example.org", StringComparison.Ordinal));
        Assert.Contains("Framework Agreement plenary", report.ModelJson, StringComparison.Ordinal);
        Assert.Equal(Mails(ChiefMail, TakingPart, "secretariat@example.org", "team-leader@example.org"), To(await d.OutboxAsync("transition-rejected")));
        await d.ApproveAsync(key, Cn("MON"), HttpStatusCode.Conflict);
        await d.PostAsync(Fp("KAZ"), $"/api/transitions/{key}/revision", new { justification = "x", deadline = "2026-07-30T17:00" }, HttpStatusCode.Forbidden);
        await d.PostAsync("secretariat", $"/api/negotiation/transitions", new { justification = "again", deadline = "2026-07-30T17:00" }, HttpStatusCode.Conflict);

        await d.PostAsync("secretariat", $"/api/transitions/{key}/revision", new
        {
            justification = "The record of the Framework Agreement plenary is now circulated; the working groups follow the Zero Round's agreement.",
            deadline = d.Now.AddDays(10).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
        });

        var revised = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal(("Voting", 2, 0), (revised["state"]!.GetValue<string>(), revised["round"]!.GetValue<int>(), revised["approvals"]!.GetValue<int>()));
        Assert.Equal(2, (await d.OutboxAsync("transition-proposed")).Count(m => m.ToJson.Contains(ChiefMail("PAK"), StringComparison.Ordinal) && m.ModelJson.Contains(key, StringComparison.Ordinal)));
        foreach (var party in TakingPart)
        {
            await d.ApproveAsync(key, Cn(party));
        }

        var final = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal("Approved", final["state"]!.GetValue<string>());
        Assert.Equal(3 + 9, final["answers"]!.AsArray().Count);
        Assert.Contains(final["answers"]!.AsArray(), a => a!["round"]!.GetValue<int>() == 1 && a["answer"]!.GetValue<string>() == "reject" && a["party"]!.GetValue<string>() == "PAK");
        Assert.Equal("WorkingGroups", await d.PhaseAsync());
    }

    [Fact]
    public async Task Quorum_SixApprovalsOfNineLaunchTheZeroRound_ARejectionDoesNotBlockIt_AndLateAnswersAreRefused()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.PostAsync("secretariat", "/api/negotiation/transitions", new { justification = "early", deadline = "2026-05-20T17:00" }, HttpStatusCode.Conflict);
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(Manila(5, 20, 17), "The readiness consultations, the modalities, the bracketed zero draft and the terms of reference are done.");
        var proposed = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal(("quorum", 6, 6), (proposed["rule"]!.GetValue<string>(), proposed["quorum"]!.GetValue<int>(), proposed["required"]!.GetValue<int>()));

        foreach (var party in new[] { "GEO", "KAZ", "KGZ", "MON", "PAK" })
        {
            await d.ApproveAsync(key, Cn(party));
        }

        await d.RejectAsync(key, Cn("TKM"), "Turkmenistan prefers to hold the Zero Round after its internal consultations.");
        Assert.Equal("Voting", await d.StateAsync($"/api/transitions/{key}"));

        await d.ApproveAsync(key, Cn("UZB"));

        Assert.Equal("Approved", await d.StateAsync($"/api/transitions/{key}"));
        Assert.Equal("ZeroRound", await d.PhaseAsync());
        var approved = (await d.OutboxAsync("transition-approved")).Single(m => m.ToJson.Contains(ChiefMail("PRC"), StringComparison.Ordinal));
        Assert.Contains("\"rule\":\"quorum\"", approved.ModelJson, StringComparison.Ordinal);
        await d.ApproveAsync(key, Cn("PRC"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Quorum_BlockedOnceTooManyRejectionsLeaveTooFewPossibleApprovals()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(Manila(5, 20, 17));
        foreach (var party in new[] { "GEO", "KAZ", "KGZ" })
        {
            await d.RejectAsync(key, Cn(party), "Not ready.");
        }

        Assert.Equal("Voting", await d.StateAsync($"/api/transitions/{key}"));

        await d.RejectAsync(key, Cn("MON"), "Mongolia asks to align the Zero Round with the RTG meeting first.");

        Assert.Equal("Rejected", await d.StateAsync($"/api/transitions/{key}"));
        Assert.Equal("Preparation", await d.PhaseAsync());
    }

    [Fact]
    public async Task Delegation_TheNamedLeadNegotiatorAnswersForTheParty_OnlyDuringThePeriod()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "fp-kaz", until = "2026-05-10T17:00" }, HttpStatusCode.BadRequest);
        await d.PostAsync(Fp("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-10T17:00" }, HttpStatusCode.Forbidden);
        var delegation = await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-10T17:00", reason = "The Chief Negotiator travels to the RTG preparatory meetings." }, HttpStatusCode.Created);
        var delegationKey = delegation!["key"]!.GetValue<string>();
        var granted = Assert.Single(await d.OutboxAsync("delegation"), m => m.ToJson.Contains("lead.tf.kaz@example.org", StringComparison.Ordinal));
        Assert.Equal(["chief.kaz@example.org"], Cc([granted]));

        var key = await d.ProposeAsync(Manila(5, 20, 17));
        // The Chief Negotiator's message carries their own one-click links, so the delegate gets a copy of their own, without links.
        var toKazakhstan = Assert.Single(await d.OutboxAsync("transition-proposed"), m => m.ToJson.Contains(ChiefMail("KAZ"), StringComparison.Ordinal));
        Assert.Empty(Cc([toKazakhstan]));
        var toDelegate = Assert.Single(await d.OutboxAsync("transition-proposed"), m => m.ToJson.Contains("lead.tf.kaz@example.org", StringComparison.Ordinal));
        Assert.DoesNotContain("/act?t=", toDelegate.ModelJson, StringComparison.Ordinal);
        Assert.Contains("/act?t=", toKazakhstan.ModelJson, StringComparison.Ordinal);
        await d.ApproveAsync(key, "ln-kaz-tf", reason: "Approved for Kazakhstan under the Chief Negotiator's delegation.");
        var answer = (await d.GetAsync($"/api/transitions/{key}"))["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "KAZ")!;
        Assert.Equal(("approve", "ln-kaz-tf", "cn-kaz"), (answer["answer"]!.GetValue<string>(), answer["by"]!.GetValue<string>(), answer["onBehalfOf"]!.GetValue<string>()));

        await d.AdvanceToAsync(Manila(5, 10, 17));

        Assert.Equal("Expired", await d.StateAsync($"/api/delegations/{delegationKey}"));
        Assert.Equal(2, (await d.OutboxAsync("delegation")).Count(m => m.ToJson.Contains("lead.tf.kaz@example.org", StringComparison.Ordinal)));
        var refused = await d.P.PostAsync("ln-kaz-tf", $"/api/transitions/{key}/rejection", new { reason = "Changed our mind." });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("delegated", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await d.RejectAsync(key, Cn("KAZ"), "Kazakhstan reconsidered after its inter-agency meeting.");
        Assert.Equal("reject", (await d.GetAsync($"/api/transitions/{key}"))["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "KAZ")!["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delegation_RevokedByTheChiefNegotiator_EndsTheDelegatesRight()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var delegation = await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-06-30T17:00" }, HttpStatusCode.Created);
        var delegationKey = delegation!["key"]!.GetValue<string>();
        var key = await d.ProposeAsync(Manila(5, 20, 17));

        await d.PostAsync(Cn("MON"), $"/api/delegations/{delegationKey}/revocation", new { }, HttpStatusCode.Forbidden);
        await d.PostAsync(Cn("KAZ"), $"/api/delegations/{delegationKey}/revocation");

        Assert.Equal("Revoked", await d.StateAsync($"/api/delegations/{delegationKey}"));
        await d.ApproveAsync(key, "ln-kaz-tf", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ALeadNegotiatorAskedToAnswerUnderADelegation_IsToldWhenTheProposalIsWithdrawn()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-06-30T17:00" }, HttpStatusCode.Created);
        var key = await d.ProposeAsync(Manila(5, 20, 17));
        Assert.Single(await d.OutboxAsync("transition-proposed"), m => m.ToJson.Contains("lead.tf.kaz@example.org", StringComparison.Ordinal));

        await d.PostAsync("secretariat", $"/api/transitions/{key}/withdrawal", new { reason = "The documents are not ready." });

        var withdrawn = Assert.Single(await d.OutboxAsync("transition-withdrawn"), m => m.ToJson.Contains(ChiefMail("KAZ"), StringComparison.Ordinal));
        Assert.Contains("lead.tf.kaz@example.org", Cc([withdrawn]));
    }

    [Fact]
    public async Task WhileTheTransitionIsOpen_ThePartiesMessagesGiveHowManyHaveAnswered_NotHowTheyAnswered()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToZeroRoundHeldAsync();
        var deadline = d.Now.AddDays(10);
        var key = await d.ProposeAsync(deadline);
        await d.ApproveAsync(key, Cn("GEO"));
        await d.ApproveAsync(key, Cn("MON"));
        await d.ApproveAsync(key, Cn("KAZ"));
        await d.AdvanceToAsync(deadline.AddDays(-5));

        var recorded = (await d.OutboxAsync("transition-answer-recorded")).Where(m => m.ModelJson.Contains(key, StringComparison.Ordinal)).ToList();
        var reminders = await d.OutboxAsync("transition-reminder");
        Assert.Equal(3, recorded.Count);
        Assert.Equal(6, reminders.Count(m => m.ToJson.Contains("chief.", StringComparison.Ordinal)));
        foreach (var message in recorded.Concat(reminders))
        {
            var with = JsonNode.Parse(message.ModelJson)!["with"]!;
            Assert.Null(with["approvals"]);
            Assert.Null(with["rejections"]);
            Assert.Null(with["undecided"]);
            var delivered = await d.DeliveredAsync(message.Id);
            var russian = message.Language == "ru";
            var expected = message.Template == "transition-reminder" || message.ModelJson.Contains("chief.kaz@", StringComparison.Ordinal)
                ? (russian ? "Сторон, ответивших на данный момент: 3 из 9" : "Parties that have answered so far: 3 of 9")
                : null;
            foreach (var body in new[] { delivered.TextBody, delivered.HtmlBody })
            {
                Assert.DoesNotContain("Approvals so far", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Одобрений на данный момент", body, StringComparison.Ordinal);
                Assert.DoesNotContain("rejections", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("отклонений", body, StringComparison.Ordinal);
                Assert.Contains(russian ? "Сторон, ответивших на данный момент:" : "Parties that have answered so far:", body, StringComparison.Ordinal);
                if (expected is not null)
                {
                    Assert.Contains(expected, body, StringComparison.Ordinal);
                }
            }
        }

        Assert.Contains(recorded.Concat(reminders), m => m.Language == "ru");
        Assert.Contains(recorded.Concat(reminders), m => m.Language == "en");
    }

    [Fact]
    public async Task DeadlineWithoutDecision_RemindsThoseWhoHaveNotAnswered_ThenEscalatesToTheSecretariatLead_WhoExtendsIt()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToZeroRoundHeldAsync();
        var deadline = d.Now.AddDays(10);
        var key = await d.ProposeAsync(deadline);
        foreach (var party in TakingPart.Except(["TAJ", "TKM"]))
        {
            await d.ApproveAsync(key, Cn(party));
        }

        await d.AdvanceToAsync(deadline.AddDays(-5));
        Assert.Equal(Mails(ChiefMail, ["TAJ", "TKM"]), To(await d.OutboxAsync("transition-reminder")));
        await d.ApproveAsync(key, Cn("TAJ"));
        await d.AdvanceToAsync(deadline.AddDays(-1));
        Assert.Equal(Mails(ChiefMail, ["TAJ", "TKM", "TKM", "TKM"]), To(await d.OutboxAsync("transition-reminder")));

        await d.AdvanceToAsync(deadline);

        var escalated = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal("Escalated", escalated["state"]!.GetValue<string>());
        Assert.Equal(["secretariat@example.org", "team-leader@example.org"], To(await d.OutboxAsync("transition-escalated")));
        Assert.Contains("Turkmenistan", Assert.Single(await d.OutboxAsync("transition-escalated"), m => m.ToJson.Contains("team-leader", StringComparison.Ordinal)).ModelJson, StringComparison.Ordinal);
        Assert.Equal("ZeroRound", await d.PhaseAsync());
        await d.ApproveAsync(key, Cn("TKM"), HttpStatusCode.Conflict);
        await d.PostAsync("secretariat-lead", $"/api/transitions/{key}/extension", new { deadline = d.Now.AddDays(5).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture) }, HttpStatusCode.BadRequest);

        await d.PostAsync("secretariat-lead", $"/api/transitions/{key}/extension", new { deadline = d.Now.AddDays(5).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture), reason = "Turkmenistan's clearance is expected this week." });
        await d.ApproveAsync(key, Cn("TKM"));

        Assert.Equal("Approved", await d.StateAsync($"/api/transitions/{key}"));
        Assert.Equal("WorkingGroups", await d.PhaseAsync());
    }

    [Fact]
    public async Task Approval_BySomeoneWhoIsNotThatPartysChiefNegotiatorNorItsDelegate_IsRefused_AndChangesNothing()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(Manila(5, 20, 17));

        var focalPoint = await d.P.PostAsync(Fp("KAZ"), $"/api/transitions/{key}/approval", new { });
        var leadNegotiatorWithoutDelegation = await d.P.PostAsync("ln-kaz-tf", $"/api/transitions/{key}/approval", new { });
        var otherParty = await d.P.PostAsync(Cn("KAZ"), $"/api/transitions/{key}/approval", new { party = "MON" });
        var observer = await d.P.PostAsync("obs-aze", $"/api/transitions/{key}/approval", new { });
        var secretariat = await d.P.PostAsync("secretariat", $"/api/transitions/{key}/approval", new { });
        var technicalExpert = await d.P.PostAsync("te-mon-dt", $"/api/transitions/{key}/approval", new { });

        Assert.All([focalPoint, leadNegotiatorWithoutDelegation, otherParty, observer, secretariat, technicalExpert], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("application/problem+json", leadNegotiatorWithoutDelegation.Content.Headers.ContentType!.MediaType);
        Assert.Contains("not the Chief Negotiator of KAZ", await leadNegotiatorWithoutDelegation.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("may not act for MON", await otherParty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await d.GetAsync($"/api/transitions/{key}", "ln-kaz-tf"))["youMay"]!.AsArray());
        Assert.Equal(["approve", "reject"], (await d.GetAsync($"/api/transitions/{key}", Cn("KAZ")))["youMay"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        var transition = await d.GetAsync($"/api/transitions/{key}");
        Assert.Equal(0, transition["approvals"]!.GetValue<int>());
        Assert.Empty(transition["answers"]!.AsArray());
        Assert.Equal(1, transition["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task StaleApproval_WithAnOldIfMatch_IsAConflict()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(Manila(5, 20, 17));
        await d.ApproveAsync(key, Cn("GEO"));

        await d.PostAsync(Cn("KAZ"), $"/api/transitions/{key}/approval", new { }, HttpStatusCode.Conflict, ifMatch: "\"1\"");

        Assert.Equal(1, (await d.GetAsync($"/api/transitions/{key}"))["approvals"]!.GetValue<int>());
        Assert.Contains("reject", (await d.GetAsync($"/api/transitions/{key}", Cn("KAZ")))["youMay"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task APartysDelegations_AreReadByItAndTheSecretariat_NotByOtherParties()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var key = (await d.PostAsync(Cn("KAZ"), "/api/delegations", new { @delegate = "ln-kaz-tf", until = "2026-05-30T17:00", reason = "Travel." }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        Assert.Single((await d.GetAsync("/api/delegations", "secretariat")).AsArray());
        Assert.Single((await d.GetAsync("/api/delegations", Fp("KAZ"))).AsArray());
        Assert.Empty((await d.GetAsync("/api/delegations", Cn("MON"))).AsArray());
        Assert.Empty((await d.GetAsync("/api/delegations", "obs-aze")).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await d.P.SendAsync(HttpMethod.Get, Cn("MON"), $"/api/delegations/{key}")).StatusCode);
        Assert.Equal("ln-kaz-tf", (await d.GetAsync($"/api/delegations/{key}", "secretariat"))["delegate"]!.GetValue<string>());
    }
}
