using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Drafts;
using CartifFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>A written procedure launched from the draft's page in a real browser.</summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task Secretariat_SelectsTwoProvisionsOnTheDraftPage_ChoosesAnOption_LaunchesAWrittenProcedure_AndTheyShowUnderWrittenProcedure()
    {
        var maildir = Browsers.Maildir;
        Directory.CreateDirectory(Screenshots);
        var port = Browsers.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var data = await HostData.CreateAsync();
        await using var host = data.StartHost(Path.Combine(TestRepository.Root, "workflows"), settings: Browsers.MailThroughSmtp(baseUrl));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        host.StartServer();
        var folder = Directory.CreateTempSubdirectory("cartifflow-wp-");
        try
        {
            var file = Path.Combine(folder.FullName, "tf-zero-draft.md");
            await File.WriteAllTextAsync(file, DraftsApiTests.Text);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Browsers.LaunchAsync(playwright);
            var secretariat = await SignInAsync(browser, host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "wp-secretariat-sign-in");
            await secretariat.GotoAsync(baseUrl + "/drafts/TF");
            await secretariat.GetByLabel("Word document (.docx) or Markdown file (.md)").SetInputFilesAsync(file);
            await ImportAsync(secretariat);
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF\\?done=imported&n=1$"));

            // The two bracketed paragraphs of Article 1 are chosen on the draft's page.
            var select = secretariat.Locator("#procedure-select");
            await select.GetByLabel(new Regex("^Article 1, paragraph 1 — bracketed")).CheckAsync();
            await select.GetByLabel(new Regex("^Article 1, paragraph 2 — bracketed")).CheckAsync();
            await Shot(secretariat, "wp-draft-selected");
            await select.GetByRole(AriaRole.Button, new() { Name = "Launch a written procedure on the selected provisions" }).ClickAsync();
            await secretariat.WaitForURLAsync(new Regex("/drafts/TF/procedure\\?provision=[a-z0-9]{7}&provision=[a-z0-9]{7}$"));

            // Each bracket's option most parties hold is preselected; the Secretariat chooses the other one for paragraph 1.
            var first = secretariat.Locator("fieldset.provision").First;
            await Assertions.Expect(first.GetByLabel("trade in goods (KAZ, MON)")).ToBeCheckedAsync();
            await first.GetByLabel("trade in goods and services (PRC, UZB)").CheckAsync();
            await secretariat.Locator("#deadline").FillAsync("2026-06-15T17:00");
            await Shot(secretariat, "wp-launch-form");
            await secretariat.GetByRole(AriaRole.Button, new() { Name = "Launch the written procedure" }).ClickAsync();
            await secretariat.WaitForURLAsync(new Regex("/procedures/WP-2026-\\d{3}$"));

            // The procedure names the provisions with their proposed final wording, in the article around them.
            var provisions = secretariat.Locator("#provisions");
            await Assertions.Expect(provisions).ToContainTextAsync("Article 1, paragraph 1");
            await Assertions.Expect(provisions).ToContainTextAsync("This Protocol applies to trade in goods and services between the Parties.");
            await Assertions.Expect(provisions).ToContainTextAsync("Each Party shall publish its laws within 90 days of their adoption.");
            await Assertions.Expect(provisions).ToContainTextAsync("under written procedure");
            await Assertions.Expect(secretariat.Locator(".text").First).ToContainTextAsync("Article 1: Scope");
            await Shot(secretariat, "wp-procedure");

            // Back on the draft, both show as under written procedure and cannot be chosen again.
            await secretariat.GotoAsync(baseUrl + "/drafts/TF");
            await Assertions.Expect(secretariat.Locator("#draft-text p.draft-paragraph[data-status='under-written-procedure']")).ToHaveCountAsync(2);
            await Assertions.Expect(select.GetByLabel(new Regex("^Article 1, paragraph 1 — under written procedure"))).ToBeDisabledAsync();
            await Assertions.Expect(select.GetByLabel(new Regex("^Article 2, paragraph 1 — agreed"))).ToBeEnabledAsync();
            await Shot(secretariat, "wp-draft-under-procedure");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
