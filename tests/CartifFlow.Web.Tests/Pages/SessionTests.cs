using System.Net;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>Page sessions are held on the server: listed for their person, ended one by one, everywhere, or by the registry.</summary>
[Collection(HostTestGroup.Name)]
public sealed class SessionTests
{
    private static async Task<List<PersonSession>> OpenAsync(ProcedureDriver d, string person)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Set<PersonSession>().AsNoTracking().Where(s => s.PersonId == person && s.EndedAt == null).ToListAsync();
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEveryBrowserOfThePerson_AndNoOneElses()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var laptop = await PageSession.SignInAsync(d.Host, "fp-kaz");
        using var phone = await PageSession.SignInAsync(d.Host, "fp-kaz");
        using var mongolia = await PageSession.SignInAsync(d.Host, "fp-mon");
        Assert.Equal(2, (await OpenAsync(d, "fp-kaz")).Count);

        var ended = await laptop.PostFormAsync("/me/sessions?handler=Everywhere", [], tokenFrom: "/me/sessions");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mongolia.GetAsync("/inbox")).StatusCode);
        Assert.Empty(await OpenAsync(d, "fp-kaz"));
    }

    [Fact]
    public async Task SessionsPage_ListsThePersonsOwnSessions_AndEndsOne_ButNotAnotherPersons()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var laptop = await PageSession.SignInAsync(d.Host, "fp-kaz");
        using var phone = await PageSession.SignInAsync(d.Host, "fp-kaz");
        using var mongolia = await PageSession.SignInAsync(d.Host, "fp-mon");
        var sessions = await OpenAsync(d, "fp-kaz");
        var page = await (await laptop.GetAsync("/me/sessions")).Content.ReadAsStringAsync();
        Assert.All(sessions, s => Assert.Contains(s.Id.ToString(), page, StringComparison.Ordinal));
        Assert.DoesNotContain((await OpenAsync(d, "fp-mon")).Single().Id.ToString(), page, StringComparison.Ordinal);

        // Another person cannot end them; the person can, one at a time.
        foreach (var s in sessions)
        {
            await mongolia.PostFormAsync("/me/sessions?handler=End", new() { ["session"] = s.Id.ToString() }, tokenFrom: "/me/sessions");
        }

        Assert.Equal(2, (await OpenAsync(d, "fp-kaz")).Count);
        await laptop.PostFormAsync("/me/sessions?handler=End", new() { ["session"] = sessions[0].Id.ToString() }, tokenFrom: "/me/sessions");

        Assert.Single(await OpenAsync(d, "fp-kaz"));
        var stillIn = 0;
        foreach (var browser in new[] { laptop, phone })
        {
            stillIn += (await browser.GetAsync("/inbox")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(1, stillIn);
    }

    [Fact]
    public async Task EndingEveryOneOfAPersonsSessions_AsTheRegistryDoesOnDeactivation_SignsThemOutEverywhere()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "cn-kaz");
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync("/approvals")).StatusCode);

        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            Assert.Equal(1, await PersonSessions.EndAllAsync(db, "cn-kaz", d.Data.Time.GetUtcNow()));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await kazakhstan.GetAsync("/approvals")).StatusCode);
    }
}
