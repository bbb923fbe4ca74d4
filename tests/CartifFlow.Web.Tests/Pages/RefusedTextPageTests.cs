using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// A control or text-direction character where a page has no form field to show the error at (the sign-in page, a
/// one-click link, a filter in the address): the error page, 400, in the site's layout and the reader's language, the
/// field named in words, with a way back to the page; the handler does not run.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RefusedTextPageTests
{
    public static TheoryData<string?, string, string, string, string, string> Cases() => new()
    {
        // person (null: not signed in), method, url, field (form), the field in words, the way back
        { null, "POST", "/sign-in", "Email", "E-mail address", "/sign-in" },
        { null, "GET", "/sign-in?ReturnUrl=%2Finbox%E2%80%AE", "", "Page to return to", "/sign-in" },
        { null, "GET", "/act?t=abc%E2%80%AEdef", "", "Code of the link", "/act" },
        { "fp-kaz", "GET", "/drafts?state=agreed%E2%80%AE", "", "Состояние (фильтр)", "/drafts" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ARefusedCharacterWithoutAFormField_IsTheErrorPage_NamingTheFieldInWords_WithAWayBack(string? person, string method, string url, string field, string words, string back)
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var page = await PageSession.SignInAsync(d.Host, person);

        var response = method == "POST"
            ? await page.PostFormAsync(url, new() { [field] = "kaz\u202E@example.org" })
            : await page.GetAsync(url);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {html}");
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("<nav", html, StringComparison.Ordinal); // the site's layout
        Assert.Contains($"<html lang=\"{(person == "fp-kaz" ? "ru" : "en")}\"", html, StringComparison.Ordinal);
        var error = System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\" role=\"alert\" id=\"refused-error\">([^<]*)</p>");
        Assert.True(error.Success, html);
        var message = System.Net.WebUtility.HtmlDecode(error.Groups[1].Value);
        Assert.Contains(words, message, StringComparison.Ordinal);
        Assert.Contains("U+202E", message, StringComparison.Ordinal);
        Assert.Contains($"<a id=\"back\" href=\"{back}\">", html, StringComparison.Ordinal);
    }
}
