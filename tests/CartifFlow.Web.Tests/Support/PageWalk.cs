using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Timers;
using CartifFlow.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace CartifFlow.Web.Tests.Support;

/// <summary>
/// People at their browsers: the real host on a real port with e-mail through the real SMTP server of ./test.sh,
/// Debian's Chromium (headless) with one browser context per person, each signing in by the link e-mailed to them
/// (again whenever their session has ended), on the host's fake clock, which <see cref="AdvanceAsync"/> moves on,
/// firing the timers that fall due as the host's pump would. Never calls the API. Every page shown is kept as a
/// screenshot under <see cref="Screenshots"/>, numbered in order.
/// </summary>
public sealed partial class PageWalk : IAsyncDisposable
{

    private readonly Dictionary<string, IPage> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MimeMessage> _mail = new(StringComparer.Ordinal);
    private readonly HashSet<string> _earlier = new(StringComparer.Ordinal);
    private readonly HostData _data;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _maildir;
    private int _shots;

    private PageWalk(HostData data, CartifFlowFactory host, IPlaywright playwright, IBrowser browser, string baseUrl, string maildir, string screenshots)
    {
        _data = data;
        Host = host;
        _playwright = playwright;
        _browser = browser;
        BaseUrl = baseUrl;
        _maildir = maildir;
        Screenshots = screenshots;
        // The SMTP server's mailbox is shared by every test of the run: the walk reads only what came after its start.
        _earlier.UnionWith(MailFiles().Select(Path.GetFileName)!);
    }

    public CartifFlowFactory Host { get; }

    public string BaseUrl { get; }

    /// <summary>The folder of the screenshots (PNG, the visible part of each page at 1024×768).</summary>
    public string Screenshots { get; }

    public DateTimeOffset Now => _data.Time.GetUtcNow();

