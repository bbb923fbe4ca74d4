using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>
/// Issue 28: sessions and links that end when they should, sign-in that cannot be flooded or timed, the headers every
/// response carries, the proxy in front, and the small leaks. Each test failed on the code before the fix.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class SecurityTests
{
    // ---- 1. Signing out ends the session ----------------------------------------------------------------------------

    [Fact]
    public async Task CopyOfTheCookie_AfterSignOut_OpensNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var kazakhstan = new PageSession(d.Host);
        string token;
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            token = CartifFlow.Negotiation.Participants.SignInLinks.Issue(db, "fp-kaz", d.Data.Time.GetUtcNow(), TimeSpan.FromMinutes(15));
            await db.SaveChangesAsync();
        }

        var signedIn = await kazakhstan.PostFormAsync("/sign-in/link", new() { ["token"] = token });
        var copy = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cartifflow=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync("/inbox")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await kazakhstan.PostFormAsync("/sign-out", [], tokenFrom: "/inbox")).StatusCode);

        using var thief = d.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox");
        request.Headers.Add("Cookie", copy);
        var inbox = await thief.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, inbox.StatusCode);
        Assert.Equal("/sign-in", inbox.Headers.Location!.AbsolutePath);
    }

    // ---- 2. A one-click link never signs anyone in, and acts only while its item is open -----------------------------

    private static async Task<HttpResponseMessage> PostLinkAsync(PageSession session, string link, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]) };
        return await session.PostFormAsync("/act", form);
    }

    [Fact]
    public async Task ForwardedReadAndRespondLink_UsedFromAnotherBrowser_StartsNoSession()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var link = d.Host.Services.GetRequiredService<OneClickLinks>().Link("cn-kaz", key, OneClickLinks.View, ProcedureDriver.Manila(6, 15, 17));
        using var stranger = new PageSession(d.Host);

        var used = await PostLinkAsync(stranger, link, new() { ["Kind"] = "agree" });

        Assert.NotEqual(HttpStatusCode.Redirect, used.StatusCode);
        Assert.DoesNotContain(used.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("cartifflow=", StringComparison.Ordinal));
        foreach (var page in new[] { "/inbox", "/approvals", "/delegation", $"/procedures/{key}/respond/KAZ" })
        {
            Assert.NotEqual(HttpStatusCode.OK, (await stranger.GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public async Task LinkOfAWithdrawnProcedure_GetsAPageSayingItIsClosed_AndDoesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        var links = d.Host.Services.GetRequiredService<OneClickLinks>();
        var view = links.Link("cn-kaz", key, OneClickLinks.View, ProcedureDriver.Manila(6, 15, 17));
        var agree = links.Link("fp-kaz", key, OneClickLinks.Agree, ProcedureDriver.Manila(6, 15, 17));
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "Renegotiate in the working group." })).IsSuccessStatusCode);
        using var session = new PageSession(d.Host);

        var opened = await session.GetAsync(new Uri(view).PathAndQuery);
        var posted = await PostLinkAsync(session, agree);

        Assert.Equal(HttpStatusCode.Conflict, opened.StatusCode);
        Assert.Contains($"{key} is closed", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        Assert.False(await db.Set<CartifFlow.Negotiation.WrittenProcedures.ProcedureResponse>().AnyAsync());
    }

    // ---- 3. Sign-in mail: an atomic limit per person, and rate limits per client and per address -------------------

    private static async Task<int> SignInMailsAsync(CartifFlowFactory host, string address)
    {
        await using var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return (await db.Outbox.AsNoTracking().Where(m => m.Template == "sign-in").Select(m => m.ToJson).ToListAsync())
            .Count(to => to.Contains(address, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiftyConcurrentSignInRequests_ForOneAddress_SendAtMostThreeEmails()
    {
        // The rate limits are raised so that every request reaches the per-person limit, which must hold by itself.
        await using var d = await ProcedureDriver.StartAsync("PostgreSql", settings: new Dictionary<string, string?>
        {
            ["CartifFlow:Web:SignInRequestsPerClient"] = "1000",
            ["CartifFlow:Web:SignInRequestsPerAddress"] = "1000",
        });
        var sessions = Enumerable.Range(0, 50).Select(_ => new PageSession(d.Host)).ToList();
        var tokens = await Task.WhenAll(sessions.Select(s => s.AntiforgeryTokenAsync()));

        var answers = await Task.WhenAll(sessions.Select(async (s, i) =>
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "focal.kaz@example.org", ["__RequestVerificationToken"] = tokens[i] });
            return await s.Client.PostAsync(new Uri("/sign-in", UriKind.Relative), form);
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(3, await Eventually.EventuallyAsync(() => SignInMailsAsync(d.Host, "focal.kaz@example.org"), n => n >= 3));
        // Whatever was still queued has been handled once a request sent after all of them is answered by its mail.
        using var other = new PageSession(d.Host);
        await other.PostFormAsync("/sign-in", new() { ["email"] = "focal.mon@example.org" });
        await Eventually.EventuallyAsync(() => SignInMailsAsync(d.Host, "focal.mon@example.org"), n => n == 1);
        Assert.Equal(3, await SignInMailsAsync(d.Host, "focal.kaz@example.org"));
        sessions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task SignInRequests_BeyondTheLimitPerClient_Answer429_InTheReadersLanguage()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = new PageSession(d.Host);
        session.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ru"));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 11; i++)
        {
            last = await session.PostFormAsync("/sign-in", new() { ["email"] = $"someone{i}@example.org" });
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Contains("Слишком много запросов", await last!.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInRequests_ForOneAddress_FromManyClients_Answer429_BeyondTheLimitPerAddress()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var session = new PageSession(d.Host);
            session.Client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, $"192.0.2.{i + 1}");
            statuses.Add((await session.PostFormAsync("/sign-in", new() { ["email"] = "Focal.Kaz@example.org" })).StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task SignInLimits_HoldAcrossTwoNodesSharingOneDatabase_EvenForConcurrentRequests()
    {
        // Each node's own limiters would let 4 through on each node, 8 in all; the limits counted in the database hold at 4.
        var settings = new Dictionary<string, string?> { ["CartifFlow:Web:SignInRequestsPerClient"] = "4", ["CartifFlow:Web:SignInRequestsPerAddress"] = "4" };
        await using var d = await ProcedureDriver.StartAsync("PostgreSql", settings: settings);
        await using var second = d.Data.StartHost(Path.Combine(TestRepository.Root, "workflows"), runTimers: false, settings);
        CartifFlowFactory Node(int i) => i % 2 == 0 ? d.Host : second;

        // One address, from twenty clients at once, spread over both nodes.
        var sessions = Enumerable.Range(0, 20).Select(i => new PageSession(Node(i))).ToList();
        var tokens = await Task.WhenAll(sessions.Select(s => s.AntiforgeryTokenAsync()));
        var perAddress = await Task.WhenAll(sessions.Select(async (s, i) =>
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "focal.kaz@example.org", ["__RequestVerificationToken"] = tokens[i] });
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in", UriKind.Relative)) { Content = form };
            request.Headers.Add(ClientAddressFilter.Header, $"192.0.2.{i + 1}");
            return (await s.Client.SendAsync(request)).StatusCode;
        }));
        Assert.Equal(4, perAddress.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(16, perAddress.Count(s => s == HttpStatusCode.TooManyRequests));
        sessions.ForEach(s => s.Dispose());

        // One client, eight addresses, alternating between the nodes.
        var perClient = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var session = new PageSession(Node(i));
            session.Client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, "198.51.100.7");
            perClient.Add((await session.PostFormAsync("/sign-in", new() { ["email"] = $"someone{i}@example.org" })).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], perClient);
    }

    // ---- 4. Timing: the answer comes before any lookup, for a known address as for an unknown one --------------------

    [Fact]
    public async Task SignInAnswer_ComesBeforeTheRegistryIsRead_AndTheLinkFollows()
    {
        await using var d = await ProcedureDriver.StartAsync("PostgreSql");
        using var session = new PageSession(d.Host);
        session.Client.Timeout = TimeSpan.FromSeconds(15);
        var token = await session.AntiforgeryTokenAsync();

        // Nobody can read the registry while this transaction holds it: an answer that waited for the lookup would not come.
        await using var blocker = new NpgsqlConnection(d.Data.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await using (var lockPeople = new NpgsqlCommand("LOCK TABLE people IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockPeople.ExecuteNonQueryAsync();
        }

        HttpResponseMessage answer;
        try
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "focal.kaz@example.org", ["__RequestVerificationToken"] = token });
            answer = await session.Client.PostAsync(new Uri("/sign-in", UriKind.Relative), form);
        }
        finally
        {
            await transaction.RollbackAsync();
        }

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your e-mail", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await Eventually.EventuallyAsync(() => SignInMailsAsync(d.Host, "focal.kaz@example.org"), n => n == 1));
    }

    // ---- 5. Security headers on every response ------------------------------------------------------------------------

    private static void AssertSecurityHeaders(HttpResponseMessage response, bool https = false)
    {
        var what = response.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"no CSP on {what}");
        var policy = string.Join(",", csp!);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var script = ScriptSource().Match(policy);
        Assert.True(script.Success, $"no script-src on {what}");
        Assert.DoesNotContain("unsafe-inline", script.Value, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"), $"a Server header on {what}");
        Assert.Equal(https, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task EveryResponse_APageTheApiHangfireAndAnExport_CarriesTheSecurityHeaders()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "Renegotiate." })).IsSuccessStatusCode);
        using var lead = await PageSession.SignInAsync(d.Host, "secretariat-lead");

        var page = await lead.GetAsync("/procedures");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(InlineScript().IsMatch(html), "an inline script on /procedures");
        Assert.DoesNotMatch(InlineHandler(), html);
        var dashboard = await lead.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        AssertSecurityHeaders(dashboard);
        AssertSecurityHeaders(await d.SendAsync(HttpMethod.Get, "secretariat", "/api/procedures"));
        var export = await d.SendAsync(HttpMethod.Get, "secretariat", $"/api/procedures/{key}/record?format=html");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        AssertSecurityHeaders(export);
        AssertSecurityHeaders(await d.SendAsync(HttpMethod.Get, "secretariat", "/api/procedures/WP-NONE"));
        using var signedOut = new PageSession(d.Host);
        AssertSecurityHeaders(await signedOut.GetAsync("/sign-in"));
        var css = await signedOut.GetAsync("/cartifflow.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task OverHttps_EveryResponse_CarriesHsts()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var client = d.Host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        AssertSecurityHeaders(await client.GetAsync(new Uri("/sign-in", UriKind.Relative)), https: true);
    }

    // ---- 6. Behind a TLS proxy -------------------------------------------------------------------------------------

    private static async Task<HttpResponseMessage> SignInThroughAsync(CartifFlowFactory host, string peer)
    {
        // Cookies by hand: the session cookie is Secure when it should be, and a cookie jar would keep it from http URLs.
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        string token;
        await using (var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            token = CartifFlow.Negotiation.Participants.SignInLinks.Issue(db, "fp-kaz", host.Data.Time.GetUtcNow(), TimeSpan.FromMinutes(15));
            await db.SaveChangesAsync();
        }

        HttpRequestMessage Through(HttpMethod method, string url)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add(ClientAddressFilter.Header, peer);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            return request;
        }

        using var get = Through(HttpMethod.Get, "/sign-in");
        var page = await client.SendAsync(get);
        var antiforgery = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var formToken = WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = Through(HttpMethod.Post, "/sign-in/link");
        post.Headers.Add("Cookie", antiforgery);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["__RequestVerificationToken"] = formToken });
        return await client.SendAsync(post);
    }

    [Fact]
    public async Task SessionCookie_IsSecure_BehindAKnownProxySayingHttps_AndNotFromAnUnknownPeer()
    {
        await using var d = await ProcedureDriver.StartAsync(settings: new Dictionary<string, string?> { ["CartifFlow:Web:KnownProxies:0"] = "10.0.0.5" });

        var viaProxy = await SignInThroughAsync(d.Host, "10.0.0.5");
        var session = Assert.Single(viaProxy.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cartifflow=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));

        // Anyone else saying X-Forwarded-Proto is not believed: plain HTTP, no Secure flag.
        var spoofed = await SignInThroughAsync(d.Host, "198.51.100.9");
        var plain = Assert.Single(spoofed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cartifflow=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PlainHttp_WhenThePublicAddressIsHttps_IsRedirectedToIt()
    {
        await using var d = await ProcedureDriver.StartAsync(settings: new Dictionary<string, string?> { ["CartifFlow:Web:PublicBaseUrl"] = "https://cartif.example.org" });
        using var session = new PageSession(d.Host);
        session.Client.DefaultRequestHeaders.Host = "attacker.example";

        var response = await session.GetAsync("/sign-in?x=1");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://cartif.example.org/sign-in?x=1", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Host_RefusesToStart_InProduction_WhenThePublicAddressIsPlainHttp()
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-prod-").FullName;
        try
        {
            var (exitCode, output) = await HostProcess.RunAsync(folder, ("ASPNETCORE_ENVIRONMENT", "Production"), ("CartifFlow__Web__PublicBaseUrl", "http://cartif.example.org"));

            Assert.Equal(1, exitCode);
            Assert.Contains("CartifFlow:Web:PublicBaseUrl: must be an https:// address in production", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // ---- 11. Small leaks ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task OpenApi_NamesTheConfiguredPublicAddress_NotTheHostHeader()
    {
        await using var d = await ProcedureDriver.StartAsync(settings: new Dictionary<string, string?> { ["CartifFlow:Web:PublicBaseUrl"] = "http://127.0.0.1:5080" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";

        var document = JsonNode.Parse(await (await d.Client.SendAsync(request)).Content.ReadAsStringAsync())!;

        var servers = document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()).ToList();
        Assert.Equal(["http://127.0.0.1:5080"], servers);
    }

    [Fact]
    public async Task UnreadableBody_Answers400_WithoutNamingDotNetTypes()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var token = await d.TokenAsync("secretariat");
        foreach (var body in new[] { "[]", "{\"title\": 5}", "{not json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/procedures") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var response = await d.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("CartifFlow.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("LaunchProcedureRequest", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ApiToken_OpensTheApiOnly_NeitherPagesNorTheDashboard()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var token = await d.TokenAsync("secretariat-lead");
        using var client = d.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/procedures", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(new Uri("/procedures", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(new Uri("/registry", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RequestBody_LargerThanOneMegabyte_IsRefused413_BeforeItIsRead()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var body = new { area = "TF", title = "Large", text = new string('x', 1_100_000), mode = "silence", deadline = "2026-06-15T17:00" };

        var response = await d.PostAsync("secretariat", "/api/procedures", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var session = await PageSession.SignInAsync(d.Host, "secretariat");
        var page = await session.PostFormAsync("/procedures/new", new() { ["Title"] = new string('x', 1_100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
    }

    [GeneratedRegex("script-src[^;]*")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\son[a-z]+=\"", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
