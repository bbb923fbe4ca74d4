using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// Every page, as each person who can see it, in English and in Russian, on a desktop and on a phone-sized viewport,
/// checked in Debian's Chromium with axe-core (from npm, tests/axe/, provisioned by ./test.sh and injected into every
/// document): no serious or critical violation of the WCAG 2.1 A and AA rules. One host whose negotiation has reached
/// the working groups, so that every page has something to show.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class AccessibilityTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 900), ("phone", 390, 844)];

    private const string Sec = "secretariat";
    private const string FpKaz = "fp-kaz";
    private const string CnKaz = "cn-kaz";
    private const string LnKazTf = "ln-kaz-tf";
    private const string ObsAze = "obs-aze";
    private const string Nobody = "(signed out)";

    /// <summary>
    /// The pages, one line each: the path ({placeholders} are the keys the scenario made) and who is shown it (with
    /// the status the page answers, 200 unless said). A new page is a new line here.
    /// </summary>
    private static readonly (string Path, string[] People, int Status)[] Pages =
    [
        ("/sign-in", [Nobody], 200),
        ("/sign-in/link?token=unknown", [Nobody], 400),
        ("/sign-in/refused", [Nobody], 403),
        ("/act?t=unknown", [Nobody], 400),
        ("/", [Sec, FpKaz, CnKaz, LnKazTf, ObsAze], 200),
        ("/negotiation", [Sec], 200),
        ("/negotiation/zero-round", [Sec], 200),
        ("/procedures", [Sec], 200),
        ("/procedures/new", [Sec], 200),
        ("/procedures/{procedure}", [Sec], 200),
        ("/procedures/{procedure}/messages", [Sec], 200),
        ("/procedures/{procedure}/audit", [Sec], 200),
        ("/procedures/{procedure}/respond/KAZ", [FpKaz, CnKaz], 200),
        ("/registry", [Sec], 200),
        ("/workflows", [Sec], 200),
        ("/workflows/written-procedure/instances", [Sec], 200),
        ("/workflows/negotiation/instances/CARTIF-2026", [Sec], 200),
        ("/transitions/new", [Sec], 200),
        ("/transitions/{transition}", [Sec], 200),
        ("/meetings", [Sec], 200),
        ("/meetings/new", [Sec], 200),
        ("/meetings/{meeting}", [Sec], 200),
        ("/meetings/{zero-round}", [Sec], 200),
        ("/meetings/{meeting}/attendance", [Sec], 200),
        ("/working-groups", [Sec], 200),
        ("/working-groups/new", [Sec], 200),
        ("/working-groups/TF", [Sec], 200),
        ("/rounds", [Sec, FpKaz, LnKazTf], 200),
        ("/rounds/{round}", [Sec, FpKaz], 200),
        ("/consultations", [Sec, FpKaz], 200),
        ("/consultations/{consultation}", [Sec, FpKaz], 200),
        ("/capacity-building", [Sec], 200),
        ("/capacity-building/{activity}", [Sec], 200),
        ("/reports", [Sec], 200),
        ("/reports/{report}", [Sec], 200),
        ("/inbox", [FpKaz, CnKaz], 200),
        ("/approvals", [CnKaz, LnKazTf], 200),
        ("/approvals/{transition}", [CnKaz], 200),
        ("/escalations", [CnKaz], 200),
        ("/delegation", [CnKaz], 200),
        ("/drafts", [Sec, FpKaz, ObsAze], 200),
        ("/drafts/TF", [Sec, FpKaz, LnKazTf], 200),
        ("/drafts/TF/revisions/1", [Sec, LnKazTf], 200),
        ("/drafts/TF", [ObsAze], 403),
        ("/drafts/TF/revisions/3", [Sec, FpKaz], 200),
        ("/drafts/TF/compare?from=2&to=3", [Sec], 200),
        ("/drafts/TF/edit?provision={paragraph}", [Sec], 200),
        ("/me/sessions", [Sec, FpKaz], 200),
        ("/registry", [FpKaz], 403),
        ("/no-such-page", [Sec], 404),
    ];

    [Fact]
    public async Task EveryPage_InBothLanguagesOnADesktopAndAPhone_AsEachPersonWhoSeesIt_HasNoSeriousOrCriticalWcag21AaViolation()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run the tests with ./test.sh, which installs Debian's chromium.");
        var axePath = Environment.GetEnvironmentVariable("CARTIFFLOW_TEST_AXE");
        Assert.True(axePath is not null && File.Exists(axePath), "CARTIFFLOW_TEST_AXE does not name axe.min.js: run the tests with ./test.sh, which installs axe-core from npm (tests/axe).");
        var axe = await File.ReadAllTextAsync(axePath!);

        await using var d = await NegotiationDriver.StartOnPortAsync(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var keys = await NegotiationUnderWayAsync(d);
        var baseUrl = d.P.BaseUrl!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        var failures = new List<string>();
        var checkedPages = 0;
        foreach (var person in Pages.SelectMany(p => p.People).Distinct(StringComparer.Ordinal))
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = Viewports[0].Width, Height = Viewports[0].Height } });
            await context.AddInitScriptAsync(axe); // in every document, before its own scripts (the CSP allows no injected script tag)
            var page = await context.NewPageAsync();
            if (person != Nobody)
            {
                await SignInAsync(d, page, baseUrl, person);
            }

            foreach (var language in PageLanguage.Supported)
            {
                await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = PageLanguage.Cookie, Value = language, Url = baseUrl }]);
                foreach (var (template, _, status) in Pages.Where(p => p.People.Contains(person)))
                {
                    var path = keys.Aggregate(template, (t, k) => t.Replace("{" + k.Key + "}", k.Value, StringComparison.Ordinal));
                    var where = $"{path} as {person} in {language}";
                    await page.SetViewportSizeAsync(Viewports[0].Width, Viewports[0].Height);
                    var response = await page.GotoAsync(baseUrl + path);
                    if (response?.Status != status)
                    {
                        failures.Add($"{where}: status {response?.Status}, expected {status}");
                        continue;
                    }

                    if (await page.GetAttributeAsync("html", "lang") != language)
                    {
                        failures.Add($"{where}: <html lang> is {await page.GetAttributeAsync("html", "lang")}");
                    }

                    foreach (var (viewport, width, height) in Viewports)
                    {
                        await page.SetViewportSizeAsync(width, height);
                        foreach (var violation in await ViolationsAsync(page))
                        {
                            failures.Add($"{where} on a {viewport}: {violation}");
                        }

                        checkedPages++;
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} faults in {checkedPages} pages checked:\n" + string.Join('\n', failures));
        Assert.True(checkedPages >= Viewports.Length * PageLanguage.Supported.Count * Pages.Sum(p => p.People.Length), $"only {checkedPages} pages were checked");
    }

    /// <summary>The serious and critical violations of WCAG 2.1 A and AA rules on the page, one line each.</summary>
    private static async Task<List<string>> ViolationsAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\s+/g, ' ') + ']').join('; '));
            }
            """,
            Tags);
        return [.. result.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static async Task SignInAsync(NegotiationDriver d, IPage page, string baseUrl, string person)
    {
        string token;
        await using (var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            token = SignInLinks.Issue(db, person, d.Now, TimeSpan.FromMinutes(15));
            await db.SaveChangesAsync();
        }

        await page.GotoAsync($"{baseUrl}/sign-in/link?token={token}");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/sign-in", StringComparison.Ordinal));
    }

    private static async Task Expect(HttpStatusCode expected, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The negotiation in Phase 3 with something on every page: Phase 1's documents, a readiness consultation with
    /// Kazakhstan, a capacity-building activity, a delegation, two transitions, the Zero Round held with its outcome,
    /// the TF working group with a round open (its document is revision 1 of TF's draft, circulated), a progress
    /// report, a written procedure, a meeting ahead and two revisions of TF's draft imported (2 and 3). Returns the keys the page list names.
    /// </summary>
    private static async Task<Dictionary<string, string>> NegotiationUnderWayAsync(NegotiationDriver d)
    {
        static string Key(JsonNode? node) => node!["key"]!.GetValue<string>();
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var consultation = Key(await d.PostAsync(Sec, "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created));
        var activity = Key(await d.PostAsync(Sec, "/api/capacity-building", new { kind = "training", title = "Negotiation techniques and drafting skills", start = "2026-04-14T09:00", format = "online" }, HttpStatusCode.Created));
        await d.PostAsync(CnKaz, "/api/delegations", new { @delegate = LnKazTf, until = "2026-12-20T17:00", reason = "Travelling." }, HttpStatusCode.Created);
        var first = await d.ProposeAsync(d.Now.AddDays(10));
        foreach (var party in NegotiationDriver.TakingPart.Take(6))
        {
            await d.ApproveAsync(first, NegotiationDriver.Cn(party));
        }

        var zeroStart = d.Now.AddDays(14);
        var zeroRound = await d.ConveneZeroRoundAsync(zeroStart);
        await d.AdvanceToAsync(zeroStart);
        await d.RecordZeroRoundOutcomeAsync(zeroRound);
        var second = await d.ProposeAsync(d.Now.AddDays(10));
        foreach (var party in NegotiationDriver.TakingPart)
        {
            await d.ApproveAsync(second, NegotiationDriver.Cn(party));
        }

        await d.EstablishWorkingGroupAsync("TF");
        var round = Key(await d.PostAsync(Sec, "/api/working-groups/TF/rounds", new { deadline = "2026-07-21T17:00", document = "CARTIF/TF/rev1" }, HttpStatusCode.Created));
        var report = (await d.PostAsync(Sec, "/api/reports/progress", new { summary = "Zero Round held; the TF working group is in its first round.", outstandingIssues = "Working group on digital trade to be set up." }, HttpStatusCode.Created))!["id"]!.GetValue<long>();
        var procedure = await d.P.LaunchAsync(deadline: "2026-07-15T17:00");
        var meeting = Key(await d.PostAsync(Sec, "/api/meetings", new { title = "Chief Negotiators' meeting", kind = "chief-negotiators", format = "online", start = "2026-06-10T10:00", audience = "chief-negotiators" }, HttpStatusCode.Created));
        await Expect(HttpStatusCode.Created, Drafts.DraftsApiTests.ImportMarkdownAsync(d.P, Sec, "TF", Drafts.DraftsApiTests.Text));
        await Expect(HttpStatusCode.Created, Drafts.DraftsApiTests.ImportMarkdownAsync(d.P, Sec, "TF", Drafts.DraftsApiTests.SecondText));
        var text = JsonNode.Parse(await d.P.GetTextAsync(Sec, "/api/drafts/TF/revisions/3?format=json"))!;
        var paragraph = text["articles"]![1]!["paragraphs"]![0]!["id"]!.GetValue<string>();
        return new(StringComparer.Ordinal)
        {
            ["consultation"] = consultation,
            ["activity"] = activity,
            ["transition"] = second,
            ["zero-round"] = zeroRound,
            ["round"] = round,
            ["report"] = report.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["procedure"] = procedure,
            ["meeting"] = meeting,
            ["paragraph"] = paragraph,
        };
    }
}