    public static async Task<PageWalk> StartAsync(DateTimeOffset start, string screenshots)
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts a real SMTP server for them.");
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", screenshots);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var baseUrl = $"http://127.0.0.1:{port}";
        var data = await HostData.CreateAsync("Sqlite", start);
        var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), runTimers: false, settings: new Dictionary<string, string?>
        {
            ["CartifFlow:Email:Transport"] = "Smtp",
            ["CartifFlow:Email:Smtp:Host"] = Need("CARTIFFLOW_TEST_SMTP_HOST"),
            ["CartifFlow:Email:Smtp:Port"] = Need("CARTIFFLOW_TEST_SMTP_PORT"),
            ["CartifFlow:Email:Smtp:Security"] = "None",
            ["CartifFlow:Web:PublicBaseUrl"] = baseUrl,
            // Every person signs in from this one machine, many times over the year the walk covers.
            ["CartifFlow:Web:SignInRequestsPerClient"] = "10000",
            ["CartifFlow:Web:SignInRequestsPerAddress"] = "1000",
        });
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        host.StartServer();
        var playwright = await Playwright.CreateAsync();
        var browser = await Browsers.LaunchAsync(playwright);
        return new PageWalk(data, host, playwright, browser, baseUrl, Need("CARTIFFLOW_TEST_MAILDIR"), folder);
    }

    /// <summary>The person's browser at <paramref name="path"/>, signing them in by e-mail first when they have no session.</summary>
    public async Task<IPage> AsAsync(string address, string path, string? shot = "")
    {
        if (!_people.TryGetValue(address, out var page))
        {
            var context = await _browser.NewContextAsync(new() { Locale = "en-GB", ViewportSize = new() { Width = 1024, Height = 768 } });
            page = await context.NewPageAsync();
            _people[address] = page;
        }

        var response = await page.GotoAsync(BaseUrl + path);
        if (new Uri(page.Url).AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal))
        {
            await SignInAsync(page, address);
            response = await page.GotoAsync(BaseUrl + path);
        }

        Assert.True(response is { Status: 200 }, $"{address} at {path}: {response?.Status}");
        await ShotAsync(page, address, shot);
        return page;
    }

    private async Task SignInAsync(IPage page, string address)
    {
        var before = Received().Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        await page.Locator("#email").FillAsync(address);
        await page.Locator("form:has(#email) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        var message = await Eventually.EventuallyAsync(
            async () =>
            {
                await Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
                return Received().FirstOrDefault(m => !before.Contains(m.MessageId) && m.To.Mailboxes.Any(a => a.Address == address) && (m.TextBody ?? "").Contains("/sign-in/link?token=", StringComparison.Ordinal));
            },
            m => m is not null);
        Assert.True(message is not null, $"no sign-in link reached {address}");
        await page.GotoAsync(SignInLink().Match(message!.TextBody!).Value);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Sends the form that holds <paramref name="field"/>, and requires it to be done (no error shown).</summary>
    public async Task SubmitAsync(IPage page, string field, string? shot = "")
    {
#pragma warning disable CS0612 // Obsolete in favour of waiting for a known URL; a form's outcome page is not known beforehand.
        var response = await page.RunAndWaitForNavigationAsync(() => page.Locator($"form:has({field}) button[type=submit]").First.ClickAsync());
#pragma warning restore CS0612
        var alerts = await page.Locator("[role=alert]").AllInnerTextsAsync();
        Assert.True(response is { Status: < 400 } && alerts.Count == 0, $"{page.Url}: {response?.Status} {string.Join(" | ", alerts)}");
        await ShotAsync(page, null, shot);
    }

    /// <summary>A screenshot of the page: null for none, empty for a name made of the page's path.</summary>
    public async Task ShotAsync(IPage page, string? who, string? name)
    {
        if (name is null)
        {
            return;
        }

        var uri = new Uri(page.Url);
        if (name.Length == 0)
        {
            name = ((who is null ? "" : who.Split('@')[0] + "-") + uri.AbsolutePath.Trim('/').Replace('/', '-')).Trim('-');
        }

        _shots++;
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{_shots:000}-{name}.png"), FullPage = false });
    }

    // ---- The Secretariat's forms used more than once --------------------------------------------------------

    public async Task<string> ScheduleMeetingAsync(string title, string kind, string format, string place, string start, string end, string audience, string milestone, string shot)
    {
        var page = await AsAsync("secretariat@example.org", "/meetings/new", shot + "-form");
        await page.Locator("#title").FillAsync(title);
        await page.Locator("#kind").SelectOptionAsync(kind);
        await page.Locator($"#format-{format}").CheckAsync();
        await page.Locator("#place").FillAsync(place);
        await page.Locator("#start").FillAsync(start);
        await page.Locator("#end").FillAsync(end);
        await page.Locator("#audience").SelectOptionAsync(audience);
        await page.Locator("#milestone").SelectOptionAsync(milestone);
        await SubmitAsync(page, "#title", shot + "-scheduled");
        return Query(page.Url, "scheduled");
    }

    public async Task CirculateAsync(string kind, string title, string reference, string? priorities, string shot)
    {
        var page = await AsAsync("secretariat@example.org", "/negotiation", null);
        await page.Locator("#doc-kind").SelectOptionAsync(kind);
        await page.Locator("#doc-title").FillAsync(title);
        await page.Locator("#doc-document").FillAsync(reference);
        await page.Locator("#doc-version").FillAsync("1");
        if (priorities is not null)
        {
            await page.Locator("#doc-priorities").FillAsync(priorities);
        }

        await SubmitAsync(page, "#doc-kind", shot);
    }

    public async Task<string> ProposeAsync(string deadline, string justification, string shot)
    {
        var page = await AsAsync("secretariat@example.org", "/transitions/new", shot + "-form");
        await page.Locator("#justification").FillAsync(justification);
        await page.Locator("#deadline").FillAsync(deadline);
        await SubmitAsync(page, "#justification", shot);
        return Query(page.Url, "proposed");
    }

    /// <summary>The Secretariat loads the next roadmap from its file on /negotiation.</summary>
    public async Task LoadNextRoadmapAsync(string file, string shot)
    {
        var page = await AsAsync("secretariat@example.org", "/negotiation", shot + "-form");
        await page.Locator("#roadmap-file").SetInputFilesAsync(file);
        await SubmitAsync(page, "#roadmap-file", shot);
    }

    // ---- The parties' forms ----------------------------------------------------------------------------------

    public async Task ApproveAsync(string address, string transition, string? shot)
    {
        var page = await AsAsync(address, $"/approvals/{transition}", shot);
        await SubmitAsync(page, "#statement", shot is null ? null : shot + "-recorded");
    }

    /// <summary>Approves with the one-click link of the person's e-mail (the link's page asks to confirm).</summary>
    public async Task ApproveFromTheEmailAsync(string address, string transition)
    {
        var mail = await DeliveredAsync(address, transition, "/act?t=");
        var approve = ActLink().Matches(mail.TextBody!).First(m => m.Groups[1].Value.StartsWith("Approve", StringComparison.Ordinal)).Groups[2].Value;
        var context = await _browser.NewContextAsync(new() { Locale = "en-GB", ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(approve);
        await ShotAsync(page, address, "one-click-approve-phone");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await ShotAsync(page, address, "one-click-approved-phone");
        await context.CloseAsync();
    }

    public async Task RespondAsync(string address, string procedure, string party, string kind, string? comments, string? shot)
    {
        var page = await AsAsync(address, $"/procedures/{procedure}/respond/{party}", shot);
        await page.Locator($"#kind-{kind}").CheckAsync();
        if (comments is not null)
        {
            await page.Locator("#comments").FillAsync(comments);
        }

        await SubmitAsync(page, $"#kind-{kind}", shot is null ? null : shot + "-recorded");
    }

    public async Task CommentAsync(string address, string round, string kind, string? provision, string? text, string? shot)
    {
        var page = await AsAsync(address, $"/rounds/{round}", shot);
        await page.Locator($"#comment-kind-{kind}").CheckAsync();
        if (provision is not null)
        {
            await page.Locator("#comment-provision").FillAsync(provision);
        }

        if (text is not null)
        {
            await page.Locator("#comment-text").FillAsync(text);
        }

        await SubmitAsync(page, "#comment-text", shot is null ? null : shot + "-recorded");
    }

    // ---- Mail and the clock -------------------------------------------------------------------------------------

    /// <summary>The message that reached <paramref name="address"/> through the SMTP server mentioning each of <paramref name="texts"/>.</summary>
    public async Task<MimeMessage> DeliveredAsync(string address, params string[] texts)
    {
        var message = await Eventually.EventuallyAsync(
            async () =>
            {
                await Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
                return Received().LastOrDefault(m => m.To.Mailboxes.Any(a => a.Address == address) && texts.All(t => (m.TextBody ?? "").Contains(t, StringComparison.Ordinal)));
            },
            m => m is not null);
        Assert.True(message is not null, $"no message to {address} with {string.Join(", ", texts)}");
        return message!;
    }

    /// <summary>Every outbox row of a template, in order of writing.</summary>
    public async Task<List<OutboxMessageRecord>> OutboxAsync(string template)
    {
        await using var db = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Template == template).ToListAsync();
        return [.. rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    public Task AdvanceToAsync(DateTimeOffset instant) => AdvanceAsync(instant - Now);

    /// <summary>Moves the clock on, firing each timer at its instant, and delivers what is due through the SMTP server.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var target = Now + by;
        var timers = Host.Services.GetRequiredService<TimerDispatcher>();
        while (await timers.NextDueAsync() is { } due && due <= target)
        {
            if (due > Now)
            {
                _data.Time.Advance(due - Now);
            }

            await timers.FireDueAsync();
        }

        _data.Time.Advance(target - Now);
        await timers.FireDueAsync();
        var now = Now;
        var undelivered = await Eventually.EventuallyAsync(
            async () =>
            {
                await Host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
                await using var db = Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
                var pending = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending).ToListAsync();
                return pending.Count(m => m.NextAttemptAt <= now || m.LeasedUntil != null);
            },
            n => n == 0,
            TimeSpan.FromSeconds(60));
        Assert.True(undelivered == 0, $"{undelivered} messages were still being delivered");
    }

    private List<MimeMessage> Received()
    {
        foreach (var file in MailFiles())
        {
            var name = Path.GetFileName(file);
            if (!_earlier.Contains(name) && !_mail.ContainsKey(name))
            {
                _mail[name] = MimeMessage.Load(file);
            }
        }

        return [.. _mail.Values];
    }

    private IEnumerable<string> MailFiles() =>
        new[] { "new", "cur" }.Select(sub => Path.Combine(_maildir, sub)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles);

    private static string Query(string url, string name)
    {
        var match = Regex.Match(new Uri(url).Query, $"[?&]{name}=([^&]+)");
        Assert.True(match.Success, $"{url} has no {name}");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
        await _data.DisposeAsync();
    }

    [GeneratedRegex(@"http://[^\s]+/sign-in/link\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex SignInLink();

    [GeneratedRegex(@"^ *([^:\n]+): (http://\S+/act\?t=\S+)", RegexOptions.Multiline)]
    private static partial Regex ActLink();
}
