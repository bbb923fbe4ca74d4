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
        new("/reports/{report}", [Sec]),
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
        var axePath = Environment.GetEnvironmentVariable("CARTIFFLOW_TEST_AXE");
        Assert.True(axePath is not null && File.Exists(axePath), "CARTIFFLOW_TEST_AXE does not name axe.min.js: run the tests with ./test.sh, which installs axe-core from npm (tests/axe).");
        var axe = await File.ReadAllTextAsync(axePath!);

        await using var d = await NegotiationDriver.StartOnPortAsync(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var keys = await NegotiationUnderWayAsync(d);
        var baseUrl = d.P.BaseUrl!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

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
                foreach (var (template, _, status, sendEmpty) in Pages.Where(p => p.People.Contains(person)))
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
