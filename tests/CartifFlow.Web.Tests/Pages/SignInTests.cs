using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Outbox;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Passwordless sign-in by e-mailed link: single use, short expiry, and no way to tell known addresses from unknown ones.</summary>
[Collection(HostTestGroup.Name)]
public sealed partial class SignInTests
{
    private static async Task<string?> LinkSentToAsync(ProcedureDriver d, string address)
    {
        await d.Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
        var folder = Path.Combine(d.Data.Folder, "mail");
        await Eventually.EventuallyAsync(() => Task.FromResult(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.eml").Any(f => File.ReadAllText(f).Contains(address, StringComparison.Ordinal))), found => found, TimeSpan.FromSeconds(5));
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var message = Directory.EnumerateFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => m.To.Mailboxes.Any(a => a.Address == address)).LastOrDefault();
        return message is null ? null : LinkPattern().Match(message.TextBody ?? "").Groups[1].Value;
    }

    private static async Task<PageSession> AskForLinkAsync(ProcedureDriver d, string address)
    {
        var session = new PageSession(d.Host);
        var response = await session.PostFormAsync("/sign-in", new() { ["email"] = address });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your e-mail", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return session;
    }

    private static async Task<HttpResponseMessage> UseLinkAsync(PageSession session, string token) =>
        await session.PostFormAsync("/sign-in/link", new() { ["token"] = token });

    [Fact]
    public async Task SignedOut_HomeRedirectsToSignIn()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = new PageSession(d.Host);

        var response = await session.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownAddress_GetsALinkThatSignsInOnce_AndAGetNeverSignsIn()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = await AskForLinkAsync(d, "secretariat@example.org");
        var token = await LinkSentToAsync(d, "secretariat@example.org");
        Assert.False(string.IsNullOrEmpty(token));

        var confirm = await session.GetAsync($"/sign-in/link?token={token}");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/procedures")).StatusCode); // the GET changed nothing

        var first = await UseLinkAsync(session, token!);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/procedures")).StatusCode);

        using var other = new PageSession(d.Host);
        var reused = await UseLinkAsync(other, token!);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/procedures")).StatusCode);
    }

    [Fact]
    public async Task ExpiredLink_IsRefused()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = await AskForLinkAsync(d, "focal.kaz@example.org");
        var token = await LinkSentToAsync(d, "focal.kaz@example.org");

        d.Data.Time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.BadRequest, (await session.GetAsync($"/sign-in/link?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await UseLinkAsync(session, token!)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task TamperedLink_IsRefused()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = await AskForLinkAsync(d, "focal.kaz@example.org");
        var token = await LinkSentToAsync(d, "focal.kaz@example.org");

        var tampered = (token![0] == 'A' ? "B" : "A") + token[1..];

        Assert.Equal(HttpStatusCode.BadRequest, (await UseLinkAsync(session, tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task UnknownAddress_GetsTheSameAnswer_AndNoMessage()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var known = new PageSession(d.Host);
        using var unknown = new PageSession(d.Host);

        var knownPage = await (await known.PostFormAsync("/sign-in", new() { ["email"] = "focal.kaz@example.org" })).Content.ReadAsStringAsync();
        var unknownResponse = await unknown.PostFormAsync("/sign-in", new() { ["email"] = "nobody@example.org" });
        var unknownPage = await unknownResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, unknownResponse.StatusCode);
        Assert.Equal(MainOf(knownPage), MainOf(unknownPage));
        Assert.Null(await LinkSentToAsync(d, "nobody@example.org"));
    }

    [Fact]
    public async Task RepeatedRequestsForOneAddress_SendAtMostThreeUnusedLinks_WithTheSameAnswer_AndAUsedOneMakesRoom()
    {
        await using var d = await ProcedureDriver.StartAsync();
        async Task<int> SignInMailsAsync()
        {
            await using var db = d.Host.Services.GetRequiredService<CartifFlow.Infrastructure.Persistence.ICartifFlowDbContextFactory>().Create();
            return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Outbox))
                .Count(m => m.Template == "sign-in" && m.ToJson.Contains("focal.kaz@example.org", StringComparison.Ordinal));
        }

        for (var i = 0; i < 5; i++)
        {
            using var _ = await AskForLinkAsync(d, "focal.kaz@example.org");
        }

        // The page answers before the link is written (the same for every address); the worker writes it.
        await SettledAsync(d);
        Assert.Equal(SignInMail.MaxUnusedLinks, await SignInMailsAsync());
        var token = await LinkSentToAsync(d, "focal.kaz@example.org");
        using var session = new PageSession(d.Host);
        Assert.Equal(HttpStatusCode.Redirect, (await UseLinkAsync(session, token!)).StatusCode);
        using (await AskForLinkAsync(d, "focal.kaz@example.org"))
        {
            await SettledAsync(d);
            Assert.Equal(SignInMail.MaxUnusedLinks + 1, await SignInMailsAsync());
        }

        d.Data.Time.Advance(TimeSpan.FromMinutes(16)); // the unused links have expired
        using (await AskForLinkAsync(d, "focal.kaz@example.org"))
        {
            await SettledAsync(d);
            Assert.Equal(SignInMail.MaxUnusedLinks + 2, await SignInMailsAsync());
        }
    }

    [Fact]
    public async Task SignInMessage_IsInTheReadersLanguage()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = await AskForLinkAsync(d, "focal.kaz@example.org");
        await LinkSentToAsync(d, "focal.kaz@example.org");

        var message = Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(a => a.Address == "focal.kaz@example.org"));
        Assert.Equal("Ссылка для входа в CartifFlow", message.Subject);
        Assert.Contains("по вашему времени", message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits until the sign-in worker has handled every request made so far: it handles them in order, so once a link
    /// asked for afterwards (for another person) is written, the earlier ones are too.
    /// </summary>
    private static async Task SettledAsync(ProcedureDriver d)
    {
        const string marker = "focal.mon@example.org";
        var factory = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>();
        async Task<int> MarkersAsync()
        {
            await using var db = factory.Create();
            return (await db.Outbox.AsNoTracking().Where(m => m.Template == "sign-in").Select(m => m.ToJson).ToListAsync()).Count(to => to.Contains(marker, StringComparison.Ordinal));
        }

        var before = await MarkersAsync();
        await using (var db = factory.Create())
        {
            await db.Set<SignInLink>().Where(l => l.PersonId == "fp-mon").ExecuteDeleteAsync(); // the marker's own limit never stops it
        }

        d.Host.Services.GetRequiredService<SignInMail>().Request(marker);
        await Eventually.EventuallyAsync(MarkersAsync, n => n > before);
    }

    private static string MainOf(string html) => html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];

    [GeneratedRegex(@"/sign-in/link\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
