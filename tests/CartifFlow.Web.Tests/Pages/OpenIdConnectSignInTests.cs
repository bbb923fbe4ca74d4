using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Sign-in through a real OpenID Connect provider: panva/oidc-provider on node, started by ./test.sh
/// (tests/oidc-provider/, accounts in its accounts.json), driven through its login form by Debian's Chromium.
/// The provider says who someone is; the registry says what they may do. Fails (never skips) without the provider.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class OpenIdConnectSignInTests
{
    private const string ProviderName = "Test IdP";

    private static Dictionary<string, string?> ProviderSettings(string baseUrl, bool emailLink = true)
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts a real OpenID Connect provider for them.");
        return new()
        {
            ["CartifFlow:Web:PublicBaseUrl"] = baseUrl,
            ["CartifFlow:OpenIdConnect:Authority"] = Need("CARTIFFLOW_TEST_OIDC_AUTHORITY"),
            ["CartifFlow:OpenIdConnect:ClientId"] = Need("CARTIFFLOW_TEST_OIDC_CLIENT_ID"),
            ["CartifFlow:OpenIdConnect:ClientSecret"] = Need("CARTIFFLOW_TEST_OIDC_CLIENT_SECRET"),
            ["CartifFlow:OpenIdConnect:DisplayName"] = ProviderName,
            ["CartifFlow:OpenIdConnect:RequireHttpsMetadata"] = "false",
            ["CartifFlow:OpenIdConnect:EmailLinkSignIn"] = emailLink ? "true" : "false",
        };
    }

    /// <summary>A host on a real port, its clock at the real time (the provider's tokens and the browser's cookies carry real instants).</summary>
    private static async Task<(HostData Data, CartifFlowFactory Host, string BaseUrl)> StartAsync(bool emailLink = true, bool browser = true)
    {
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var data = await HostData.CreateAsync(start: TimeProvider.System.GetUtcNow());
        var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), runTimers: false, ProviderSettings(baseUrl, emailLink));
        if (browser)
        {
            host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
            host.StartServer();
        }

        return (data, host, baseUrl);
    }

    private static Task<IBrowser> BrowserAsync(IPlaywright playwright) => Browsers.LaunchAsync(playwright);

    /// <summary>
    /// Opens the application signed out, presses "Sign in with Test IdP" and signs in on the provider's own form; returns
    /// once the browser is back at the application. The URL checks are Playwright's retrying URL assertions, which
    /// read the URL only: <c>WaitForURLAsync</c> also waits for the page's load event, and two CI runs timed out
    /// waiting for the load event of a page already shown (network idle) after the redirect chain. Every check that
    /// follows waits for what it reads.
    /// </summary>
    private static async Task<IPage> SignInAtProviderAsync(IBrowser browser, string baseUrl, string login, string password, string locale = "en-GB")
    {
        var context = await browser.NewContextAsync(new() { Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(ProviderName) }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^(?!" + Regex.Escape(baseUrl) + "/)"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider: sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(baseUrl) + "/(?!signin-oidc)"));
        return page;
    }

    [Fact]
    public async Task FocalPoint_SignsInAtTheProvider_LandsOnTheirInbox_WithTheRegistrysRolesOnly()
    {
        var (data, host, baseUrl) = await StartAsync();
        await using var _ = data;
        await using var __ = host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);

        var page = await SignInAtProviderAsync(browser, baseUrl, "focal.kaz", "focal-kaz-pass");

        // Kazakhstan's focal point (the provider sends the address in another case) reads Russian by the registry.
        Assert.EndsWith("/inbox", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Выйти" })).ToBeVisibleAsync();
        var secretariatOnly = await page.GotoAsync(baseUrl + "/procedures");
        Assert.Equal(403, secretariatOnly!.Status);
    }

    [Fact]
    public async Task Secretariat_SignsInAtTheProvider_LandsOnTheProcedures()
    {
        var (data, host, baseUrl) = await StartAsync();
        await using var _ = data;
        await using var __ = host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);

        var page = await SignInAtProviderAsync(browser, baseUrl, "secretariat", "secretariat-pass");

        Assert.EndsWith("/procedures", page.Url, StringComparison.Ordinal);
        var registry = await page.GotoAsync(baseUrl + "/registry");
        Assert.Equal(200, registry!.Status);
    }

    [Fact]
    public async Task AddressUnknownToTheRegistry_IsRefused_AndNoSessionStarts()
    {
        var (data, host, baseUrl) = await StartAsync();
        await using var _ = data;
        await using var __ = host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);

        var page = await SignInAtProviderAsync(browser, baseUrl, "stranger", "stranger-pass");

        Assert.Contains("/sign-in/refused", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("belongs to no one taking part in the negotiation", new() { Timeout = 20_000 });
        var after = await page.GotoAsync(baseUrl + "/inbox");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal(200, after!.Status);
        Assert.DoesNotContain(await page.Context.CookiesAsync([baseUrl]), c => c.Name == "cartifflow");
    }

    [Fact]
    public async Task UnverifiedAddress_IsRefused_EvenWhenItIsAPersonsAddress()
    {
        var (data, host, baseUrl) = await StartAsync();
        await using var _ = data;
        await using var __ = host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);

        var page = await SignInAtProviderAsync(browser, baseUrl, "unverified.kaz", "unverified-pass", "ru-RU");

        Assert.Contains("/sign-in/refused", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("не подтвердил ваш адрес", new() { Timeout = 20_000 });
        Assert.DoesNotContain(await page.Context.CookiesAsync([baseUrl]), c => c.Name == "cartifflow");
    }

    [Fact]
    public async Task WrongPasswordAtTheProvider_SignsNoOneIn()
    {
        var (data, host, baseUrl) = await StartAsync();
        await using var _ = data;
        await using var __ = host;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/sign-in");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(ProviderName) }).ClickAsync();
        await page.GetByLabel("Username").FillAsync("focal.kaz");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong password");
        Assert.DoesNotContain(await context.CookiesAsync([baseUrl]), c => c.Name == "cartifflow");
    }

    [Fact]
    public async Task WithTheProviderOnly_TheEmailLinkIsNeitherOfferedNorAccepted()
    {
        var (data, host, _) = await StartAsync(emailLink: false, browser: false);
        await using var d = data;
        await using var __ = host;
        using var session = new PageSession(host);

        var page = await (await session.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Test IdP", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"email\"", page, StringComparison.Ordinal);

        var post = await session.PostFormAsync("/sign-in", new() { ["email"] = "focal.kaz@example.org" });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task WithTheProviderOnly_AReadAndRespondLink_StillRespondsOnItsPage_AndStartsNoSession()
    {
        await using var d = await ProcedureDriver.StartAsync(settings: ProviderSettings("http://127.0.0.1:5080", emailLink: false));
        var key = await d.LaunchAsync();
        var link = d.Host.Services.GetRequiredService<OneClickLinks>().Link("fp-kaz", key, OneClickLinks.View, ProcedureDriver.Manila(6, 15, 17));
        var token = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]);
        using var session = new PageSession(d.Host);

        var act = await session.PostFormAsync("/act", new() { ["t"] = token, ["Kind"] = "agree" });

        Assert.Equal(HttpStatusCode.OK, act.StatusCode); // a link is not a sign-in: it does its one action
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode); // no session: sent to sign in
    }

    [Fact]
    public async Task WithTheProviderBesideTheLink_BothAreOffered()
    {
        var (data, host, _) = await StartAsync(browser: false);
        await using var d = data;
        await using var __ = host;
        using var session = new PageSession(host);

        var page = await (await session.GetAsync("/sign-in")).Content.ReadAsStringAsync();

        Assert.Contains("Sign in with Test IdP", page, StringComparison.Ordinal);
        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAProvider_OnlyTheEmailLinkIsOffered()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var session = new PageSession(d.Host);

        var page = await (await session.GetAsync("/sign-in")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("Sign in with", page, StringComparison.Ordinal);
        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await session.PostFormAsync("/sign-in?handler=provider", [])).StatusCode);
    }

    [Theory]
    [InlineData("CartifFlow:OpenIdConnect:ClientSecret", "", "CartifFlow:OpenIdConnect:ClientSecret: ClientSecret is required when Authority is set")]
    [InlineData("CartifFlow:OpenIdConnect:ClientId", "", "CartifFlow:OpenIdConnect:ClientId: ClientId is required when Authority is set")]
    [InlineData("CartifFlow:OpenIdConnect:RequireHttpsMetadata", "true", "CartifFlow:OpenIdConnect:Authority: Authority must be an https:// URL")]
    public async Task IncompleteProviderSettings_StopTheHostAtStart(string key, string value, string expected)
    {
        var settings = ProviderSettings("http://127.0.0.1:5080");
        settings[key] = value;

        var output = await RunHostExpectingRefusalAsync(settings);

        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkOnlySwitchedOffWithoutAProvider_StopsTheHostAtStart()
    {
        var output = await RunHostExpectingRefusalAsync(new() { ["CartifFlow:OpenIdConnect:EmailLinkSignIn"] = "false" });

        Assert.Contains("EmailLinkSignIn", output, StringComparison.Ordinal);
    }

    /// <summary>Starts the host process with these settings; it must stop at once, exit 1 and name the fault without a stack trace.</summary>
    private static async Task<string> RunHostExpectingRefusalAsync(Dictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-oidc-").FullName;
        var (exitCode, output) = await HostProcess.RunAsync(folder, settings.Select(s => (s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value ?? "")).ToArray());
        Directory.Delete(folder, recursive: true);

        Assert.Equal(1, exitCode);
        Assert.Contains("CartifFlow cannot start: the settings are invalid.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        return output;
    }

}
