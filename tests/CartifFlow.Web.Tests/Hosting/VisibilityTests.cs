using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Hosting;

/// <summary>
/// Issue 28, findings 7 to 10: who reads whose answers (one rule for the API, the pages, the e-mails and the exports),
/// consultations kept out of the negotiation's children and history, exports that carry no raw HTML, and request texts
/// without control or direction-override characters. Each test failed on the code before the fix.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class VisibilityTests
{
    private const string KazakhComment = "Kazakhstan supports it, subject to its customs code.";
    private const string MongolianReason = "Mongolia needs a transition period of two years.";

    private static async Task<string> AnsweredProcedureAsync(ProcedureDriver d)
    {
        var key = await d.LaunchAsync();
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync("fp-kaz", key, "agree-with-comments", comments: KazakhComment)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync("fp-mon", key, "object", reason: MongolianReason)).StatusCode);
        return key;
    }

    private static async Task<string> ReadAsync(ProcedureDriver d, string person, string url)
    {
        var response = await d.SendAsync(HttpMethod.Get, person, url);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Fact]
    public async Task OpenProcedure_AnObserverAndAnotherParty_DoNotReadTheAnswers_TheSecretariatDoes()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await AnsweredProcedureAsync(d);

        var observer = await ReadAsync(d, "obs-aze", $"/api/procedures/{key}") + await ReadAsync(d, "obs-aze", $"/api/procedures/{key}/status");
        var mongolia = await ReadAsync(d, "fp-mon", $"/api/procedures/{key}") + await ReadAsync(d, "fp-mon", $"/api/procedures/{key}/status");
        var secretariat = await ReadAsync(d, "secretariat", $"/api/procedures/{key}");

        Assert.DoesNotContain(KazakhComment, observer, StringComparison.Ordinal);
        Assert.DoesNotContain(MongolianReason, observer, StringComparison.Ordinal);
        Assert.DoesNotContain("agree-with-comments", observer, StringComparison.Ordinal);
        Assert.DoesNotContain(KazakhComment, mongolia, StringComparison.Ordinal);
        Assert.DoesNotContain("agree-with-comments", mongolia, StringComparison.Ordinal);
        Assert.Contains(MongolianReason, mongolia, StringComparison.Ordinal); // its own answer
        var view = JsonNode.Parse(secretariat[4..])!;
        Assert.Equal(2, view["responses"]!.AsArray().Count);
        var observed = (await d.GetJsonAsync("obs-aze", $"/api/procedures/{key}"))!;
        Assert.Equal(2, observed["answered"]!.GetValue<int>()); // the number of parties that answered, no more
        Assert.Empty(observed["responses"]!.AsArray());
    }

    [Fact]
    public async Task ClosedProcedure_TheRecordGoesToTheTakingPartParties_NotToObservers()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await AnsweredProcedureAsync(d);
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "To be renegotiated." })).IsSuccessStatusCode);

        var mongolia = await ReadAsync(d, "fp-mon", $"/api/procedures/{key}/record");
        var observerRecord = await d.SendAsync(HttpMethod.Get, "obs-aze", $"/api/procedures/{key}/record?format=html");
        var observerView = await ReadAsync(d, "obs-aze", $"/api/procedures/{key}");

        Assert.StartsWith("200", mongolia, StringComparison.Ordinal);
        Assert.Contains(KazakhComment, mongolia, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, observerRecord.StatusCode);
        Assert.DoesNotContain(KazakhComment, observerView, StringComparison.Ordinal);
        Assert.Contains("Withdrawn", observerView, StringComparison.Ordinal); // the outcome
    }

    [Fact]
    public async Task ClosedProcedure_TheObserversEmail_CarriesTheOutcome_WithoutAnyPartysAnswer()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await AnsweredProcedureAsync(d);
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "To be renegotiated." })).IsSuccessStatusCode);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();

        var notices = await db.Outbox.AsNoTracking().Where(m => m.Template == "withdrawn").ToListAsync();
        string TextTo(string address) => string.Join("\n", notices
            .Where(m => m.ToJson.Contains(address, StringComparison.Ordinal) || m.CcJson.Contains(address, StringComparison.Ordinal))
            .Select(m => m.ModelJson));

        Assert.DoesNotContain(KazakhComment, TextTo("observer.aze@example.org"), StringComparison.Ordinal);
        Assert.DoesNotContain(MongolianReason, TextTo("observer.aze@example.org"), StringComparison.Ordinal);
        Assert.Contains(KazakhComment, TextTo("focal.mon@example.org"), StringComparison.Ordinal);
        Assert.NotEmpty(TextTo("observer.aze@example.org"));
    }

    [Fact]
    public async Task OpenTransition_AnotherChiefNegotiator_SeesOnlyTheirOwnAnswerAndTheCount()
    {
        await using var n = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await n.StartNegotiationAsync();
        await n.CirculatePreparationDocumentsAsync();
        var key = await n.ProposeAsync(NegotiationDriver.Manila(5, 20, 17));
        await n.RejectAsync(key, "cn-kaz", "Kazakhstan has not finished its consultations.");
        await n.ApproveAsync(key, "cn-mon");

        var mongolia = await ReadAsync(n.P, "cn-mon", $"/api/transitions/{key}");
        var observer = await ReadAsync(n.P, "obs-aze", $"/api/transitions/{key}");

        Assert.DoesNotContain("Kazakhstan has not finished", mongolia, StringComparison.Ordinal);
        Assert.DoesNotContain("Kazakhstan has not finished", observer, StringComparison.Ordinal);
        var view = JsonNode.Parse(mongolia[4..])!;
        Assert.Null(view["rejections"]?.GetValue<int?>());
        Assert.Equal("approve", view["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "MON")!["answer"]!.GetValue<string>());
        Assert.Null(view["parties"]!.AsArray().Single(p => p!["party"]!.GetValue<string>() == "KAZ")!["answer"]?.GetValue<string>());
        Assert.Equal(2, view["answered"]!.GetValue<int>());
        Assert.Contains("Kazakhstan has not finished", await ReadAsync(n.P, "secretariat", $"/api/transitions/{key}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegotiationChildrenAndHistory_ShowAPartysConsultation_OnlyToTheSecretariatAndThatParty()
    {
        await using var n = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await n.StartNegotiationAsync();
        var consultation = (await n.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var observer = await ReadAsync(n.P, "obs-aze", "/api/negotiation") + await ReadAsync(n.P, "obs-aze", "/api/negotiation/history");
        var mongolia = await ReadAsync(n.P, "fp-mon", "/api/negotiation") + await ReadAsync(n.P, "fp-mon", "/api/negotiation/history");
        var kazakhstan = await ReadAsync(n.P, "fp-kaz", "/api/negotiation") + await ReadAsync(n.P, "fp-kaz", "/api/negotiation/history");

        foreach (var outsider in new[] { observer, mongolia })
        {
            Assert.DoesNotContain(consultation, outsider, StringComparison.Ordinal);
            Assert.DoesNotContain("readiness-consultation", outsider, StringComparison.Ordinal);
            Assert.DoesNotContain("start-consultation", outsider, StringComparison.Ordinal);
        }

        Assert.Contains(consultation, kazakhstan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkdownAndHtmlRecords_OfAProcedureWithAScriptTitle_CarryNoRawHtmlOrLink()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(title: "<script>alert(1)</script> [click](javascript:alert(2)) | cell");
        Assert.Equal(HttpStatusCode.OK, (await d.RespondAsync("fp-kaz", key, "agree-with-comments", comments: "<img src=x onerror=alert(3)> **bold**")).StatusCode);
        Assert.True((await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "<b>withdrawn</b>" })).IsSuccessStatusCode);

        var markdown = await d.GetTextAsync("secretariat", $"/api/procedures/{key}/record?format=markdown");
        var html = await d.GetTextAsync("secretariat", $"/api/procedures/{key}/record?format=html");

        foreach (var export in new[] { markdown, html })
        {
            Assert.DoesNotContain("<script", export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", export, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotMatch(@"(?<!\\)\]\(javascript:", markdown); // no link: its brackets are escaped

        Assert.Contains("&lt;script&gt;", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[click\\]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**bold**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkdownProgressReport_OfAScriptSummary_CarriesNoRawHtmlOrLink()
    {
        await using var n = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await n.StartNegotiationAsync();

        var issued = await n.PostAsync("secretariat", "/api/reports/progress", new { summary = "<script>alert(1)</script> [click](javascript:alert(2))", outstandingIssues = "<img src=x onerror=alert(3)>" }, HttpStatusCode.Created);
        var markdown = await n.P.GetTextAsync("secretariat", $"/api/reports/{issued!["id"]}?format=markdown");

        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?<!\\)\]\(javascript:", markdown);
        Assert.Contains("&lt;script&gt;", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task NulOrDirectionOverride_InATitle_IsRefusedAtTheField_NothingStarts(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        foreach (var title in new[] { "Article 5\u0000", "Article \u202Egnp.exe", "Article\u0007 5" })
        {
            var response = await d.PostAsync("secretariat", "/api/procedures", new { area = "TF", title, text = "Text.", mode = "silence", deadline = "2026-06-15T17:00" });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotNull(problem["errors"]!["title"]);
        }

        using var session = await PageSession.SignInAsync(d.Host, "secretariat");
        var page = await session.PostFormAsync("/procedures/new", new() { ["Area"] = "TF", ["Title"] = "Article \u202E5", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-06-15T17:00" });
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Title", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await d.GetJsonAsync("secretariat", "/api/procedures")).AsArray());

        // Newlines and tabs in a long text are kept.
        var multiline = await d.PostAsync("secretariat", "/api/procedures", new { area = "TF", title = "Article 6", text = "First paragraph.\n\tSecond, indented.", mode = "silence", deadline = "2026-06-15T17:00" });
        Assert.Equal(HttpStatusCode.Created, multiline.StatusCode);
    }

    [Fact]
    public async Task ControlCharacter_InAnEmailSubjectField_IsRefused()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var body = ("{\"area\":\"TF\",\"title\":\"Subject\\r\\nBcc: x@example.org\\u0085\",\"text\":\"T\",\"mode\":\"silence\",\"deadline\":\"2026-06-15T17:00\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/procedures") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await d.TokenAsync("secretariat"));

        var response = await d.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
