using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Forms show errors at their field; the language switch and sign-out work from any page.</summary>
[Collection(HostTestGroup.Name)]
public sealed class PageFormsTests
{
    [Fact]
    public async Task LaunchForm_WithoutTitleAndWithAPastDeadline_ShowsEachErrorAtItsField_AndLaunchesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var response = await secretariat.PostFormAsync("/procedures/new", new() { ["Area"] = "TF", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-05-01T17:00" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"title-error\" class=\"error\">A title of 1 to 500 characters is required.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"deadline-error\" class=\"error\">The deadline must be in the future.</p>", html, StringComparison.Ordinal);
        Assert.Empty(await d.Host.Engine.ListAsync("written-procedure"));
    }

    [Fact]
    public async Task ResponseForm_ObjectionWithoutReason_ShowsTheErrorAtTheReason()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");

        var response = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", new() { ["Kind"] = "object" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"reason-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_ShowsThePageInRussian_AndBack()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var switched = await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/registry" });
        Assert.Equal("/registry", switched.Headers.Location!.OriginalString);
        Assert.Contains("<h1>Участники</h1>", await secretariat.Client.GetStringAsync(new Uri("/registry", UriKind.Relative)), StringComparison.Ordinal);

        await secretariat.PostFormAsync("/language", new() { ["lang"] = "en", ["returnUrl"] = "/registry" });
        Assert.Contains("<h1>Participants</h1>", await secretariat.Client.GetStringAsync(new Uri("/registry", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var signedOut = await secretariat.PostFormAsync("/sign-out", []);

        Assert.Equal("/sign-in", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.GetAsync("/procedures")).StatusCode);
    }

    [Fact]
    public async Task Api_StillAnswersWithoutACookie_AndIgnoresTheCookie()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var response = await secretariat.GetAsync("/api/procedures");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
