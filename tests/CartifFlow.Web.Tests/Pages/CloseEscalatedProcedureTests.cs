using System.Net;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The Secretariat's form to close an escalated written procedure as not adopted, with a reason.</summary>
[Collection(HostTestGroup.Name)]
public sealed class CloseEscalatedProcedureTests
{
    private static readonly DateTimeOffset Deadline = ProcedureDriver.Manila(6, 15, 17);

    /// <summary>A consent procedure nobody answered: escalated at the deadline.</summary>
    private static async Task<string> EscalatedAsync(ProcedureDriver d)
    {
        var key = await d.LaunchAsync(mode: "consent");
        await d.AdvanceToAsync(Deadline);
        Assert.Equal("Escalated", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        return key;
    }

    private static async Task<string> StateAsync(ProcedureDriver d, string key) => (await d.ProcedureAsync(key))["state"]!.GetValue<string>();

    [Fact]
    public async Task Secretariat_ClosesAnEscalatedProcedureWithAReason_AndEveryoneIsToldTheReason()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await EscalatedAsync(d);
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        Assert.Contains("Close as not adopted", await secretariat.Client.GetStringAsync(new Uri($"/procedures/{key}", UriKind.Relative)), StringComparison.Ordinal);

        var response = await secretariat.PostFormAsync($"/procedures/{key}?handler=close", new() { ["Reason"] = "PAK and TKM did not answer within the grace period." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("NotAdopted", await StateAsync(d, key));
        var notices = await d.MessagesAsync(key, "not-adopted");
        Assert.NotEmpty(notices);
        Assert.DoesNotContain("Close as not adopted", await secretariat.Client.GetStringAsync(new Uri($"/procedures/{key}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosingWithoutAReason_ShowsTheErrorAtTheFormInRussian_AndChangesNothing()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await EscalatedAsync(d);
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });

        var response = await secretariat.PostFormAsync($"/procedures/{key}?handler=close", new() { ["Reason"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"close-error\" class=\"error\" role=\"alert\">Укажите причину.</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Escalated", await StateAsync(d, key));
    }

    [Fact]
    public async Task ClosingAProcedureThatIsNotEscalated_IsRefusedWithAClearMessage()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(mode: "consent");
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        Assert.DoesNotContain("Close as not adopted", await secretariat.Client.GetStringAsync(new Uri($"/procedures/{key}", UriKind.Relative)), StringComparison.Ordinal);

        var response = await secretariat.PostFormAsync($"/procedures/{key}?handler=close", new() { ["Reason"] = "Closed too early." });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Only an escalated procedure can be closed this way; its state is: Circulated for answers.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Circulating", await StateAsync(d, key));
    }

    [Theory]
    [InlineData("fp-kaz")]
    [InlineData("cn-kaz")]
    public async Task AFocalPointOrChiefNegotiator_MayNotClose(string person)
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await EscalatedAsync(d);
        using var session = await PageSession.SignInAsync(d.Host, person);

        var response = await session.PostFormAsync($"/procedures/{key}?handler=close", new() { ["Reason"] = "Not mine to close." });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Escalated", await StateAsync(d, key));
    }
}
