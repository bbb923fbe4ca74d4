using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
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
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 900), ("phone", 390, 844)];

    private const string Sec = "secretariat";
    private const string FpKaz = "fp-kaz";
    private const string CnKaz = "cn-kaz";
    private const string LnKazTf = "ln-kaz-tf";
    private const string ObsAze = "obs-aze";
    private const string Nobody = "(signed out)";

    /// <summary>
    /// The pages, one line each: the path ({placeholders} are the keys the scenario made), who is shown it, the status
    /// the page answers (200 unless said) and, for a form, the form to send empty (its errors are checked as shown at
    /// the fields). A new page is a new line here.
    /// </summary>
    private static readonly PageCheck[] Pages =
    [
        new("/sign-in", [Nobody]),
        new("/sign-in/link?token=unknown", [Nobody], 400),
        new("/sign-in/refused", [Nobody], 403),
        new("/act?t=unknown", [Nobody], 400),
        new("/", [Sec, FpKaz, CnKaz, LnKazTf, ObsAze]),
        new("/negotiation", [Sec]),
        new("/negotiation/zero-round", [Sec]),
        new("/procedures", [Sec]),
        new("/procedures/new", [Sec]),
        new("/procedures/{procedure}", [Sec]),
        new("/procedures/{procedure}/messages", [Sec]),
        new("/procedures/{procedure}/audit", [Sec]),
        new("/procedures/{procedure}/respond/KAZ", [FpKaz, CnKaz]),
        new("/registry", [Sec]),
        new("/workflows", [Sec]),
        new("/workflows/written-procedure/instances", [Sec]),
        new("/workflows/negotiation/instances/CARTIF-2026", [Sec]),
        new("/transitions/new", [Sec]),
        new("/transitions/{transition}", [Sec]),
        new("/meetings", [Sec]),
        new("/meetings/new", [Sec]),
        new("/meetings/{meeting}", [Sec]),
        new("/meetings/{zero-round}", [Sec]),
        new("/meetings/{meeting}/attendance", [Sec]),
        new("/working-groups", [Sec]),
        new("/working-groups/new", [Sec]),
        new("/working-groups/TF", [Sec]),
        new("/rounds", [Sec, FpKaz, LnKazTf]),
        new("/rounds/{round}", [Sec, FpKaz]),
        new("/rounds/{text-round}", [Sec, FpKaz]),
        new("/rounds/{text-round}/consolidation", [Sec]),
        new("/consultations", [Sec, FpKaz]),
        new("/consultations/{consultation}", [Sec, FpKaz]),
        new("/capacity-building", [Sec]),
        new("/capacity-building/{activity}", [Sec]),
        new("/reports", [Sec]),
        new("/reports/{report}", [Sec, LnKazTf]),
        new("/inbox", [FpKaz, CnKaz]),
        new("/approvals", [CnKaz, LnKazTf]),
        new("/approvals/{transition}", [CnKaz]),
        new("/escalations", [CnKaz]),
        new("/delegation", [CnKaz]),
        new("/drafts", [Sec, FpKaz, ObsAze]),
        new("/drafts/TF", [Sec, FpKaz, LnKazTf]),
        new("/drafts/TF/revisions/1", [Sec, LnKazTf]),
        new("/drafts/TF", [ObsAze], 403),
        new("/drafts/TF/revisions/3", [Sec, FpKaz]),
        new("/drafts/TF/compare?from=2&to=3", [Sec]),
        new("/drafts/TF/edit?provision={paragraph}", [Sec]),
        new("/me/sessions", [Sec, FpKaz]),
        new("/me", [Sec, FpKaz, LnKazTf]),
        new("/registry/people", [Sec]),
        new("/registry/people/new", [Sec]),
        new("/registry/people/fp-kaz", [Sec]),
        new("/calendars", [Sec]),
        new("/drafts/TF/procedure", [Sec]),
        new("/registry", [FpKaz], 403),
        new("/no-such-page", [Sec], 404),
        new("{agree-link}", [Nobody, FpKaz]),
        new("/procedures/new", [Sec], SendEmpty: "main form:has(#deadline)"),
        new("/rounds/{round}", [Sec], SendEmpty: "main form:has(#extend-deadline)"),
        new("/transitions/new", [Sec], SendEmpty: "main form:has(#justification)"),
        new("/meetings/new", [Sec], SendEmpty: "main form:has(#title)"),
        new("/working-groups/new", [Sec], SendEmpty: "main form:has(#wg-area)"),
        new("/delegation", [CnKaz], SendEmpty: "main form:has(#delegate)"),
        new("/sign-in", [Nobody], SendEmpty: "main form:has(#email)"),
        new("/registry/people/new", [Sec], SendEmpty: "main form:has(#add-email)"),
    ];

    /// <summary>A page to check: its path, who is shown it, the status it answers, and a form to send empty first.</summary>
    private sealed record PageCheck(string Path, string[] People, int Status = 200, string? SendEmpty = null);

    [Fact]
    public async Task EveryPage_InBothLanguagesOnADesktopAndAPhone_AsEachPersonWhoSeesIt_HasNoSeriousOrCriticalWcag21AaViolation()
    {
        var axe = await File.ReadAllTextAsync(AxePath());

        await using var d = await NegotiationDriver.StartOnPortAsync(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var keys = await NegotiationUnderWayAsync(d);
        var baseUrl = d.P.BaseUrl!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        var failures = new List<string>();
        var checkedPages = 0;
        foreach (var person in Pages.SelectMany(p => p.People).Distinct(StringComparer.Ordinal))
        {
            await using var context = await NewContextAsync(browser, axe);
            var page = await context.NewPageAsync();
            if (person != Nobody)
            {
                await SignInAsync(d, page, baseUrl, person);
            }

            checkedPages += await CheckAsync(context, page, baseUrl, person, Pages, keys, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} faults in {checkedPages} pages checked:\n" + string.Join('\n', failures));
        Assert.True(checkedPages >= Viewports.Length * PageLanguage.Supported.Count * Pages.Sum(p => p.People.Length), $"only {checkedPages} pages were checked");
    }

    /// <summary>
    /// The pages of the negotiation's other states, which the scenario above passes: a fresh install (the form that
    /// starts the negotiation), the report to the Ministerial Conference and its decision on the mandate, the mandate
    /// confirmed (the form that loads the next roadmap, sent empty and sent a faulty file, whose errors are listed at the
    /// field), and the next roadmap loaded (the report to the next conference). Each as the Secretariat, in both
    /// languages, on a desktop and on a phone.
    /// </summary>
    [Fact]
    public async Task TheNegotiationsOtherStates_InBothLanguagesOnADesktopAndAPhone_HaveNoSeriousOrCriticalWcag21AaViolation()
    {
        var axe = await File.ReadAllTextAsync(AxePath());
        await using var d = await NegotiationDriver.StartOnPortAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        var baseUrl = d.P.BaseUrl!;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        await using var context = await NewContextAsync(browser, axe);
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        var checkedPages = 0;
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        // The test host's clock moves on between the states, past the session's lifetime: each state signs in anew.
        async Task State(string state, params PageCheck[] pages)
        {
            await SignInAsync(d, page, baseUrl, Sec);
            var before = failures.Count;
            checkedPages += await CheckAsync(context, page, baseUrl, Sec, pages, keys, failures);
            for (var i = before; i < failures.Count; i++)
            {
                failures[i] = $"[{state}] {failures[i]}";
            }
        }

        // A form sent wrongly, in each language: its errors shown at the fields, then checked on each viewport.
        async Task Refused(string state, string path, string form, Func<ILocator, Task> fill, string error)
        {
            await SignInAsync(d, page, baseUrl, Sec);
            foreach (var language in PageLanguage.Supported)
            {
                await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = PageLanguage.Cookie, Value = language, Url = baseUrl }]);
                await page.SetViewportSizeAsync(Viewports[0].Width, Viewports[0].Height);
                await page.GotoAsync(baseUrl + path);
                await fill(page.Locator(form));
                await page.Locator(form).Locator("button[type=submit]").ClickAsync();
                await page.Locator(error).WaitForAsync(new() { Timeout = 15_000 }); // the error at its field, in the new document
                foreach (var (viewport, width, height) in Viewports)
                {
                    await page.SetViewportSizeAsync(width, height);
                    failures.AddRange((await ViolationsAsync(page)).Select(v => $"[{state}] {path} sent wrongly in {language} on a {viewport}: {v}"));
                    checkedPages++;
                }
            }
        }

        await State(
            "fresh install",
            new("/negotiation", [Sec]),
            new("/reports", [Sec]));
        await Refused("fresh install", "/negotiation", "main form:has(#start-reportingPeriod)", form => form.Locator("#start-reportingPeriod").FillAsync("soon"), "#start-reportingPeriod-error");
        using (var notStarted = await d.P.SendAsync(HttpMethod.Get, Sec, "/api/negotiation"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notStarted.StatusCode); // the form refused, nothing started
        }
        await d.ToWorkingGroupsAsync(); // starts the negotiation
        await d.EstablishWorkingGroupAsync("TF");
        var toMinisters = await d.ProposeAsync(d.Now.AddDays(14), "Time to report to the Ministerial Conference.");
        foreach (var party in NegotiationDriver.TakingPart)
        {
            await d.ApproveAsync(toMinisters, NegotiationDriver.Cn(party));
        }

        await State(
            "reporting to the Ministerial Conference",
            new("/negotiation", [Sec]),
            new("/reports", [Sec]),
            new("/reports", [Sec], SendEmpty: "main form:has(#submit-summary)"));
        await d.PostAsync(Sec, "/api/negotiation/ministerial-report", new { summary = "Zero Round held.", outstandingIssues = "Every text.", recommendation = "Confirm the mandate." });
        await State(
            "the Conference deciding",
            new("/reports", [Sec]),
            new("/reports", [Sec], SendEmpty: "main form:has(#decision-guidance)"));
        await d.PostAsync(Sec, "/api/negotiation/ministerial-decision", new { mandateConfirmed = true, guidance = "Continue in 2027." });
        Assert.Equal("NextPhaseMandated", await d.PhaseAsync());
        await State(
            "the mandate confirmed",
            new("/negotiation", [Sec]),
            new("/negotiation", [Sec], SendEmpty: "main form:has(input[type=file])"),
            new("/reports", [Sec]));
        await Refused("the mandate confirmed", "/negotiation", "main form:has(input[type=file])", form => form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "faulty.yaml",
            MimeType = "application/yaml",
            Buffer = System.Text.Encoding.UTF8.GetBytes("roadmap: \"2027\"\ntitle: T\nphases:\n  - code: Preparation\n    title: Again\n"),
        }), "#roadmap-errors");
        await d.PostAsync(Sec, "/api/negotiation/next-roadmap", new { file = "roadmap-2027.yaml", roadmap = await File.ReadAllTextAsync(Path.Combine(TestRepository.Root, "workflows", "registry", "roadmap-2027.yaml")) });
        await State(
            "the 2027 roadmap loaded",
            new("/negotiation", [Sec]),
            new("/reports", [Sec]),
            new("/transitions/new", [Sec]));
        await Refused("the 2027 roadmap loaded", "/reports", "main form:has(#conference-conference)", form => form.Locator("#conference-conference").FillAsync(new string('C', 501)), "#conference-conference-error");

        Assert.True(failures.Count == 0, $"{failures.Count} faults in {checkedPages} pages checked:\n" + string.Join('\n', failures));
        Assert.Equal((13 + 3) * PageLanguage.Supported.Count * Viewports.Length, checkedPages);
    }

    private static string AxePath()
    {
        var axePath = Environment.GetEnvironmentVariable("CARTIFFLOW_TEST_AXE");
        Assert.True(axePath is not null && File.Exists(axePath), "CARTIFFLOW_TEST_AXE does not name axe.min.js: run the tests with ./test.sh, which installs axe-core from npm (tests/axe).");
        return axePath!;
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string axe)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = Viewports[0].Width, Height = Viewports[0].Height } });
        await context.AddInitScriptAsync(axe); // in every document, before its own scripts (the CSP allows no injected script tag)
        return context;
    }

    /// <summary>
    /// Checks, as the person signed in on the page, each of the pages shown to them, in each language and on each
    /// viewport (a form sent empty first where the line says so). Adds one line per fault; returns how many pages it
    /// checked.
    /// </summary>
    private static async Task<int> CheckAsync(IBrowserContext context, IPage page, string baseUrl, string person, IEnumerable<PageCheck> pages, IReadOnlyDictionary<string, string> keys, List<string> failures)
    {
        var checkedPages = 0;
        foreach (var language in PageLanguage.Supported)
        {
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = PageLanguage.Cookie, Value = language, Url = baseUrl }]);
            foreach (var (template, _, status, sendEmpty) in pages.Where(p => p.People.Contains(person)))
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

                if (person != Nobody && new Uri(page.Url).AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal))
                {
                    failures.Add($"{where}: sent to {page.Url} (the session has ended)");
                    continue;
                }

                if (sendEmpty is not null)
                {
                    if (await page.Locator(sendEmpty).CountAsync() != 1)
                    {
                        failures.Add($"{where}: no form {sendEmpty}");
                        continue;
                    }

                    where += " (sent empty)";
                    var sent = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Request.IsNavigationRequest);
                    await page.Locator(sendEmpty).EvaluateAsync(
                        "f => { f.noValidate = true; f.querySelectorAll('input[type=text], input[type=email], input[type=datetime-local], textarea').forEach(e => e.value = ''); f.requestSubmit(); }");
                    await sent;
                    try
                    {
                        await page.Locator("main .error").First.WaitForAsync(new() { Timeout = 15_000 }); // in the new document
                    }
                    catch (TimeoutException)
                    {
                        failures.Add($"{where}: no error is shown");
                        continue;
                    }

                    await page.WaitForLoadStateAsync(LoadState.Load);
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
        return checkedPages;
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
    /// the TF working group with a round open (its document is revision 1 of TF's draft, circulated), the DT working group
