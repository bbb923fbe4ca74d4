using System.Net;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The process pages: the negotiation started and run from the browser, each form's errors at its field.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ProcessPagesTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NegotiationHome_OnAFreshInstall_StartsTheNegotiation_AndShowsPhaseOneAndTheRoadmap()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var fresh = await (await secretariat.GetAsync("/negotiation")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"not-started\"", fresh, StringComparison.Ordinal);

        var started = await secretariat.PostFormAsync("/negotiation?handler=start", new() { ["Submission"] = "s1" });

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("Preparation", await d.PhaseAsync());
        var home = await (await secretariat.GetAsync("/negotiation")).Content.ReadAsStringAsync();
        Assert.Contains("<dd id=\"current-phase\">", home, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"not-started\"", home, StringComparison.Ordinal);
        Assert.Contains("data-code=\"inaugural-meeting\"", home, StringComparison.Ordinal);
        Assert.Contains("name=\"DocKind\"", home, StringComparison.Ordinal); // circulate-document is permitted in Phase 1
        Assert.DoesNotContain("href=\"/negotiation/zero-round\"", home, StringComparison.Ordinal); // not before Phase 2
        Assert.Equal(HttpStatusCode.OK, (await secretariat.GetAsync("/negotiation?done=no-such-step")).StatusCode); // an unknown notice shows nothing
    }

    [Fact]
    public async Task NegotiationHome_CirculatesTheModalities_AndRefusesThemWithoutPriorities_AtTheField_InRussian()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/negotiation" });

        var refused = await secretariat.PostFormAsync("/negotiation?handler=circulate", new() { ["DocKind"] = "modalities", ["DocTitle"] = "Modalities", ["DocReference"] = "CARTIF/NM/2026/1" });
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p id=\"doc-priorities-error\" class=\"error\" role=\"alert\">Модальности определяют приоритизацию рабочих групп: перечислите направления в порядке приоритета.</p>", html, StringComparison.Ordinal);
        Assert.Empty((await d.GetAsync("/api/negotiation/documents")).AsArray());

        var circulated = await secretariat.PostFormAsync("/negotiation?handler=circulate", new() { ["DocKind"] = "modalities", ["DocTitle"] = "Modalities", ["DocReference"] = "CARTIF/NM/2026/1", ["DocPriorities"] = "tf, dt" });

        Assert.Equal(HttpStatusCode.Redirect, circulated.StatusCode);
        var document = Assert.Single((await d.GetAsync("/api/negotiation/documents")).AsArray());
        Assert.Equal("TF,DT", string.Join(',', document!["priorities"]!.AsArray().Select(p => p!.GetValue<string>())));
    }

    [Fact]
    public async Task NegotiationHome_StartsAReadinessConsultation()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var response = await secretariat.PostFormAsync("/negotiation?handler=consult", new() { ["ConsultParty"] = "KGZ" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/consultations/RC-KGZ-01", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("Requested", await d.StateAsync("/api/consultations/RC-KGZ-01"));
    }
    [Fact]
    public async Task ZeroRound_ConvenedFromThePage_ItsOutcomeRecordedPerArea_ByTheMeetingPage_MovesPhaseTwoOn()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToZeroRoundAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        Assert.Contains("href=\"/negotiation/zero-round\"", await (await secretariat.GetAsync("/negotiation")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var convened = await secretariat.PostFormAsync("/negotiation/zero-round", new()
        {
            ["Title"] = "Zero Round", ["Format"] = "hybrid", ["Place"] = "Ulaanbaatar", ["TimeZone"] = "Asia/Ulaanbaatar",
            ["Start"] = "2026-06-03T09:00", ["End"] = "2026-06-03T17:00", ["Alongside"] = "RTG and CCC meetings",
        });
        Assert.Equal(HttpStatusCode.Redirect, convened.StatusCode);
        Assert.Equal("/meetings/ZR-2026-01?done=convened", convened.Headers.Location!.OriginalString);
        Assert.Contains("ZR-2026-01", await (await secretariat.GetAsync("/meetings?month=2026-06")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await d.AdvanceToAsync(new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        using var later = await PageSession.SignInAsync(d.P.Host, "secretariat"); // a month on: a new session
        var form = await (await later.GetAsync("/meetings/ZR-2026-01")).Content.ReadAsStringAsync();
        var areas = System.Text.RegularExpressions.Regex.Matches(form, "name=\"Areas\\[(\\d+)\\].Area\" value=\"([A-Z]+)\"").Select(m => m.Groups[2].Value).ToList();
        Assert.True(areas.Count > 0, form);
        var fields = new Dictionary<string, string> { ["Summary"] = "Non-binding discussions.", ["Attendance"] = "KAZ, MON", ["WorkingGroups"] = "TF, DT", ["Modalities"] = "Hybrid.", ["Timeline"] = "Q2-Q3.", ["DocumentationPractice"] = "Numbered revisions." };
        for (var i = 0; i < areas.Count; i++)
        {
            fields[$"Areas[{i}].Area"] = areas[i];
            fields[$"Areas[{i}].Convergence"] = "Some.";
            fields[$"Areas[{i}].Divergence"] = "Some.";
            fields[$"Areas[{i}].Flexibility"] = i == 0 ? "" : "Some.";
        }

        var refused = await later.PostFormAsync("/meetings/ZR-2026-01?handler=outcome", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"outcome-areas-0-flexibility-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        fields["Areas[0].Flexibility"] = "Transition periods.";
        var recorded = await later.PostFormAsync("/meetings/ZR-2026-01?handler=outcome", fields);

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal("ZeroRoundHeld", (await d.GetAsync("/api/negotiation"))["state"]!.GetValue<string>());
        Assert.Equal(areas.Count, (await d.GetAsync("/api/meetings/ZR-2026-01"))["outcome"]!["areas"]!.AsArray().Count);
    }

    [Fact]
    public async Task MeetingPage_ReschedulesAndCancels_AndOffersNeitherOnceCancelled()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/meetings/new", new() { ["Title"] = "Chief Negotiators", ["Kind"] = "chief-negotiators", ["Format"] = "online", ["TimeZone"] = "Asia/Manila", ["Start"] = "2026-06-10T10:00", ["End"] = "2026-06-10T12:00", ["Audience"] = "chief-negotiators" });

        var badTime = await secretariat.PostFormAsync("/meetings/MTG-2026-01?handler=reschedule", new() { ["NewStart"] = "next week", ["RescheduleReason"] = "Clash." });
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("id=\"reschedule-start-error\"", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var moved = await secretariat.PostFormAsync("/meetings/MTG-2026-01?handler=reschedule", new() { ["NewStart"] = "2026-06-12T10:00", ["NewEnd"] = "2026-06-12T13:00", ["RescheduleReason"] = "Clash with the RTG." });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.StartsWith("2026-06-12T10:00", (await d.GetAsync("/api/meetings/MTG-2026-01"))["localStart"]!.GetValue<string>(), StringComparison.Ordinal);

        var noReason = await secretariat.PostFormAsync("/meetings/MTG-2026-01?handler=cancel", []);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("id=\"cancel-reason-error\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cancelled = await secretariat.PostFormAsync("/meetings/MTG-2026-01?handler=cancel", new() { ["CancelReason"] = "Postponed sine die." });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var page = await (await secretariat.GetAsync("/meetings/MTG-2026-01")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"CancelReason\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"NewStart\"", page, StringComparison.Ordinal);
    }
    [Fact]
    public async Task TransitionPage_AfterARejection_RevisesTheProposal_AndThenWithdrawsIt()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(d.Now.AddDays(10));
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        Assert.DoesNotContain("name=\"ReviseDeadline\"", await (await secretariat.GetAsync($"/transitions/{key}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var party in NegotiationDriver.TakingPart.Take(4))
        {
            await d.RejectAsync(key, NegotiationDriver.Cn(party), "Not ready.");
        }

        Assert.Equal("Rejected", await d.StateAsync($"/api/transitions/{key}"));
        var noDeadline = await secretariat.PostFormAsync($"/transitions/{key}?handler=revise", new() { ["Justification"] = "Revised." });
        Assert.Equal(HttpStatusCode.BadRequest, noDeadline.StatusCode);
        Assert.Contains("id=\"revise-deadline-error\"", await noDeadline.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var revised = await secretariat.PostFormAsync($"/transitions/{key}?handler=revise", new() { ["Justification"] = "Revised after the consultations.", ["ReviseDeadline"] = "2026-05-25T17:00" });
        Assert.Equal(HttpStatusCode.Redirect, revised.StatusCode);
        Assert.Equal(2, (await d.GetAsync($"/api/transitions/{key}"))["round"]!.GetValue<int>());

        var withdrawn = await secretariat.PostFormAsync($"/transitions/{key}?handler=withdraw", new() { ["WithdrawReason"] = "To be proposed after the inaugural follow-up." });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", await d.StateAsync($"/api/transitions/{key}"));
    }

    [Fact]
    public async Task WorkingGroupProposalPage_RecordsWhetherTheTermsOfReferenceLetObserversComment()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        Assert.Contains("id=\"wg-observersMayComment\"", await (await secretariat.GetAsync("/working-groups/new")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var proposed = await secretariat.PostFormAsync("/working-groups/new", new() { ["Area"] = "TF", ["Observers"] = "AZE", ["TermsTitle"] = "Terms of reference (TF)", ["TermsText"] = "The group meets online.", ["TermsDeadline"] = "2026-07-20T17:00", ["TermsMode"] = "silence", ["ObserversMayComment"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var other = await secretariat.PostFormAsync("/working-groups/new", new() { ["Area"] = "DT", ["Observers"] = "AZE", ["TermsTitle"] = "Terms of reference (DT)", ["TermsText"] = "The group meets online.", ["TermsDeadline"] = "2026-07-20T17:00", ["TermsMode"] = "silence" });
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);

        await using var db = d.P.Host.Services.GetRequiredService<CartifFlow.Infrastructure.Persistence.ICartifFlowDbContextFactory>().Create();
        var groups = await db.Set<CartifFlow.Negotiation.WorkingGroups.WorkingGroup>().AsNoTracking().ToDictionaryAsync(g => g.AreaCode, g => g.ObserversMayComment);
        Assert.True(groups["TF"]);
        Assert.False(groups["DT"]);
    }

    [Fact]
    public async Task WorkingGroupPages_ProposeTheGroup_OpenARound_MembersComment_TheSecretariatConsolidates()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var proposed = await secretariat.PostFormAsync("/working-groups/new", new() { ["Area"] = "TF", ["TermsTitle"] = "Terms of reference (TF)", ["TermsText"] = "The group meets online.", ["TermsDeadline"] = "2026-07-20T17:00", ["TermsMode"] = "silence" });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        Assert.Equal("/working-groups/TF?done=proposed", proposed.Headers.Location!.OriginalString);
        await d.AdvanceToAsync(new DateTimeOffset(2026, 7, 20, 17, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal("BetweenRounds", await d.StateAsync("/api/working-groups/TF"));
        using var s2 = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var noDraft = await s2.PostFormAsync("/working-groups/TF?handler=round", new() { ["RoundDeadline"] = "2026-08-10T17:00" });
        Assert.Equal(HttpStatusCode.BadRequest, noDraft.StatusCode);
        Assert.Contains("id=\"round-document-error\"", await noDraft.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var opened = await s2.PostFormAsync("/working-groups/TF?handler=round", new() { ["RoundDeadline"] = "2026-08-10T17:00", ["RoundDocument"] = "CARTIF/TF/rev1" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var round = (await d.GetAsync("/api/working-groups/TF"))["rounds"]![0]!["key"]!.GetValue<string>();

        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "fp-kaz");
        using var observer = await PageSession.SignInAsync(d.P.Host, "obs-aze");
        Assert.Contains($"href=\"/rounds/{round}\"", await (await kazakhstan.GetAsync("/rounds")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/rounds/{round}\"", await (await observer.GetAsync("/rounds")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.GetAsync($"/rounds/{round}")).StatusCode);
        var commented = await kazakhstan.PostFormAsync($"/rounds/{round}?handler=comment", new() { ["Kind"] = "comments", ["Provision"] = "Article 5.2", ["Text"] = "Kazakhstan proposes a transition period." });
        Assert.Equal(HttpStatusCode.Redirect, commented.StatusCode);
        Assert.Equal("KAZ", Assert.Single((await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray())!["party"]!.GetValue<string>());

        await d.AdvanceToAsync(new DateTimeOffset(2026, 8, 10, 17, 0, 0, TimeSpan.FromHours(8)));
        using var s3 = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var consolidated = await s3.PostFormAsync($"/rounds/{round}?handler=consolidate", new() { ["Document"] = "CARTIF/TF/rev2", ["Summary"] = "Kazakhstan's transition period bracketed." });
        Assert.Equal(HttpStatusCode.Redirect, consolidated.StatusCode);
        Assert.Equal(2, (await d.GetAsync("/api/working-groups/TF"))["revision"]!.GetValue<int>());
    }
    [Fact]
    public async Task ReportsPage_IssuesTheConsolidatedProgressReport_AndListsIt()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");

        var refused = await secretariat.PostFormAsync("/reports?handler=issue", []);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"issue-summary-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await Drafts.DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "FA", Drafts.DraftsApiTests.Text)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Drafts.DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "FA", Drafts.DraftsApiTests.SecondText)).StatusCode);
        var issued = await secretariat.PostFormAsync("/reports?handler=issue", new() { ["Summary"] = "Phase 1 under way: modalities in preparation.", ["OutstandingIssues"] = "Dates of the Zero Round." });

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var report = Assert.Single((await d.GetAsync("/api/reports?kind=consolidated")).AsArray());
        var list = await (await secretariat.GetAsync("/reports?kind=consolidated")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/reports/{report!["id"]}\"", list, StringComparison.Ordinal);
        var page = await secretariat.GetAsync($"/reports/{report["id"]}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<title>Convergence across revisions</title>", html, StringComparison.Ordinal);

        // The report counts each revision (revision 1: Article 1's two paragraphs bracketed, one bracket each; revision 2:
        // the second agreed) of the area's draft as it was stored when the report was issued.
        var markdown = (await d.GetAsync($"/api/reports/{report["id"]}"))["markdown"]!.GetValue<string>();
        Assert.Contains("## Convergence of the drafts", markdown, StringComparison.Ordinal);
        Assert.Contains("| Revision | Provisions agreed | Bracketed | Total | Open brackets | Words outside brackets |\n|---|---|---|---|---|---|\n| 1 | 1 | 2 | 3 | 2 | 67 % |\n| 2 | 2 | 1 | 3 | 1 | 79 % |\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"MinisterialSummary\"", list, StringComparison.Ordinal); // not in ministerial review
    }

    [Fact]
    public async Task CapacityBuildingPages_PlanAnActivity_AndRecordItsDelivery_WithTheFieldErrorsInRussian()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/capacity-building" });

        var noTitle = await secretariat.PostFormAsync("/capacity-building", new() { ["Kind"] = "training", ["Format"] = "online" });
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Contains("<p id=\"plan-title-error\" class=\"error\" role=\"alert\">Укажите название.</p>", await noTitle.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var planned = await secretariat.PostFormAsync("/capacity-building", new() { ["Kind"] = "country-support", ["Title"] = "WTO compatibility analysis", ["Parties"] = "KGZ", ["Format"] = "online", ["Submission"] = "cb-1" });
        Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);
        Assert.Equal("/capacity-building/CB-2026-01?done=planned", planned.Headers.Location!.OriginalString);

        var badCount = await secretariat.PostFormAsync("/capacity-building/CB-2026-01?handler=deliver", new() { ["Participants"] = "twelve", ["Outcome"] = "Analysis delivered." });
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.Contains("id=\"deliver-participants-error\"", await badCount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var delivered = await secretariat.PostFormAsync("/capacity-building/CB-2026-01?handler=deliver", new() { ["Participants"] = "12", ["Outcome"] = "Analysis delivered." });
        Assert.Equal(HttpStatusCode.Redirect, delivered.StatusCode);
        Assert.Equal("Delivered", await d.StateAsync("/api/capacity-building/CB-2026-01"));
        Assert.Contains("CB-2026-01", await (await secretariat.GetAsync("/capacity-building?FilterParty=KGZ")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("CB-2026-01", await (await secretariat.GetAsync("/capacity-building?FilterParty=KAZ")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsultationPages_TheSecretariatSchedulesTheInterview_ThePartyDeclines_AnotherPartyIsRefused()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "fp-kaz");
        using var mongolia = await PageSession.SignInAsync(d.P.Host, "fp-mon");

        var badTime = await secretariat.PostFormAsync("/consultations/RC-KAZ-01?handler=interview", new() { ["At"] = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("id=\"interview-at-error\"", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var scheduled = await secretariat.PostFormAsync("/consultations/RC-KAZ-01?handler=interview", new() { ["At"] = "2026-05-12T10:00", ["Format"] = "online", ["Place"] = "Video call" });
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal("InterviewScheduled", await d.StateAsync("/api/consultations/RC-KAZ-01"));

        Assert.Equal(HttpStatusCode.Forbidden, (await mongolia.GetAsync("/consultations/RC-KAZ-01")).StatusCode);
        Assert.DoesNotContain("RC-KAZ-01", await (await mongolia.GetAsync("/consultations")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await (await kazakhstan.GetAsync("/consultations/RC-KAZ-01")).Content.ReadAsStringAsync();
        Assert.Contains("name=\"DeclineReason\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Priorities\"", page, StringComparison.Ordinal);
        var declined = await kazakhstan.PostFormAsync("/consultations/RC-KAZ-01?handler=decline", new() { ["DeclineReason"] = "Not this year." });
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal("Declined", await d.StateAsync("/api/consultations/RC-KAZ-01"));
    }
}
