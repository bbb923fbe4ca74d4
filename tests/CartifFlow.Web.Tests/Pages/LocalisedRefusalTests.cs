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

    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static string ErrorAt(string field, string message) => $"<p id=\"{field}-error\" class=\"error\" role=\"alert\">{message}</p>";

    [Fact]
    public async Task RussianChiefNegotiator_RejectingATransitionWithoutAReasonOrWithTooLongAReason_SeesEachInRussianAtTheReason()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");

        var missing = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=reject", new() { ["Reason"] = " " });
        var tooLong = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=reject", new() { ["Reason"] = new string('x', CartifFlow.Negotiation.Workflows.Reasons.MaxLength + 1) });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (missing.StatusCode, tooLong.StatusCode));
        Assert.Contains(ErrorAt("reason", "Отклонение должно быть обосновано."), await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ErrorAt("reason", "Причина — не более 2000 символов."), await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await d.GetAsync($"/api/transitions/{key}"))["answers"]!.AsArray());
    }

    [Fact]
    public async Task ApprovingWithTooLongAStatement_ShowsTheMessageAtTheStatement()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var key = await d.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");

        var tooLong = await kazakhstan.PostFormAsync($"/approvals/{key}?handler=approve", new() { ["Statement"] = new string('x', 20_001) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("<p id=\"statement-error\" class=\"error\" role=\"alert\">", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedExtensionOrWithdrawal_KeepsTheReasonTypedIntoThatFormOnly()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var extend = await (await secretariat.PostFormAsync($"/procedures/{key}?handler=extend", new() { ["Deadline"] = "soon", ["Reason"] = "The parties asked for a week." })).Content.ReadAsStringAsync();
        var withdraw = await (await secretariat.PostFormAsync($"/procedures/{key}?handler=withdraw", new() { ["Reason"] = new string('w', 2_001) })).Content.ReadAsStringAsync();

        Assert.Contains("id=\"extend-reason\" name=\"Reason\" aria-describedby=\"reason-error\" value=\"The parties asked for a week.\"", extend, StringComparison.Ordinal);
        Assert.Contains("id=\"withdraw-reason\" name=\"Reason\" aria-describedby=\"withdraw-error\">", extend, StringComparison.Ordinal);
        Assert.Contains($"id=\"withdraw-reason\" name=\"Reason\" aria-describedby=\"withdraw-error\" value=\"{new string('w', 2_001)}\"", withdraw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RussianChiefNegotiator_DelegatingForABadPeriod_SeesTheRussianMessageAtTheEnd()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        using var kazakhstan = await PageSession.SignInAsync(d.P.Host, "cn-kaz");

        var backwards = await kazakhstan.PostFormAsync("/delegation", new() { ["Delegate"] = "ln-kaz-tf", ["From"] = "2026-05-20T09:00", ["Until"] = "2026-05-10T09:00" });
        var tooLong = await kazakhstan.PostFormAsync("/delegation", new() { ["Delegate"] = "ln-kaz-tf", ["Until"] = "2027-06-01T09:00" });
        var garbage = await kazakhstan.PostFormAsync("/delegation", new() { ["Delegate"] = "ln-kaz-tf", ["Until"] = "next week" });

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains(ErrorAt("until", "Срок должен заканчиваться позже, чем начинается, и в будущем."), await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ErrorAt("until", "Передача полномочий действует не более года; по истечении оформите её заново."), await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ErrorAt("until", "«next week» — не время в пределах 2000–2199 годов: укажите местное время (Asia/Almaty) в виде 2026-06-03T10:00 или момент времени со смещением."), await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("delegation"));
    }

    [Fact]
    public async Task SecretariatInRussian_ProposingWithABadDeadline_SeesTheRussianMessageAtTheDeadline()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });

        var early = await secretariat.PostFormAsync("/transitions/new", new() { ["Justification"] = "Done.", ["Deadline"] = "2026-05-20T17:00" });
        await d.CirculatePreparationDocumentsAsync();
        var past = await secretariat.PostFormAsync("/transitions/new", new() { ["Justification"] = "Done.", ["Deadline"] = "2026-05-01T17:00" });
        var garbage = await secretariat.PostFormAsync("/transitions/new", new() { ["Justification"] = "Done.", ["Deadline"] = "soon" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (early.StatusCode, past.StatusCode, garbage.StatusCode));
        Assert.Contains(ErrorAt("request", "Этап 1 не завершён: до предложения нулевого раунда необходимо разослать модальности переговоров, нулевой проект в квадратных скобках и проекты кругов ведения рабочих групп."), await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ErrorAt("deadline", "Значение поля «deadline» должно относиться к будущему."), await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ErrorAt("deadline", "«soon» — не время в пределах 2000–2199 годов: укажите местное время (Asia/Manila) в виде 2026-06-03T10:00 или момент времени со смещением."), await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("stage-transition"));
    }

    [Fact]
    public async Task SecretariatInRussian_SchedulingAMeetingThatEndsBeforeItStarts_SeesRussianAtEachField()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.StartNegotiationAsync();
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });

        var backwards = await secretariat.PostFormAsync("/meetings/new", new() { ["TimeZone"] = "Asia/Ulaanbaatar", ["Start"] = "2026-06-03T10:00", ["End"] = "2026-06-03T09:00" });
        var placeless = await secretariat.PostFormAsync("/meetings/new", new()
        {
            ["Title"] = "Chief Negotiators' meeting", ["Kind"] = "chief-negotiators", ["Format"] = "in-person", ["TimeZone"] = "Asia/Ulaanbaatar",
            ["Start"] = "2026-06-03T10:00", ["End"] = "2026-06-03T12:00", ["Audience"] = "chief-negotiators",
        });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (backwards.StatusCode, placeless.StatusCode));
        var html = await backwards.Content.ReadAsStringAsync();
        Assert.Contains(ErrorAt("end", "Окончание должно быть позже начала."), html, StringComparison.Ordinal);
        Assert.Contains(ErrorAt("format", "Формат встречи: очный, онлайн или гибридный."), html, StringComparison.Ordinal);
        Assert.Contains(ErrorAt("title", "Укажите название."), html, StringComparison.Ordinal);
        Assert.Contains(ErrorAt("place", "Для очной или гибридной встречи укажите место проведения."), await placeless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await d.P.Host.Engine.ListAsync("meeting"));
    }

    [Fact]
    public async Task SecretariatInRussian_LaunchingWithoutTitleAndWithAnUnreadableDeadline_SeesRussianAtEachField()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });

        var response = await secretariat.PostFormAsync("/procedures/new", new() { ["Area"] = "XX", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "soon" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p id=\"title-error\" class=\"error\" role=\"alert\">Укажите название длиной от 1 до 500 символов.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"area-error\" class=\"error\" role=\"alert\">Направления переговоров «XX» не существует.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"deadline-error\" class=\"error\" role=\"alert\">«soon» — не срок: укажите местное время Секретариата (Asia/Manila) в виде 2026-07-01T17:00.</p>", html, StringComparison.Ordinal);
        Assert.Empty(await d.Host.Engine.ListAsync("written-procedure"));
    }

    [Fact]
    public async Task Api_MeetingChecks_KeepTheirEnglishErrors()
    {
        await using var d = await NegotiationDriver.StartAsync(May);

        var problem = await d.PostAsync("secretariat", "/api/meetings", new { title = "", format = "by pigeon", timeZone = "Asia/Manila", start = "2026-06-03T10:00" }, HttpStatusCode.BadRequest);

        Assert.Equal("The format is in-person, online or hybrid.", problem!["errors"]!["format"]![0]!.GetValue<string>());
        Assert.Equal("The meeting needs a title.", problem["errors"]!["title"]![0]!.GetValue<string>());
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

        Assert.Equal("Действие «close» невозможно в состоянии «Circulating».", Texts.Refusal("ru", coded));
        Assert.Equal("'close' is not possible in the state “Circulating”.", Texts.Refusal("en", coded));
        Assert.Equal("Something only the engine knows.", Texts.Refusal("ru", uncoded));
    }

    [Fact]
    public void ARefusalInTheInstancesState_NamesTheStateInTheReadersLanguage()
    {
        var at = new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);
        var round = new InstanceView(Guid.NewGuid(), "text-round", 1, "TF-R1", "Consolidating", CartifFlow.Engine.Persistence.InstanceStatus.Running, [], null, 3, at, at, null);
        var refused = new StepResult(StepOutcome.NotPermitted, round, "'comment' is not possible in Consolidating.") { Code = "not-possible-in-state", Arguments = ["comment", "Consolidating"] };

        Assert.Equal("Действие «comment» невозможно в состоянии «Идёт сведение».", Texts.Refusal("ru", refused));
        Assert.Equal("'comment' is not possible in the state “Being consolidated”.", Texts.Refusal("en", refused));
    }
}
