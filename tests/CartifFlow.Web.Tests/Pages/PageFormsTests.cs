using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Forms show errors at their field; the language switch and sign-out work from any page.</summary>
[Collection(HostTestGroup.Name)]
public sealed partial class PageFormsTests
{
    [Fact]
    public async Task LaunchForm_WithoutTitleAndWithAPastDeadline_ShowsEachErrorAtItsField_AndLaunchesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var response = await secretariat.PostFormAsync("/procedures/new", new() { ["Area"] = "TF", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-05-01T17:00" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"title-error\" class=\"error\" role=\"alert\">A title of 1 to 500 characters is required.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"deadline-error\" class=\"error\" role=\"alert\">The deadline must be in the future.</p>", html, StringComparison.Ordinal);
        Assert.Empty(await d.Host.Engine.ListAsync("written-procedure"));
    }

    [Fact]
    public async Task ResponseForm_ObjectionWithoutReason_ShowsTheErrorAtTheReason()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");

        var response = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", new() { ["Kind"] = "object" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"reason-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseForm_SentTwice_RecordsTheResponseOnce_AndBothAnswersShowItRecorded()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");
        var fields = new Dictionary<string, string> { ["Kind"] = "agree-with-comments", ["Comments"] = "Kazakhstan supports Article 7." };
        var before = (await d.ProcedureAsync(key))["version"]!.GetValue<int>();

