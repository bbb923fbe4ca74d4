using System.Net;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>A page session follows the registry: what a person may do is read on every request, not frozen at sign-in.</summary>
[Collection(HostTestGroup.Name)]
public sealed class SessionRefreshTests
{
    [Fact]
    public async Task DeactivatedPerson_LosesTheirSession_AtTheNextRequest_AndCannotAnswer()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync("/inbox")).StatusCode);
        var token = await kazakhstan.AntiforgeryTokenAsync($"/procedures/{key}/respond/KAZ");

        await ChangeAsync(d, "fp-kaz", p => p.Active = false);

        var inbox = await kazakhstan.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, inbox.StatusCode);
        Assert.Equal("/sign-in", inbox.Headers.Location!.AbsolutePath);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Kind"] = "agree" });
        var answer = await kazakhstan.Client.PostAsync(new Uri($"/procedures/{key}/respond/KAZ", UriKind.Relative), form);
        Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        Assert.False(await db.Set<CartifFlow.Negotiation.WrittenProcedures.ProcedureResponse>().AnyAsync(r => r.PartyCode == "KAZ"));
    }

    [Fact]
    public async Task ChiefNegotiatorWhoseRoleIsRemoved_IsRefusedTheApprovalsPage_AtTheNextRequest()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "cn-kaz");
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync("/approvals")).StatusCode);

        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            await db.Set<PersonRole>().Where(r => r.PersonId == "cn-kaz" && r.Role == NegotiationRoles.ChiefNegotiator).ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await kazakhstan.GetAsync("/approvals")).StatusCode);
    }

    [Fact]
    public async Task PersonMovedToAnotherLanguage_SeesIt_WithoutSigningInAgain()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");
        Assert.Contains("<html lang=\"ru\"", await (await kazakhstan.GetAsync("/inbox")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ChangeAsync(d, "fp-kaz", p => p.Language = "en");

        Assert.Contains("<html lang=\"en\"", await (await kazakhstan.GetAsync("/inbox")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task ChangeAsync(ProcedureDriver d, string personId, Action<Person> change)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var person = await db.Set<Person>().SingleAsync(p => p.Id == personId);
        change(person);
        await db.SaveChangesAsync();
    }
}
