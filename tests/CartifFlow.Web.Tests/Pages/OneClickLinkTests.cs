using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>One-click links from the e-mails: GET never acts; POST acts once, as the person, until the link expires.</summary>
[Collection(HostTestGroup.Name)]
public sealed partial class OneClickLinkTests
{
    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private static async Task<int> ResponsesAsync(ProcedureDriver d, string party)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Set<ProcedureResponse>().AsNoTracking().CountAsync(r => r.PartyCode == party);
    }

    private static async Task<HttpResponseMessage> PostLinkAsync(PageSession session, string link) =>
        await session.PostFormAsync("/act", new() { ["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]) });

    private static string LinkFor(ProcedureDriver d, string person, string key, string action, DateTimeOffset? expires = null) =>
        d.Host.Services.GetRequiredService<OneClickLinks>().Link(person, key, action, expires ?? ProcedureDriver.Manila(6, 15, 17));

    [Fact]
    public async Task CirculationEmail_CarriesTheFocalPointsOwnLinks_AndAgreeActsOnlyOnPost()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        await d.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the outbox
        var mail = Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "focal.kaz@example.org"));
        var links = LinkPattern().Matches(mail.TextBody!).Select(m => m.Value).ToList();
        Assert.Equal(2, links.Count); // agree, view
        using var session = new PageSession(d.Host);

        var confirm = await session.GetAsync(PathOf(links[0]));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains(key, await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ResponsesAsync(d, "KAZ"));

        var acted = await PostLinkAsync(session, links[0]);
        Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var response = Assert.Single(await db.Set<ProcedureResponse>().AsNoTracking().ToListAsync());
        Assert.Equal(("KAZ", "fp-kaz", ResponseKind.Agree), (response.PartyCode, response.PersonId, response.Kind));
    }

    [Fact]
    public async Task ReusedLink_IsRefused_WithoutSecondResponse()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = LinkFor(d, "fp-kaz", key, OneClickLinks.Agree);
        using var session = new PageSession(d.Host);
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(session, link)).StatusCode);

        var again = await PostLinkAsync(session, link);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync(PathOf(link))).StatusCode);
        Assert.Equal(1, await ResponsesAsync(d, "KAZ"));
    }

    [Fact]
    public async Task ExpiredLink_IsRefused_WithoutResponse()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = LinkFor(d, "fp-kaz", key, OneClickLinks.Agree, d.Data.Time.GetUtcNow().AddHours(1));
        d.Data.Time.Advance(TimeSpan.FromHours(2));
        using var session = new PageSession(d.Host);

        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync(PathOf(link))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, link)).StatusCode);
        Assert.Equal(0, await ResponsesAsync(d, "KAZ"));
    }

    [Fact]
    public async Task LinkFromTheCirculation_AfterAnExtension_WorksPastTheOldDeadline_AndStopsAtTheNewOne()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(deadline: "2026-06-15T17:00");
        await d.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the outbox
        string AgreeLinkOf(string address) => LinkPattern().Matches(Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == address) && (m.Subject ?? "").Contains(key, StringComparison.Ordinal) && LinkPattern().IsMatch(m.TextBody ?? "")).TextBody!)[0].Value;
        var kaz = AgreeLinkOf("focal.kaz@example.org");
        var mon = AgreeLinkOf("focal.mon@example.org");
        var extended = await d.PostAsync("secretariat", $"/api/procedures/{key}/extension", new { deadline = "2026-06-25T17:00", reason = "Two delegations asked for more time." });
        Assert.True(extended.IsSuccessStatusCode, await extended.Content.ReadAsStringAsync());
        await d.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the extension: it carries fresh links too
        var notice = Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "focal.kaz@example.org") && (m.Subject ?? "").Contains(key, StringComparison.Ordinal) && (m.Subject ?? "").Contains("2026-06-25", StringComparison.Ordinal));
        Assert.Equal(2, LinkPattern().Count(notice.TextBody!));

        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 16, 12)); // past the first deadline, before the new one
        using (var session = new PageSession(d.Host))
        {
            Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(session, kaz)).StatusCode);
        }

        Assert.Equal(1, await ResponsesAsync(d, "KAZ"));
        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 25, 18)); // past the new deadline
        using (var session = new PageSession(d.Host))
        {
            Assert.Equal(HttpStatusCode.Conflict, (await PostLinkAsync(session, mon)).StatusCode);
        }

        Assert.Equal(0, await ResponsesAsync(d, "MON"));
    }

    [Fact]
    public async Task TamperedLink_IsRefused_WithoutResponse()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = LinkFor(d, "fp-kaz", key, OneClickLinks.Agree);
        var token = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]);
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        using var session = new PageSession(d.Host);

        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync("/act?t=" + Uri.EscapeDataString(tampered))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await session.PostFormAsync("/act", new() { ["t"] = tampered })).StatusCode);
        Assert.Equal(0, await ResponsesAsync(d, "KAZ"));
    }

    [Fact]
    public async Task AnotherPersonsLink_IsRefusedInYourSession_WithoutResponse()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = LinkFor(d, "fp-kaz", key, OneClickLinks.Agree);
        using var mongolia = await PageSession.SignInAsync(d.Host, "fp-mon");

        Assert.Equal(HttpStatusCode.Forbidden, (await mongolia.GetAsync(PathOf(link))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostLinkAsync(mongolia, link)).StatusCode);
        Assert.Equal(0, await ResponsesAsync(d, "KAZ"));
        Assert.Equal(0, await ResponsesAsync(d, "MON"));
    }

    [Fact]
    public async Task ViewLink_ShowsTheTextAndRespondsOnItsOwnPage_WithoutSigningIn_Once()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = LinkFor(d, "fp-kaz", key, OneClickLinks.View);
        using var session = new PageSession(d.Host);

        var page = await session.GetAsync(PathOf(link));
        var objection = await session.PostFormAsync("/act", new() { ["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]), ["Kind"] = "object" });
        var response = await session.PostFormAsync("/act", new() { ["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]), ["Kind"] = "object", ["Reason"] = "Needs a transition period." });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"Kind\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, objection.StatusCode); // the reason is missing: said at the field, the link stays unused
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await ResponsesAsync(d, "KAZ"));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync($"/procedures/{key}/respond/KAZ")).StatusCode); // no session
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, link)).StatusCode); // once
    }

    // ---- Stage transitions: approve and reject links for each Chief Negotiator ----

    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A negotiation in Phase 1 with a proposed transition (deadline 20 May, 17:00 in Manila); its key.</summary>
    private static async Task<(NegotiationDriver D, string Key)> ProposedAsync()
    {
        var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        return (d, await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17)));
    }

    private static async Task<List<TransitionAnswer>> AnswersAsync(NegotiationDriver d)
    {
        await using var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Set<TransitionAnswer>().AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    private static string TransitionLink(NegotiationDriver d, string person, string key, string action, DateTimeOffset? expires = null) =>
        d.P.Host.Services.GetRequiredService<OneClickLinks>().Link(person, key, action, expires ?? NegotiationDriver.Manila(5, 20, 17));

    [Fact]
    public async Task ProposalEmail_CarriesTheChiefNegotiatorsOwnApproveAndRejectLinks_AndApproveActsOnlyOnPost()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        await d.P.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the outbox
        var mail = Directory.EnumerateFiles(Path.Combine(d.P.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "chief.kaz@example.org") && m.TextBody!.Contains(key, StringComparison.Ordinal));
        var links = LinkPattern().Matches(mail.TextBody!).Select(m => m.Value).ToList();
        Assert.Equal(2, links.Count); // approve, reject
        Assert.Contains("Одобрить: " + links[0], mail.TextBody, StringComparison.Ordinal);
        using var session = new PageSession(d.P.Host);

        var confirm = await session.GetAsync(PathOf(links[0]));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains(key, await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await AnswersAsync(d));

        var acted = await PostLinkAsync(session, links[0]);

        Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
        var answer = Assert.Single(await AnswersAsync(d));
        Assert.Equal(("KAZ", "cn-kaz", TransitionAnswerKind.Approve), (answer.PartyCode, answer.PersonId, answer.Kind));
    }

    [Fact]
    public async Task ApproveLinkOfTheFirstRound_DoesNotAnswerTheRevisedProposal_TheRevisionsOwnLinkDoes()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        await d.P.AdvanceAsync(TimeSpan.FromSeconds(1)); // delivers the outbox
        string ApproveLinkFor(string round) => Directory.EnumerateFiles(Path.Combine(d.P.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == "chief.kaz@example.org") && m.TextBody!.Contains(key, StringComparison.Ordinal) && m.TextBody.Contains(round, StringComparison.Ordinal))
            .Select(m => LinkPattern().Matches(m.TextBody!).First().Value).Single();
        var first = ApproveLinkFor("Одобрить");
        foreach (var party in new[] { "PAK", "MON", "UZB", "TKM" }) // four of nine: the quorum of six cannot be reached
        {
            await d.RejectAsync(key, NegotiationDriver.Cn(party), "Not before the documents are final.");
        }

        await d.PostAsync("secretariat", $"/api/transitions/{key}/revision", new { justification = "The documents are final now.", deadline = NegotiationDriver.Manila(5, 27, 17).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture) });
        using var session = new PageSession(d.P.Host);

        var stale = await PostLinkAsync(session, first);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("The proposal was revised after this link was sent", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await AnswersAsync(d), a => a.PartyCode == "KAZ");
        await d.P.AdvanceAsync(TimeSpan.FromSeconds(1));
        var revised = Directory.EnumerateFiles(Path.Combine(d.P.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == "chief.kaz@example.org") && m.TextBody!.Contains("The documents are final now.", StringComparison.Ordinal))
            .Select(m => LinkPattern().Matches(m.TextBody!).First().Value).Single();
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(session, revised)).StatusCode);
        Assert.Contains(await AnswersAsync(d), a => (a.PartyCode, a.Kind, a.Round) == ("KAZ", TransitionAnswerKind.Approve, 2));
    }

    [Fact]
    public async Task ReminderEmail_CarriesFreshApproveAndRejectLinks_ToChiefNegotiatorsWhoHaveNotAnswered()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        await d.ApproveAsync(key, NegotiationDriver.Cn("MON"));

        await d.AdvanceToAsync(NegotiationDriver.Manila(5, 19, 18)); // past the last reminder (P1D), delivered

        var reminders = await d.OutboxAsync("transition-reminder");
        Assert.DoesNotContain(reminders, m => m.ToJson.Contains("chief.mon@example.org", StringComparison.Ordinal));
        var last = reminders.Last(m => m.ToJson.Contains("chief.kaz@example.org", StringComparison.Ordinal));
        var links = LinkPattern().Matches((await d.DeliveredAsync(last.Id)).TextBody!).Select(m => m.Value).ToList();
        Assert.Equal(2, links.Count);
        using var session = new PageSession(d.P.Host);

        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(session, links[0])).StatusCode);

        Assert.Contains(await AnswersAsync(d), a => (a.PartyCode, a.PersonId, a.Kind) == ("KAZ", "cn-kaz", TransitionAnswerKind.Approve));
    }

    [Fact]
    public async Task RejectLink_AsksForTheReason_ALinkWithoutOneStaysUnused_ThenRejectsWithIt()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var link = TransitionLink(d, "cn-mon", key, OneClickLinks.Reject);
        var token = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]);
        using var session = new PageSession(d.P.Host);
        Assert.Contains("name=\"Reason\"", await (await session.GetAsync(PathOf(link))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var withoutReason = await session.PostFormAsync("/act", new() { ["t"] = token, ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("<p id=\"reason-error\" class=\"error\" role=\"alert\">A rejection needs a reason.</p>", await withoutReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await AnswersAsync(d));
        var tooLong = await session.PostFormAsync("/act", new() { ["t"] = token, ["Reason"] = new string('r', CartifFlow.Negotiation.Workflows.Reasons.MaxLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Matches("<p id=\"reason-error\" class=\"error\" role=\"alert\">[^<]*2[ ,.]?000", await tooLong.Content.ReadAsStringAsync());
        Assert.Empty(await AnswersAsync(d));

        var rejected = await session.PostFormAsync("/act", new() { ["t"] = token, ["Reason"] = "Mongolia awaits its inter-agency review." });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var answer = Assert.Single(await AnswersAsync(d));
        Assert.Equal(("MON", "cn-mon", TransitionAnswerKind.Reject, "Mongolia awaits its inter-agency review."), (answer.PartyCode, answer.PersonId, answer.Kind, answer.Reason));
    }

    [Fact]
    public async Task ApproveLink_TheEngineRefuses_IsAnsweredWithAConflict_AndIsNotSpent()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var link = TransitionLink(d, "cn-kaz", key, OneClickLinks.Approve);
        await d.PostAsync("secretariat", $"/api/transitions/{key}/withdrawal", new { reason = "Documents to be revised first." });
        using var session = new PageSession(d.P.Host);

        var refused = await PostLinkAsync(session, link);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Empty(await AnswersAsync(d));
        await using var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        Assert.Empty(await db.Set<OneClickUse>().AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task ReusedApproveLink_IsRefused_WithoutSecondAnswer()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var link = TransitionLink(d, "cn-kaz", key, OneClickLinks.Approve);
        using var session = new PageSession(d.P.Host);
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(session, link)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, link)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync(PathOf(link))).StatusCode);
        Assert.Single(await AnswersAsync(d));
    }

    [Fact]
    public async Task ExpiredApproveLink_IsRefused_WithoutAnswer()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var link = TransitionLink(d, "cn-kaz", key, OneClickLinks.Approve, d.Now.AddHours(1));
        d.P.Data.Time.Advance(TimeSpan.FromHours(2));
        using var session = new PageSession(d.P.Host);

        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync(PathOf(link))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, link)).StatusCode);
        Assert.Empty(await AnswersAsync(d));
    }

    [Fact]
    public async Task TamperedRejectLink_IsRefused_WithoutAnswer()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var token = Uri.UnescapeDataString(new Uri(TransitionLink(d, "cn-kaz", key, OneClickLinks.Reject)).Query["?t=".Length..]);
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        using var session = new PageSession(d.P.Host);

        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync("/act?t=" + Uri.EscapeDataString(tampered))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await session.PostFormAsync("/act", new() { ["t"] = tampered, ["Reason"] = "x" })).StatusCode);
        Assert.Empty(await AnswersAsync(d));
    }

    [Fact]
    public async Task AnotherChiefNegotiatorsApproveLink_IsRefusedInYourSession_WithoutAnswer()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        var link = TransitionLink(d, "cn-kaz", key, OneClickLinks.Approve);
        using var mongolia = await PageSession.SignInAsync(d.P.Host, "cn-mon");

        Assert.Equal(HttpStatusCode.Forbidden, (await mongolia.GetAsync(PathOf(link))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostLinkAsync(mongolia, link)).StatusCode);
        Assert.Empty(await AnswersAsync(d));
    }

    [Fact]
    public async Task WrongAction_AnUnknownActionAProcedureActionOnATransitionOrAnApproveLinkForAFocalPoint_DoesNothing()
    {
        var (d, key) = await ProposedAsync();
        await using var _ = d;
        using var session = new PageSession(d.P.Host);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, TransitionLink(d, "cn-kaz", key, "withdraw"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(session, TransitionLink(d, "cn-kaz", key, OneClickLinks.Agree))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostLinkAsync(session, TransitionLink(d, "fp-kaz", key, OneClickLinks.Approve))).StatusCode);
        Assert.Empty(await AnswersAsync(d));
        Assert.Equal("Voting", await d.StateAsync($"/api/transitions/{key}"));
    }

    [GeneratedRegex(@"http://[^\s]+/act\?t=[^\s]+")]
    private static partial Regex LinkPattern();
}