        var first = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", fields);
        var second = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", fields);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal($"/procedures/{key}/respond/KAZ?recorded=true", second.Headers.Location!.OriginalString);
        Assert.Single(await d.MessagesAsync(key, "response-recorded"));
        Assert.Equal(before + 1, (await d.ProcedureAsync(key))["version"]!.GetValue<int>()); // one step: one response
    }

    [Fact]
    public async Task ResponseForm_ShowsThePartysOwnAnswerInFull_ToEachOfItsPeople_AndOffersItToChange()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode: "consent");
        using var focalPoint = await PageSession.SignInAsync(d.Host, "fp-kaz");
        var sent = await focalPoint.PostFormAsync($"/procedures/{key}/respond/KAZ", new()
        {
            ["Kind"] = "object",
            ["Reason"] = "Ninety days is too short for Kazakhstan's gazette.",
            ["ProposedWording"] = "Each Party shall publish within 120 days.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        // The chief negotiator of the same party reads what its focal point sent, and finds it in the form to change.
        using var chief = await PageSession.SignInAsync(d.Host, "cn-kaz");
        using var page = await chief.GetAsync($"/procedures/{key}/respond/KAZ");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("<dd class=\"text\">Ninety days is too short for Kazakhstan's gazette.</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd class=\"text\">Each Party shall publish within 120 days.</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"reason\" name=\"Reason\" aria-describedby=\"reason-error\">Ninety days is too short for Kazakhstan's gazette.</textarea>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"kind-object\" name=\"Kind\" value=\"object\" checked", html);

        // Another party's page shows nothing of it.
        using var mongolia = await PageSession.SignInAsync(d.Host, "fp-mon");
        using var theirs = await mongolia.GetAsync($"/procedures/{key}/respond/MON");
        var other = WebUtility.HtmlDecode(await theirs.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.DoesNotContain("Ninety days", other, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"current-response\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseForm_AfterTheDeadlineOfAnEscalatedProcedure_IsNotOffered_AndTheInboxNoLongerWaitsForIt()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode: "consent");
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");
        Assert.Contains("name=\"Kind\"", await (await kazakhstan.GetAsync($"/procedures/{key}/respond/KAZ")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(key, await (await kazakhstan.GetAsync("/inbox")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 15, 18)); // past the deadline: no party answered, so it is escalated
        Assert.Equal("Escalated", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        using var again = await PageSession.SignInAsync(d.Host, "fp-kaz"); // two weeks on: a new session

        var form = await (await again.GetAsync($"/procedures/{key}/respond/KAZ")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"Kind\"", form, StringComparison.Ordinal);
        Assert.True(form.Contains("Срок истёк", StringComparison.Ordinal) || form.Contains("The deadline has passed", StringComparison.Ordinal), form);
        var waiting = await (await again.GetAsync("/inbox")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"email\"", waiting, StringComparison.Ordinal); // the inbox itself, not the sign-in page
        Assert.DoesNotContain($"/procedures/{key}/respond/KAZ", waiting, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_ShowsThePageInRussian_AndBack()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var switched = await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/registry" });
        Assert.Equal("/registry", switched.Headers.Location!.OriginalString);
        Assert.Contains("<h1>Участники</h1>", await secretariat.Client.GetStringAsync(new Uri("/registry", UriKind.Relative)), StringComparison.Ordinal);

        await secretariat.PostFormAsync("/language", new() { ["lang"] = "en", ["returnUrl"] = "/registry" });
        Assert.Contains("<h1>Participants</h1>", await secretariat.Client.GetStringAsync(new Uri("/registry", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var signedOut = await secretariat.PostFormAsync("/sign-out", []);

        Assert.Equal("/sign-in", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.GetAsync("/procedures")).StatusCode);
    }

    [Fact]
    public async Task Api_StillAnswersWithoutACookie_AndIgnoresTheCookie()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var response = await secretariat.GetAsync("/api/procedures");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(NegotiationDriver D, string Key)> ProposedAsync()
    {
        var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        return (d, await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17)));
    }

    [Fact]
    public async Task ApprovalPage_ShowsTheJustificationProposerAndDeadlineInBothZones_AndARejectionWithoutReasonIsShownAtTheReason()
    {
        var (d, key) = await ProposedAsync();
        await using var owner = d;
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");
        await kazakhstan.PostFormAsync("/language", new() { ["lang"] = "en", ["returnUrl"] = "/" });

        var html = WebUtility.HtmlDecode(await kazakhstan.Client.GetStringAsync(new Uri($"/approvals/{key}", UriKind.Relative)));
        Assert.Contains("<dd id=\"deadline-yours\">2026-05-20 14:00 (UTC+05:00, Asia/Almaty)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"deadline-seat\">2026-05-20 17:00 (UTC+08:00, Asia/Manila)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("The phase's work is done.", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"proposer\">", html, StringComparison.Ordinal);

        var response = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=reject", new() { ["Reason"] = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"reason-error\" class=\"error\" role=\"alert\">A rejection needs a reason.</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await d.GetAsync($"/api/transitions/{key}"))["rejections"]!.GetValue<int>());
        Assert.Empty((await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray());
    }

    [Fact]
    public async Task ApprovalPage_AnotherPartysAnswerMeanwhile_DoesNotRefuseTheAnswer_ButAProposalRevisedMeanwhileDoes()
    {
        var (d, key) = await ProposedAsync();
        await using var owner = d;
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");
        var round = RoundPattern().Match(await kazakhstan.Client.GetStringAsync(new Uri($"/approvals/{key}", UriKind.Relative))).Groups[1].Value;
        Assert.Equal("1", round);
        await d.ApproveAsync(key, "cn-mon"); // another party answers in between

        var response = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=approve", new() { ["Round"] = round });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["KAZ", "MON"], (await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray().Select(a => a!["party"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // Four rejections block the quorum of six; the Secretariat revises the proposal: round 2. A form read in round 1
        // (Turkmenistan's, left open) does not answer the revised proposal.
        using var turkmenistan = await PageSession.SignInAsync(d.P.Host, "cn-tkm");
        var tkmRound = RoundPattern().Match(await turkmenistan.Client.GetStringAsync(new Uri($"/approvals/{key}", UriKind.Relative))).Groups[1].Value;
        foreach (var party in new[] { "GEO", "KGZ", "PAK", "TAJ" })
        {
            await d.RejectAsync(key, NegotiationDriver.Cn(party), "Not ready yet.");
        }

        await d.PostAsync("secretariat", $"/api/transitions/{key}/revision", new { justification = "Revised: the modalities are agreed.", deadline = "2026-05-27T17:00" });
        Assert.Equal(2, (await d.GetAsync($"/api/transitions/{key}"))["round"]!.GetValue<int>());

        var stale = await turkmenistan.PostFormAsync($"/approvals/{key}?handler=approve", new() { ["Round"] = tkmRound });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("id=\"request-error\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain((await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray(), a => a!["party"]!.GetValue<string>() == "TKM");
        var byApi = await d.PostAsync("cn-tkm", $"/api/transitions/{key}/approval", new { round = 1 }, HttpStatusCode.Conflict);
        Assert.Equal("proposal-revised", byApi!["code"]!.GetValue<string>());
        await d.PostAsync("cn-tkm", $"/api/transitions/{key}/approval", new { round = 2 });
    }

    [Fact]
    public async Task ApprovalPage_SentTwice_RecordsOneAnswer_AndBothClicksShowItRecorded()
    {
        var (d, key) = await ProposedAsync();
        await using var owner = d;
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");
        var html = await kazakhstan.Client.GetStringAsync(new Uri($"/approvals/{key}", UriKind.Relative));
        var fields = new Dictionary<string, string> { ["Round"] = RoundPattern().Match(html).Groups[1].Value, ["Statement"] = "Kazakhstan is ready." };

        var both = await Task.WhenAll(
            kazakhstan.PostFormAsync($"/approvals/{key}?handler=approve", fields),
            kazakhstan.PostFormAsync($"/approvals/{key}?handler=approve", fields));
        var again = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=approve", fields);

        Assert.All(both.Append(again), r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(both[0].Headers.Location, again.Headers.Location);
        var answers = (await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray();
        Assert.Equal(("KAZ", "approve"), (Assert.Single(answers)!["party"]!.GetValue<string>(), answers[0]!["answer"]!.GetValue<string>()));

        // Through the API, without If-Match, the same answer again answers as the first did and records nothing.
        await d.PostAsync("cn-kaz", $"/api/transitions/{key}/approval", new { reason = "Kazakhstan is ready." });
        Assert.Single((await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray());
        Assert.Single(await d.OutboxAsync("transition-answer-recorded"));

        // Another answer from the same form (a change of mind) is recorded: the latest counts.
        var reject = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=reject", new() { ["Round"] = fields["Round"], ["Reason"] = "On second thoughts." });
        Assert.Equal(HttpStatusCode.Redirect, reject.StatusCode);
        Assert.Equal(2, (await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray().Count);
    }

    [Fact]
    public async Task ProposeForm_WithoutJustificationAndWithAPastDeadline_ShowsEachErrorAtItsField_AndProposesNothing()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var form = await secretariat.Client.GetStringAsync(new Uri("/transitions/new", UriKind.Relative));
        Assert.Contains("<dd id=\"target-phase\">Phase 2 – Zero Round of negotiations</dd>", form, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"rule\">Quorum: 6 approving parties</dd>", form, StringComparison.Ordinal);

        var missing = await secretariat.PostFormAsync("/transitions/new", new() { ["Justification"] = "", ["Deadline"] = "2026-05-20T17:00" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("<p id=\"justification-error\" class=\"error\" role=\"alert\">Give the justification.</p>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var past = await secretariat.PostFormAsync("/transitions/new", new() { ["Justification"] = "Done.", ["Deadline"] = "2026-05-01T17:00" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("<p id=\"deadline-error\"", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("stage-transition"));
    }

    [Fact]
    public async Task ScheduleForm_SentTwice_SchedulesOneMeeting_AndInvitesEachInviteeOnce()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var submission = await secretariat.FormSubmissionAsync("/meetings/new");
        Assert.Matches("^[0-9a-f]{32}$", submission);
        var fields = new Dictionary<string, string>
        {
            ["Submission"] = submission, ["Title"] = "Chief Negotiators' meeting", ["Kind"] = "chief-negotiators", ["Format"] = "online", ["TimeZone"] = "Asia/Ulaanbaatar",
            ["Start"] = "2026-06-03T10:00", ["End"] = "2026-06-03T12:30", ["Audience"] = "chief-negotiators",
        };

        var first = await secretariat.PostFormAsync("/meetings/new", fields);
        var second = await secretariat.PostFormAsync("/meetings/new", fields);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        var meeting = Assert.Single(await d.P.Host.Engine.ListAsync("meeting"));
        Assert.Equal($"/procedures?scheduled={meeting.CorrelationKey}", first.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var invited = NegotiationDriver.To(await d.OutboxAsync("meeting-invitation"));
        Assert.NotEmpty(invited);
        Assert.Equal(invited.Distinct(), invited);
    }

    [Fact]
    public async Task ScheduleForm_EndBeforeStartAndNoFormat_ShowsEachErrorAtItsField_ThenSchedulesAndTheDashboardShowsIt()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var bad = await secretariat.PostFormAsync("/meetings/new", new() { ["Title"] = "Chief Negotiators' meeting", ["TimeZone"] = "Asia/Ulaanbaatar", ["Start"] = "2026-06-03T10:00", ["End"] = "2026-06-03T09:00" });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("<p id=\"end-error\" class=\"error\" role=\"alert\">The end must come after the start.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"format-error\"", html, StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("meeting"));
        var centuries = await secretariat.PostFormAsync("/meetings/new", new() { ["Title"] = "Chief Negotiators' meeting", ["Format"] = "online", ["TimeZone"] = "Asia/Ulaanbaatar", ["Start"] = "2026-06-03T10:00", ["End"] = "2130-06-03T09:00" });
        Assert.Equal(HttpStatusCode.BadRequest, centuries.StatusCode);
        Assert.Contains("<p id=\"end-error\" class=\"error\" role=\"alert\">", await centuries.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("meeting"));

        var scheduled = await secretariat.PostFormAsync("/meetings/new", new()
        {
            ["Title"] = "Chief Negotiators' meeting", ["Kind"] = "chief-negotiators", ["Format"] = "hybrid", ["Place"] = "Ulaanbaatar, Mongolia", ["TimeZone"] = "Asia/Ulaanbaatar",
            ["Start"] = "2026-06-03T10:00", ["End"] = "2026-06-03T12:30", ["Audience"] = "chief-negotiators", ["Agenda"] = "Modalities.",
        });

        Assert.Equal("/procedures?scheduled=MTG-2026-01", scheduled.Headers.Location!.OriginalString);
        var meeting = await d.GetAsync("/api/meetings/MTG-2026-01");
        Assert.Equal(("PT2H30M", "2026-06-03T10:00+08:00", "hybrid", "chief-negotiators"), (meeting["duration"]!.GetValue<string>(), meeting["localStart"]!.GetValue<string>(), meeting["format"]!.GetValue<string>(), meeting["audience"]!.GetValue<string>()));
        var dashboard = await secretariat.Client.GetStringAsync(new Uri("/procedures", UriKind.Relative));
        Assert.Contains("<td>MTG-2026-01</td>", dashboard, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"current-phase\">Phase 1 – Preparation and readiness</dd>", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DelegationForm_ToSomeoneWhoIsNoLeadNegotiator_ShowsTheErrorAtTheDelegate_AndDelegatesNothing()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");

        var response = await kazakhstan.PostFormAsync("/delegation", new() { ["Delegate"] = "fp-kaz", ["Until"] = "2026-05-30T17:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"delegate-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("delegation"));
    }

    [GeneratedRegex("name=\"Round\" value=\"(\\d+)\"")]
    private static partial Regex RoundPattern();
}
