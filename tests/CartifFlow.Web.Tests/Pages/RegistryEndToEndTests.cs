using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The registry from the pages in a real browser: the Secretariat adds a person and replaces a focal point.</summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task SecretariatAddsAPersonAndReplacesAFocalPoint_FromThePages()
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
        var secretariat = await SignInAsync(browser, host, baseUrl, maildir, "secretariat@example.org", "en-GB", "E-mail address", "Send me a sign-in link", "Sign in", "registry-secretariat");

        // Add Kazakhstan's technical expert for Trade Facilitation, who reads Russian.
        await secretariat.GotoAsync($"{baseUrl}/registry/people/new");
        await Shot(secretariat, "registry-add-person");
        await secretariat.Locator("#add-name").FillAsync("Technical Expert TF, Kazakhstan");
        await secretariat.Locator("#add-email").FillAsync("expert.tf.kaz@example.org");
        await secretariat.Locator("#add-party").SelectOptionAsync("KAZ");
        await secretariat.Locator("#add-role-technical-expert-TF").CheckAsync();
        await secretariat.Locator("#add-language").SelectOptionAsync("ru");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Add the person" }).ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/registry/people/te-kaz-tf\\?done=added$"));
        await Assertions.Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("The person is added.");
        await Assertions.Expect(secretariat.Locator("#roles")).ToContainTextAsync("Technical expert (TF)");
        await Shot(secretariat, "registry-person-added");

        // Replace Mongolia's focal point by a new person: the replacement's page opens, the one replaced is deactivated.
        await secretariat.GotoAsync($"{baseUrl}/registry/people/fp-mon");
        await secretariat.Locator("#replace-name").FillAsync("New Focal Point, Mongolia");
        await secretariat.Locator("#replace-email").FillAsync("focal2.mon@example.org");
        await Shot(secretariat, "registry-replace-form");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Record the replacement" }).ClickAsync();
        await secretariat.WaitForURLAsync(new Regex("/registry/people/fp-mon-2\\?done=replaced$"));
        await Assertions.Expect(secretariat.Locator("#roles")).ToContainTextAsync("National Focal Point");
        await Shot(secretariat, "registry-replacement");
        await secretariat.GotoAsync($"{baseUrl}/registry/people/fp-mon");
        await Assertions.Expect(secretariat.Locator("#active")).ToHaveTextAsync("no");
        await Assertions.Expect(secretariat.Locator("#changes")).ToContainTextAsync("replace-person");

        // The list, filtered on the server: Mongolia's active people include the new focal point, not the one replaced.
        await secretariat.GotoAsync($"{baseUrl}/registry/people?FilterParty=MON");
        await Assertions.Expect(secretariat.Locator("#people")).ToContainTextAsync("focal2.mon@example.org");
        await Assertions.Expect(secretariat.Locator("#people")).Not.ToContainTextAsync("focal.mon@example.org");
        await Shot(secretariat, "registry-people");
    }
}
