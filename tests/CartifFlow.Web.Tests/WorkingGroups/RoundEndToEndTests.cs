using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;
using CartifFlow.Web.Tests.WorkingGroups;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>A round on provisions in a real browser: a lead negotiator proposes, the Secretariat consolidates.</summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task ALeadNegotiatorProposesAnOption_TheSecretariatConsolidatesIt_AndTheComparisonAndTheProvenanceShowItWithItsParty()
    {
        var maildir = Browsers.Maildir;
        Directory.CreateDirectory(Screenshots);
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var procedures = await ProcedureDriver.StartServingAsync(port, Browsers.MailThroughSmtp(baseUrl), new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        var d = NegotiationDriver.Over(procedures);
        var (round, deadline, text) = await RoundsOnProvisionsTests.OpenRoundOnZeroDraftAsync(d);
        var days = text["articles"]![0]!["paragraphs"]![1]!["content"]!.AsArray().First(s => s!["kind"]!.GetValue<string>() == "bracket")!["id"]!.GetValue<string>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        // Kazakhstan's lead negotiator for trade facilitation (who reads Russian) proposes a new option on Article 1, paragraph 2.
        var lead = await SignInAsync(browser, procedures.Host, baseUrl, maildir, "lead.tf.kaz@example.org", "ru-RU", "Адрес электронной почты", "Прислать ссылку для входа", "Вход", "round-lead-sign-in");
        await lead.GotoAsync($"{baseUrl}/rounds/{round}");
        await lead.Locator("#comment-kind-proposal").CheckAsync();
        await lead.Locator("#comment-proposal-new-option").CheckAsync();
        await lead.Locator("#comment-bracket").SelectOptionAsync(days);
        await lead.Locator("#comment-text").FillAsync("within 120 days");
        await Shot(lead, "round-lead-proposes");
        // The step (and its receipt) may take a while on a loaded machine: the wait is for the page, not a timing.
        await lead.GetByRole(AriaRole.Button, new() { Name = "Направить", Exact = true }).ClickAsync();
        await lead.WaitForURLAsync(new Regex("done=comment$"), new() { Timeout = 120_000 });
        await Assertions.Expect(lead.Locator("#contributions")).ToContainTextAsync("within 120 days");
        await Shot(lead, "round-lead-proposed");

        // After the deadline the Secretariat accepts it on the consolidation page and circulates revision 2.
        await d.AdvanceToAsync(deadline);
        var secretariat = await SignInAsync(browser, procedures.Host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "round-secretariat-sign-in");
        await secretariat.GotoAsync($"{baseUrl}/rounds/{round}");
        await secretariat.Locator("#consolidation-link").ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/consolidation$"));
        await Assertions.Expect(secretariat.Locator("#matrix")).ToContainTextAsync("within 120 days");
        await secretariat.Locator("#circulate").ClickAsync();
        await Assertions.Expect(secretariat.Locator("#consolidate-decisions-error")).ToContainTextAsync("1 (KAZ, new-option on Article 1, paragraph 2)");
        await Shot(secretariat, "round-consolidation-refused");
        await secretariat.Locator("#decide1-decision").SelectOptionAsync("accepted");
        await secretariat.Locator("#contribution-1").GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("done=decide$"));
        await secretariat.Locator("#circulate").ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("done=consolidate$"));
        await Assertions.Expect(secretariat.Locator("#provenance-by-provision")).ToContainTextAsync("within 120 days");
        await Assertions.Expect(secretariat.Locator("#provenance-by-provision")).ToContainTextAsync("KAZ");
        await Assertions.Expect(secretariat.Locator("#provenance-check")).ToContainTextAsync("added and dropped nothing");
        await Shot(secretariat, "round-consolidated-provenance");

        // The comparison of revisions 1 and 2 shows the new option with its party.
        await secretariat.Locator("#compare-next").ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/drafts/TF/compare\\?from=1&to=2$"));
        var added = secretariat.Locator("li.option-change", new() { HasText = "within 120 days" });
        await Assertions.Expect(added).ToContainTextAsync("KAZ");
        await Shot(secretariat, "round-compare-1-2");

        // The revision's page carries the provenance table too.
        await secretariat.GotoAsync($"{baseUrl}/drafts/TF/revisions/2");
        await Assertions.Expect(secretariat.Locator("#provenance-by-party")).ToContainTextAsync("KAZ");
        Assert.NotNull(JsonNode.Parse(await procedures.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=json")));
    }
}
