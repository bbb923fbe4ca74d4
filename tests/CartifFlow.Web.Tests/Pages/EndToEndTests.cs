using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The pages in a real browser (Debian's Chromium, headless) against the real host on a real port, with e-mail through
/// the real SMTP server of ./test.sh. Screenshots of every page go to TestResults/screenshots under the test output.
/// Fails (never skips) when the browser or the SMTP server is missing.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class EndToEndTests
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task SecretariatLaunches_FocalPointSignsInFromTheEmailAndResponds_AForeignPartyIsRefused()
    {
        var maildir = Browsers.Maildir;
        Directory.CreateDirectory(Screenshots);
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), settings: Browsers.MailThroughSmtp(baseUrl));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        host.StartServer();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        // The Secretariat signs in with the link from its e-mail and launches a procedure in the form.
        var secretariat = await SignInAsync(browser, host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "secretariat");
        await secretariat.GotoAsync($"{baseUrl}/procedures/new");
        await Shot(secretariat, "secretariat-launch-form");
        await secretariat.GetByLabel("Negotiating area").SelectOptionAsync("TF");
        await secretariat.GetByLabel("Title").FillAsync("Article 5: Publication and availability of information");
        await secretariat.GetByLabel("Text under procedure").FillAsync("Each Party shall promptly publish its laws and regulations of general application relating to trade.");
        await secretariat.GetByLabel("Consent: every party must agree").CheckAsync();
        await secretariat.GetByLabel("Deadline (time at the seat, Asia/Manila)").FillAsync("2026-06-15T17:00");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Launch" }).ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/procedures/WP-2026-001$"));
        await Shot(secretariat, "secretariat-procedure");
        Assert.Equal("2026-06-15 17:00 (UTC+08:00, Asia/Manila)", await secretariat.Locator("dd").Nth(1).InnerTextAsync());
        foreach (var (path, name) in new[] { ("/procedures", "secretariat-dashboard"), ("/registry", "secretariat-registry"), ("/workflows", "secretariat-workflows"), ("/procedures/WP-2026-001/messages", "secretariat-messages"), ("/procedures/WP-2026-001/audit", "secretariat-audit") })
        {
            var response = await secretariat.GotoAsync(baseUrl + path);
            Assert.Equal(200, response!.Status);
            await Shot(secretariat, name);
        }

        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Check the hash chain" }).ClickAsync();
        await Assertions.Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("The hash chain is intact");

        // Kazakhstan's focal point (Russian, Asia/Almaty) signs in from the e-mail, sees the deadline in Almaty time and responds.
        var kaz = await SignInAsync(browser, host, baseUrl, maildir, "focal.kaz@example.org", "ru-RU", "Адрес электронной почты", "Прислать ссылку для входа", "Вход", "focal-point-sign-in");
        await kaz.WaitForURLAsync(new Regex("/inbox$"));
        await Shot(kaz, "focal-point-inbox");
        Assert.Equal("2026-06-15 14:00 (UTC+05:00, Asia/Almaty)", await kaz.Locator("td.deadline-yours").InnerTextAsync());
        await kaz.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("WP-2026-001") }).ClickAsync();
        await kaz.WaitForURLAsync(new Regex("/procedures/WP-2026-001/respond/KAZ$"));
        Assert.Equal("2026-06-15 14:00 (UTC+05:00, Asia/Almaty)", await kaz.Locator("#deadline-yours").InnerTextAsync());
        await Shot(kaz, "focal-point-response-form");
        await kaz.GetByLabel("Согласны с комментариями").CheckAsync();
        await kaz.GetByLabel("Комментарии").FillAsync("Казахстан поддерживает текст.");
        await kaz.GetByRole(AriaRole.Button, new() { Name = "Отправить ответ" }).ClickAsync();
        await Assertions.Expect(kaz.GetByRole(AriaRole.Status)).ToContainTextAsync("Ваш ответ записан");
        await Shot(kaz, "focal-point-response-recorded");

        // The language switch on every page.
        await kaz.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(kaz.GetByRole(AriaRole.Button, new() { Name = "Send the response" })).ToBeVisibleAsync();
        await Shot(kaz, "focal-point-response-form-english");

        // Mongolia's focal point may not open Kazakhstan's form, nor post a response for Kazakhstan.
        var mon = await SignInAsync(browser, host, baseUrl, maildir, "focal.mon@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "foreign-sign-in");
        var refused = await mon.GotoAsync($"{baseUrl}/procedures/WP-2026-001/respond/KAZ");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(mon.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Shot(mon, "foreign-party-refused");

        await mon.GotoAsync($"{baseUrl}/procedures/WP-2026-001/respond/MON");
        await mon.EvaluateAsync("document.querySelector('main form').action = '/procedures/WP-2026-001/respond/KAZ'");
        await mon.GetByLabel("Object", new() { Exact = true }).CheckAsync();
        await mon.GetByLabel("Reason for the objection").FillAsync("Posted for another party.");
        var post = mon.WaitForResponseAsync(r => r.Url.EndsWith("/respond/KAZ", StringComparison.Ordinal) && r.Request.Method == "POST");
        await mon.GetByRole(AriaRole.Button, new() { Name = "Send the response" }).ClickAsync();
        Assert.Equal(403, (await post).Status);

        await using var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var kazResponses = await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.PartyCode == "KAZ").ToListAsync();
        var only = Assert.Single(kazResponses);
        Assert.Equal(("fp-kaz", ResponseKind.AgreeWithComments), (only.PersonId, only.Kind));
        Assert.Empty(await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.PartyCode == "MON").ToListAsync());
    }

    [Fact]
    public async Task SecretariatProposesATransition_ChiefNegotiatorsApproveAndRejectFromTheEmailLinks()
    {
        var maildir = Browsers.Maildir;
        Directory.CreateDirectory(Screenshots);
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), settings: Browsers.MailThroughSmtp(baseUrl));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        host.StartServer();

        // Phase 1 under way with its documents circulated (the negotiation's own API steps, through the engine).
        var officer = new Actor("secretariat", new HashSet<string>(StringComparer.Ordinal) { "secretariat" }, null);
        var started = await host.Engine.StartAsync(new StartRequest("negotiation", "CARTIF-2026", new JsonObject { ["seatTimeZone"] = "Asia/Manila" }), officer);
        Assert.True(started.Applied, started.Message);
        foreach (var kind in new[] { "modalities", "zero-draft", "terms-of-reference" })
        {
            var circulated = await host.Engine.FireAsync(started.Instance!.Id, "circulate-document", officer, new JsonObject { ["kind"] = kind, ["title"] = kind, ["document"] = $"CARTIF/{kind}/2026", ["priorities"] = kind == "modalities" ? "TF,DT,RT,IF" : null });
            Assert.True(circulated.Applied, circulated.Message);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        // The Secretariat proposes the Zero Round in the form.
        var before = Received(maildir).Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        var secretariat = await SignInAsync(browser, host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "transition-secretariat");
        await secretariat.GetByRole(AriaRole.Link, new() { Name = "Propose a stage transition" }).First.ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/transitions/new$"));
        await Assertions.Expect(secretariat.Locator("#target-phase")).ToHaveTextAsync("Phase 2 – Zero Round of negotiations");
        await secretariat.GetByLabel("Justification").FillAsync("The modalities, the bracketed zero draft and the terms of reference are circulated: the Zero Round can be convened.");
        await secretariat.GetByLabel("Deadline for answers (time at the seat, Asia/Manila)").FillAsync("2026-06-15T17:00");
        await Shot(secretariat, "secretariat-propose-transition");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/procedures\\?proposed=TR-2026-01$"));
        await Assertions.Expect(secretariat.Locator("#open-approvals")).ToContainTextAsync("TR-2026-01");
        await Shot(secretariat, "secretariat-dashboard-open-approval");

        // The proposal reaches each Chief Negotiator through the SMTP server, with their own approve and reject links.
        MimeMessage? kazMail = null, monMail = null;
        await Eventually.EventuallyAsync(
            async () =>
            {
                await host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
                var fresh = Received(maildir).Where(m => !before.Contains(m.MessageId) && (m.TextBody ?? "").Contains("TR-2026-01", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("/act?t=", StringComparison.Ordinal)).ToList();
                kazMail = fresh.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == "chief.kaz@example.org"));
                monMail = fresh.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == "chief.mon@example.org"));
                return kazMail is not null && monMail is not null;
            },
            done => done);
        Assert.NotNull(kazMail);
        Assert.NotNull(monMail);
        var approve = ActLinkPattern().Matches(kazMail!.TextBody!).Single(m => m.Groups[1].Value == "Одобрить").Groups[2].Value;
        var reject = ActLinkPattern().Matches(monMail!.TextBody!).Single(m => m.Groups[1].Value == "Reject (the page asks for your reasons)").Groups[2].Value;
        Assert.StartsWith(baseUrl, approve, StringComparison.Ordinal);

        // Kazakhstan's Chief Negotiator (Russian) approves from the e-mail: the link shows a confirmation page first.
        var kazContext = await browser.NewContextAsync(new() { Locale = "ru-RU", ViewportSize = new() { Width = 1100, Height = 900 } });
        var kaz = await kazContext.NewPageAsync();
        await kaz.GotoAsync(approve);
        await Shot(kaz, "chief-negotiator-approve-confirm");
        await using (var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            Assert.Empty(await db.Set<TransitionAnswer>().AsNoTracking().ToListAsync()); // the GET changed nothing
        }

        await kaz.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Одобрить" }).ClickAsync();
        await Assertions.Expect(kaz.GetByRole(AriaRole.Status)).ToContainTextAsync("Одобрение вашей Стороны записано");
        await Shot(kaz, "chief-negotiator-approved");
        var reused = await kaz.GotoAsync(approve);
        Assert.Equal(400, reused!.Status);

        // Mongolia's Chief Negotiator rejects from the e-mail: the page asks for the reason, and insists on it.
        var monContext = await browser.NewContextAsync(new() { Locale = "en-GB", ViewportSize = new() { Width = 390, Height = 844 } });
        var mon = await monContext.NewPageAsync();
        await mon.GotoAsync(reject);
        await mon.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Assertions.Expect(mon.GetByRole(AriaRole.Alert)).ToContainTextAsync("A rejection needs a reason.");
        await Shot(mon, "chief-negotiator-reject-reason-missing-phone");
        await mon.GetByLabel("Reasons for the rejection").FillAsync("Mongolia needs the host arrangements for the Zero Round confirmed first.");
        await mon.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Assertions.Expect(mon.GetByRole(AriaRole.Status)).ToContainTextAsync("Your party's rejection is recorded");
        await Shot(mon, "chief-negotiator-rejected-phone");

        await using (var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            var answers = (await db.Set<TransitionAnswer>().AsNoTracking().ToListAsync()).OrderBy(a => a.Id).Select(a => (a.PartyCode, a.PersonId, a.Kind, a.Reason)).ToList();
            Assert.Equal(
                [("KAZ", "cn-kaz", TransitionAnswerKind.Approve, (string?)null), ("MON", "cn-mon", TransitionAnswerKind.Reject, "Mongolia needs the host arrangements for the Zero Round confirmed first.")],
                answers);
        }

        // The dashboard shows who has and has not answered.
        await secretariat.ReloadAsync();
        await Assertions.Expect(secretariat.Locator("#open-approvals td.approved")).ToHaveTextAsync("KAZ");
        await Assertions.Expect(secretariat.Locator("#open-approvals td.rejected")).ToHaveTextAsync("MON");
        await Shot(secretariat, "secretariat-dashboard-answers");
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, CartifFlowFactory host, string baseUrl, string maildir, string address, string locale, string emailLabel, string sendButton, string signInButton, string shot)
    {
        var context = await browser.NewContextAsync(new() { Locale = locale, ViewportSize = new() { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await Shot(page, shot + "-page");
        var before = Received(maildir).Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        await page.GetByLabel(emailLabel).FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = sendButton }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Shot(page, shot + "-sent");

        var message = await Eventually.EventuallyAsync(
            async () =>
            {
                await host.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync();
                return Received(maildir).FirstOrDefault(m => !before.Contains(m.MessageId) && m.To.Mailboxes.Any(a => a.Address == address) && (m.TextBody ?? "").Contains("/sign-in/link?token=", StringComparison.Ordinal));
            },
            m => m is not null);
        Assert.NotNull(message);
        var link = LinkPattern().Match(message!.TextBody ?? "").Value;
        Assert.StartsWith(baseUrl, link, StringComparison.Ordinal);

        await page.GotoAsync(link);
        await Shot(page, shot + "-confirm");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = signInButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        return page;
    }

    private static List<MimeMessage> Received(string maildir) =>
        [.. new[] { "new", "cur" }.Select(sub => Path.Combine(maildir, sub)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles).Select(f => MimeMessage.Load(f))];

    private static async Task Shot(IPage page, string name) => await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    [GeneratedRegex(@"http://[^\s]+/sign-in/link\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^ *([^:\n]+): (http://\S+/act\?t=\S+)", RegexOptions.Multiline)]
    private static partial Regex ActLinkPattern();
}