/// with a round open on its imported zero draft (a proposal and a comment from Kazakhstan), a progress
    /// report, a written procedure (and Kazakhstan's focal point's one-click link to agree), a meeting ahead and two revisions of TF's draft imported (2 and 3). Returns the keys the page list names.
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
        // A round on provisions (its revision a structured text), in the digital trade group: contributions by provision and its consolidation page.
        await d.EstablishWorkingGroupAsync("DT");
        await Expect(HttpStatusCode.Created, Drafts.DraftsApiTests.ImportMarkdownAsync(d.P, Sec, "DT", WorkingGroups.RoundsOnProvisionsTests.ZeroDraft));
        var textRound = Key(await d.PostAsync(Sec, "/api/working-groups/DT/rounds", new { deadline = "2026-07-21T17:00" }, HttpStatusCode.Created));
        var dt = JsonNode.Parse(await d.P.GetTextAsync(Sec, "/api/drafts/DT/revisions/1?format=json"))!;
        await d.PostAsync(FpKaz, $"/api/rounds/{textRound}/comments", new { kind = "proposal", proposal = "replacement", target = dt["articles"]![1]!["paragraphs"]![0]!["id"]!.GetValue<string>(), text = "Each Party shall make available, in English and Russian, the information referred to in Article 1." });
        await d.PostAsync(FpKaz, $"/api/rounds/{textRound}/comments", new { kind = "comments", text = "Kazakhstan will table a provision on paperless trade." });
        var round = Key(await d.PostAsync(Sec, "/api/working-groups/TF/rounds", new { deadline = "2026-07-21T17:00", document = "CARTIF/TF/rev1" }, HttpStatusCode.Created));
        var report = (await d.PostAsync(Sec, "/api/reports/progress", new { summary = "Zero Round held; the TF working group is in its first round.", outstandingIssues = "Working group on digital trade to be set up." }, HttpStatusCode.Created))!["id"]!.GetValue<long>();
        var procedure = await d.P.LaunchAsync(deadline: "2026-07-15T17:00");
        var agreeLink = new Uri(d.P.Host.Services.GetRequiredService<OneClickLinks>().Link(FpKaz, procedure, OneClickLinks.Agree, d.Now.AddDays(30))).PathAndQuery;
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
            ["text-round"] = textRound,
            ["report"] = report.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["procedure"] = procedure,
            ["meeting"] = meeting,
            ["agree-link"] = agreeLink,
            ["paragraph"] = paragraph,
        };
    }
}
