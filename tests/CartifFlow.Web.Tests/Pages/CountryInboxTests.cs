using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The country inbox (<c>/inbox</c>) of a focal point and a chief negotiator across the workflows, with deadlines in
/// their own time zone; and the homes of lead negotiators, technical experts and observers.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class CountryInboxTests
{
    [Fact]
    public async Task CountryInbox_ListsTheStageTransitionAndTheConsultationWaitingForTheParty_UntilItAnswers()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var transition = await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created);
        using var chief = await PageSession.SignInAsync(d.P.Host, "cn-kaz");
        using var focal = await PageSession.SignInAsync(d.P.Host, "fp-kaz");
        using var mongolia = await PageSession.SignInAsync(d.P.Host, "fp-mon");

        var chiefInbox = WebUtility.HtmlDecode(await (await chief.GetAsync("/inbox")).Content.ReadAsStringAsync());
        var focalInbox = await (await focal.GetAsync("/inbox")).Content.ReadAsStringAsync();
        var mongoliaInbox = await (await mongolia.GetAsync("/inbox")).Content.ReadAsStringAsync();

        Assert.Contains($"href=\"/approvals/{transition}\"", chiefInbox, StringComparison.Ordinal);
        Assert.Contains("2026-05-20 14:00 (UTC+05:00, Asia/Almaty)", chiefInbox, StringComparison.Ordinal); // 17:00 in Manila, in Almaty's time
        Assert.Contains("href=\"/consultations/RC-KAZ-01\"", chiefInbox, StringComparison.Ordinal);
        Assert.Contains(transition, focalInbox, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/approvals/{transition}\"", focalInbox, StringComparison.Ordinal); // the focal point does not approve
        Assert.DoesNotContain("RC-KAZ-01", mongoliaInbox, StringComparison.Ordinal);

        await d.PostAsync("cn-kaz", $"/api/transitions/{transition}/approval", new { });
        var answered = await (await chief.GetAsync("/inbox")).Content.ReadAsStringAsync();
        Assert.DoesNotContain($"href=\"/approvals/{transition}\"", answered, StringComparison.Ordinal);
        Assert.Contains("id=\"steps\"", answered, StringComparison.Ordinal); // the country's history: its approval
        // In the reader's language, by the person's name (not the answer's code or the person's id).
        var steps = WebUtility.HtmlDecode(answered[answered.IndexOf("id=\"steps\"", StringComparison.Ordinal)..]);
        Assert.Contains($"<td>{transition}</td><td>Одобрено</td><td>Chief Negotiator, Kazakhstan (placeholder)</td>", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("Approve", steps, StringComparison.Ordinal);
        Assert.Contains("Ваша Сторона ещё не отвечала на письменные процедуры.", WebUtility.HtmlDecode(answered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_OfALeadNegotiatorAndAnObserver_LinksWhatTheyMayRead()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var lead = await PageSession.SignInAsync(d.Host, "ln-kaz-tf");
        using var expert = await PageSession.SignInAsync(d.Host, "te-mon-dt");
        using var observer = await PageSession.SignInAsync(d.Host, "obs-aze");

        var leadHome = await (await lead.GetAsync("/")).Content.ReadAsStringAsync();
        var expertHome = await (await expert.GetAsync("/")).Content.ReadAsStringAsync();
        var observerHome = await (await observer.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("href=\"/drafts/TF\"", leadHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/drafts/DT\"", leadHome, StringComparison.Ordinal);
        Assert.Contains("href=\"/drafts/DT\"", expertHome, StringComparison.Ordinal);
        Assert.Contains("Тексты переговоров, разосланные наблюдателям", observerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/drafts/TF\"", observerHome, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Home_OfAnObserverWhosePartyObservesAGroup_LinksItsOpenRound_AndSaysWhetherObserversMayComment(bool observersMayComment)
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        var (round, _, _) = await WorkingGroups.RoundsOnProvisionsTests.OpenRoundOnZeroDraftAsync(d, observersMayComment);
        await d.PostAsync("secretariat", "/api/working-groups/TF/reports", new { summary = "Round 1 under way on the zero draft." });
        using var observer = await PageSession.SignInAsync(d.P.Host, "obs-aze"); // reads Russian
        using var lead = await PageSession.SignInAsync(d.P.Host, "ln-kaz-tf");

        var home = WebUtility.HtmlDecode(await (await observer.GetAsync("/")).Content.ReadAsStringAsync());
        var leadHome = WebUtility.HtmlDecode(await (await lead.GetAsync("/")).Content.ReadAsStringAsync());

        Assert.Contains("<li><a href=\"/rounds\">", home, StringComparison.Ordinal); // the rounds of the groups it observes, in the menu
        Assert.Contains("href=\"/drafts/TF\"", home, StringComparison.Ordinal);
        Assert.Contains($"href=\"/rounds/{round}\"", home, StringComparison.Ordinal);
        Assert.Equal(observersMayComment, home.Contains($"Раунд {round}: текст и замечания вашей Стороны", StringComparison.Ordinal));
        Assert.Equal(!observersMayComment, home.Contains($"Раунд {round}: разосланный текст", StringComparison.Ordinal));
        Assert.Equal(!observersMayComment, home.Contains("Для вас нет действий.", StringComparison.Ordinal));
        Assert.Contains($"href=\"/rounds/{round}\"", leadHome, StringComparison.Ordinal);
        Assert.DoesNotContain("Для вас нет действий.", leadHome, StringComparison.Ordinal); // the round waits for Kazakhstan's lead negotiator
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync("/rounds")).StatusCode);

        // The group's report to the Chief Negotiators, from the lead negotiator's home.
        var reportLink = System.Text.RegularExpressions.Regex.Match(leadHome, "<a href=\"(/reports/[0-9]+)\">Доклад главным переговорщикам: ([^<]+)</a>");
        Assert.True(reportLink.Success, leadHome);
        using var read = await lead.GetAsync(reportLink.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("Round 1 under way on the zero draft.", WebUtility.HtmlDecode(await read.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
