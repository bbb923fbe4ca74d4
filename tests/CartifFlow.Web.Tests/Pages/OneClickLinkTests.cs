using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Persistence;
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
    public async Task ViewLink_SignsThePersonInOnTheirResponseForm()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var session = new PageSession(d.Host);

        var response = await PostLinkAsync(session, LinkFor(d, "fp-kaz", key, OneClickLinks.View));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/procedures/{key}/respond/KAZ", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/procedures/{key}/respond/KAZ")).StatusCode);
        Assert.Equal(0, await ResponsesAsync(d, "KAZ"));
    }

    [GeneratedRegex(@"http://[^\s]+/act\?t=[^\s]+")]
    private static partial Regex LinkPattern();
}
