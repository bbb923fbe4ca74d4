using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Support;

/// <summary>A browser-like client of the pages: keeps cookies, does not follow redirects, posts forms with their anti-forgery token.</summary>
public sealed partial class PageSession : IDisposable
{
    private readonly CartifFlowFactory _host;

    public PageSession(CartifFlowFactory host)
    {
        _host = host;
        Client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public HttpClient Client { get; }

    /// <summary>Signs a person in through a sign-in link (issued straight into the database: the e-mail is tested elsewhere).</summary>
    public static async Task<PageSession> SignInAsync(CartifFlowFactory host, string? personId)
    {
        var session = new PageSession(host);
        if (personId is null)
        {
            return session;
        }

        string token;
        await using (var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            token = SignInLinks.Issue(db, personId, host.Data.Time.GetUtcNow(), TimeSpan.FromMinutes(15));
            await db.SaveChangesAsync();
        }

        var response = await session.PostFormAsync($"/sign-in/link?token={token}", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    /// <summary>An anti-forgery token valid for this session (every page's language switch carries one).</summary>
    public async Task<string> AntiforgeryTokenAsync(string page = "/sign-in")
    {
        var html = await Client.GetStringAsync(new Uri(page, UriKind.Relative));
        return TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"No anti-forgery token on {page}.");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var withToken = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(tokenFrom ?? "/sign-in") };
        using var content = new FormUrlEncodedContent(withToken);
        return await Client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(new Uri(url, UriKind.Relative));

    /// <summary>Opens a form that starts something and returns its submission id (the hidden <c>Submission</c> field).</summary>
    public async Task<string> FormSubmissionAsync(string url) =>
        SubmissionPattern().Match(await (await GetAsync(url)).Content.ReadAsStringAsync()).Groups[1].Value;

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"Submission\" value=\"([^\"]*)\"")]
    private static partial Regex SubmissionPattern();
}
