using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The engine's refusals carry stable codes; the pages say them in the reader's language at the field.</summary>
[Collection(HostTestGroup.Name)]
public sealed class LocalisedRefusalTests
{
    [Fact]
    public async Task RussianFocalPoint_ObjectionWithoutReason_SeesTheRussianMessageAtTheReason()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");

        var response = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", new() { ["Kind"] = "object" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Возражение должно содержать причину.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("An objection needs a reason.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RussianFocalPoint_AgreeWithCommentsWithoutComments_SeesTheRussianMessage()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var kazakhstan = await PageSession.SignInAsync(d.Host, "fp-kaz");

        var response = await kazakhstan.PostFormAsync($"/procedures/{key}/respond/KAZ", new() { ["Kind"] = "agree-with-comments" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Для согласия с комментариями нужны комментарии.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretariatInRussian_ExtensionToAnEarlierDeadline_SeesTheRussianMessageAtTheDeadline()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });

        var earlier = await secretariat.PostFormAsync($"/procedures/{key}?handler=extend", new() { ["Deadline"] = "2026-06-10T17:00", ["Reason"] = "Earlier." });
        var garbage = await secretariat.PostFormAsync($"/procedures/{key}?handler=extend", new() { ["Deadline"] = "soon", ["Reason"] = "Later." });

        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        Assert.Contains("<p id=\"deadline-error\" class=\"error\" role=\"alert\">Новый срок должен быть позже текущего и в будущем.</p>", await earlier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("«soon» — не срок: укажите местное время Секретариата (Asia/Manila)", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_RefusalCarriesItsCode_BesideTheEnglishText()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();

        var response = await d.RespondAsync("fp-kaz", key, "object");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("objection-reason-required", problem["code"]!.GetValue<string>());
        Assert.Equal("An objection needs a reason.", problem["errors"]!["reason"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ARefusalWithoutAKnownCode_IsShownAsTheEngineWroteIt()
    {
        var coded = new StepResult(StepOutcome.NotPermitted, null, "'close' is not possible in Circulating.") { Code = "not-possible-in-state", Arguments = ["close", "Circulating"] };
        var uncoded = new StepResult(StepOutcome.Invalid, null, "Something only the engine knows.", "x") { Code = "no-such-code" };

        Assert.Equal("Действие «close» невозможно в состоянии Circulating.", Texts.Refusal("ru", coded));
        Assert.Equal("'close' is not possible in Circulating.", Texts.Refusal("en", coded));
        Assert.Equal("Something only the engine knows.", Texts.Refusal("ru", uncoded));
    }
}
