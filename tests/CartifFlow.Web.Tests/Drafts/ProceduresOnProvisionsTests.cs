using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Drafts;

/// <summary>
/// Written procedures launched from the draft on provisions, on the real host and both databases: under written
/// procedure while they run; adopted into a revision made by the procedure; referred with the objection's wording;
/// restored when withdrawn; refused when stale, already under procedure, or not the Secretariat's.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class ProceduresOnProvisionsTests
{
    private const string Deadline = "2026-06-15T17:00";

    /// <summary>Imports revision 1 and returns the ids of Article 1's two paragraphs, of their brackets, and of Article 2's paragraph.</summary>
    private static async Task<(string P1, string B1, string P2, string B2, string P3)> DraftAsync(ProcedureDriver d)
    {
        using var imported = await DraftsApiTests.ImportMarkdownAsync(d, "secretariat", "TF", DraftsApiTests.Text, "Zero draft.");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var text = JsonNode.Parse(await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
        var article1 = text["articles"]![0]!["paragraphs"]!;
        string Bracket(JsonNode paragraph) => paragraph["content"]!.AsArray().First(s => s!["kind"]!.GetValue<string>() == "bracket")!["id"]!.GetValue<string>();
        return (article1[0]!["id"]!.GetValue<string>(), Bracket(article1[0]!), article1[1]!["id"]!.GetValue<string>(), Bracket(article1[1]!),
            text["articles"]![1]!["paragraphs"]![0]!["id"]!.GetValue<string>());
    }

    /// <summary>The Secretariat launches on Article 1, paragraph 1 (the second option chosen) and paragraph 2 (the default).</summary>
    private static async Task<string> LaunchOnTwoAsync(ProcedureDriver d, (string P1, string B1, string P2, string B2, string P3) ids, string mode = "silence")
    {
        using var launched = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new
        {
            basedOn = 1,
            provisions = new object[] { new { provision = ids.P1, choices = new Dictionary<string, int> { [ids.B1] = 1 } }, new { provision = ids.P2 } },
            mode,
            deadline = Deadline,
        });
        var body = await launched.Content.ReadAsStringAsync();
        Assert.True(launched.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["key"]!.GetValue<string>();
    }

    private static async Task<JsonNode> FiguresAsync(ProcedureDriver d) => (await d.GetJsonAsync("secretariat", "/api/drafts/TF/convergence"))["totals"]!;

    private static int Figure(JsonNode totals, string name) => totals[name]!.GetValue<int>();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TwoProvisions_SilenceKept_BothAdoptedInANewRevisionMadeByTheProcedure(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var ids = await DraftAsync(d);

        var key = await LaunchOnTwoAsync(d, ids);

        var running = await d.ProcedureAsync(key);
        Assert.Equal(2, running["provisions"]!.AsArray().Count);
        Assert.All(running["provisions"]!.AsArray(), p => Assert.Equal("Running", p!["state"]!.GetValue<string>()));
        // The text circulated: the article around the provisions, their proposed final wording marked.
        var text = running["text"]!.GetValue<string>();
        Assert.Contains("Article 1: Scope", text, StringComparison.Ordinal);
        Assert.Contains(">> 1. This Protocol applies to trade in goods and services between the Parties.", text, StringComparison.Ordinal);
        Assert.Contains(">> 2. Each Party shall publish its laws within 90 days of their adoption.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Article 2", text, StringComparison.Ordinal);
        Assert.Equal(2, Figure(await FiguresAsync(d), "underWrittenProcedure"));
        Assert.Contains(await d.MessagesAsync(key, "circulated"), m => m.To.Any(a => a.Address == "focal.kaz@example.org"));
        // The circulation tells each party, in its language, that an objection may give a wording per provision.
        await d.AdvanceAsync(TimeSpan.FromSeconds(1));
        string Circulation(string address) => Directory.EnumerateFiles(Path.Combine(d.Data.Folder, "mail"), "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .First(m => (m.Subject ?? "").Contains(key, StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == address)).TextBody ?? "";
        Assert.Contains("an objection may propose its own wording for each of them, or one wording for all", Circulation("focal.mon@example.org"), StringComparison.Ordinal);
        Assert.Contains("возражение может предлагать свою редакцию для каждого из них", Circulation("focal.kaz@example.org"), StringComparison.Ordinal);

        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 15, 17));

        var closed = await d.ProcedureAsync(key);
        Assert.Equal("Adopted", closed["state"]!.GetValue<string>());
        Assert.Equal(2, closed["revision"]!.GetValue<int>());
        Assert.All(closed["provisions"]!.AsArray(), p => Assert.Equal("Adopted", p!["state"]!.GetValue<string>()));
        var draft = await d.GetJsonAsync("secretariat", "/api/drafts/TF");
        var revision = draft["revisions"]!.AsArray().Last()!;
        Assert.Equal(2, revision["revision"]!.GetValue<int>());
        Assert.Equal("WrittenProcedure", revision["source"]!.GetValue<string>());
        Assert.Equal(key, revision["sourceReference"]!.GetValue<string>());
        Assert.NotNull(revision["circulatedAt"]);
        var markdown = await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=markdown");
        Assert.Contains("1. This Protocol applies to trade in goods and services between the Parties.", markdown, StringComparison.Ordinal);
        Assert.Contains("2. Each Party shall publish its laws within 90 days of their adoption.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[", markdown.Replace("{#", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var figures = await FiguresAsync(d);
        Assert.Equal(2, Figure(figures, "adoptedByWrittenProcedure"));
        Assert.Equal(0, Figure(figures, "underWrittenProcedure"));
        Assert.Equal(0, Figure(figures, "bracketed"));
        var record = await d.GetTextAsync("secretariat", $"/api/procedures/{key}/record");
        Assert.Contains($"Article 1, paragraph 1 ({ids.P1}) of revision 1", record, StringComparison.Ordinal);
        Assert.Contains("revision 2 of the TF draft", record, StringComparison.Ordinal);
        Assert.NotEmpty(await d.MessagesAsync(key, "adopted"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TwoProvisions_Objection_BothReferredWithTheObjectionsWordingAndNoRevision(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var ids = await DraftAsync(d);
        var key = await LaunchOnTwoAsync(d, ids);
        using var objected = await d.RespondAsync("fp-kaz", key, "object", reason: "Ninety days is too short for our parliament.");
        Assert.Equal(HttpStatusCode.OK, objected.StatusCode);

        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 15, 17));

        Assert.Equal("NotAdopted", (await d.ProcedureAsync(key))["state"]!.GetValue<string>());
        var referrals = (await d.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray();
        Assert.Equal(2, referrals.Count);
        Assert.Equal(new[] { ids.P1, ids.P2 }.Order(StringComparer.Ordinal), referrals.Select(r => r!["provision"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(referrals, r =>
        {
            Assert.Equal("KAZ", r!["party"]!.GetValue<string>());
            Assert.Equal(key, r["procedure"]!.GetValue<string>());
            Assert.Equal("Ninety days is too short for our parliament.", r["reason"]!.GetValue<string>());
            Assert.Equal("Each Party shall endeavour to publish…", r["proposedWording"]!.GetValue<string>());
            Assert.False(r["carried"]!.GetValue<bool>());
        });
        Assert.Single((await d.GetJsonAsync("secretariat", "/api/drafts/TF"))["revisions"]!.AsArray());
        Assert.Equal(2, Figure(await FiguresAsync(d), "referredToWorkingGroup"));
        // An observer reads the text and the outcome, not the parties' objections.
        using var observer = await d.SendAsync(HttpMethod.Get, "obs-aze", "/api/drafts/TF/referrals");
        Assert.Equal(HttpStatusCode.Forbidden, observer.StatusCode);

        // The next round takes the referrals up as proposals: carried, they leave the agenda and the status is the text's again.
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            var pending = await ProvisionProcedures.PendingReferralsAsync(db, "TF");
            Assert.Equal(2, pending.Count);
            Assert.Equal(2, await ProvisionProcedures.MarkCarriedAsync(db, "TF", pending.Select(p => p.Id), "TF-R2", d.Data.Time.GetUtcNow()));
            await db.SaveChangesAsync();
            Assert.Empty(await ProvisionProcedures.PendingReferralsAsync(db, "TF"));
        }

        var figures = await FiguresAsync(d);
        Assert.Equal(0, Figure(figures, "referredToWorkingGroup"));
        Assert.Equal(2, Figure(figures, "bracketed"));
        Assert.Empty((await d.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray());
        Assert.Equal(2, (await d.GetJsonAsync("secretariat", "/api/drafts/TF/referrals?all=true")).AsArray().Count);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TwoProvisions_Withdrawn_StatusesAsTheyWereAndTheProvisionsFreeForAnotherProcedure(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var ids = await DraftAsync(d);
        var before = (await FiguresAsync(d)).ToJsonString();
        var key = await LaunchOnTwoAsync(d, ids);
        Assert.Equal(2, Figure(await FiguresAsync(d), "underWrittenProcedure"));

        using var withdrawn = await d.PostAsync("secretariat", $"/api/procedures/{key}/withdrawal", new { reason = "The parties asked for a meeting first." });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        Assert.Equal(before, (await FiguresAsync(d)).ToJsonString());
        var closed = await d.ProcedureAsync(key);
        Assert.All(closed["provisions"]!.AsArray(), p => Assert.Equal("Withdrawn", p!["state"]!.GetValue<string>()));
        Assert.Null(closed["revision"]);
        Assert.Single((await d.GetJsonAsync("secretariat", "/api/drafts/TF"))["revisions"]!.AsArray());
        Assert.NotEqual(key, await LaunchOnTwoAsync(d, ids));
    }

    private static string ErrorAt(string field, string message) => $"<p id=\"{field}-error\" class=\"error\" role=\"alert\">{message}</p>";

    [Fact]
    public async Task LaunchPage_RefusalsAtTheirField_InEnglishAndInRussian()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var ids = await DraftAsync(d);
        var key = await LaunchOnTwoAsync(d, ids);
        using var english = await PageSession.SignInAsync(d.Host, "secretariat");
        using var russian = await PageSession.SignInAsync(d.Host, "secretariat");
        await russian.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });
        Dictionary<string, string> Form(string provision, string deadline) => new() { ["provision"] = provision, ["BasedOn"] = "1", ["Deadline"] = deadline };

        var taken = await english.PostFormAsync($"/drafts/TF/procedure?provision={ids.P2}", Form(ids.P2, Deadline));
        var takenRu = await russian.PostFormAsync($"/drafts/TF/procedure?provision={ids.P2}", Form(ids.P2, Deadline));
        var unreadable = await russian.PostFormAsync($"/drafts/TF/procedure?provision={ids.P3}", Form(ids.P3, "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains(ErrorAt("provisions[0]", $"Article 1, paragraph 2 is already under written procedure {key}."), await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, takenRu.StatusCode);
        Assert.Contains(ErrorAt("provisions[0]", $"Article 1, paragraph 2 уже вынесено на письменную процедуру {key}."), await takenRu.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains(ErrorAt("deadline", "«soon» — не срок: укажите местное время Секретариата (Asia/Manila) в виде 2026-07-01T17:00."), await unreadable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await d.Host.Engine.ListAsync("written-procedure"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Launch_Refused_AlreadyUnderProcedure_StaleRevision_NotTheSecretariat_NoProvision(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        var ids = await DraftAsync(d);
        var key = await LaunchOnTwoAsync(d, ids);
        var procedures = (await d.GetJsonAsync("secretariat", "/api/procedures")).AsArray().Count;

        // A provision already under procedure: 409, naming it and the procedure.
        using var twice = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new { basedOn = 1, provisions = new[] { new { provision = ids.P3 }, new { provision = ids.P2 } }, deadline = Deadline });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var problem = JsonNode.Parse(await twice.Content.ReadAsStringAsync())!;
        Assert.Equal("provision-under-procedure", problem["code"]!.GetValue<string>());
        Assert.Contains(key, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Its wording is the one under procedure: the Secretariat cannot edit it meanwhile.
        using var edit = await d.PostAsync("secretariat", $"/api/drafts/TF/provisions/{ids.P2}/wording", new { basedOn = 1, text = "Each Party shall publish its laws." });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);

        // A stale revision: 409 once a newer one exists.
        using var edited = await d.PostAsync("secretariat", $"/api/drafts/TF/provisions/{ids.P3}/wording", new { basedOn = 1, text = "Each Party shall make available the information referred to in Article 1 promptly." });
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        using var stale = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new { basedOn = 1, provisions = new[] { new { provision = ids.P3 } }, deadline = Deadline });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("procedure-draft-moved-on", JsonNode.Parse(await stale.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        // Not the Secretariat: 403.
        using var party = await d.PostAsync("fp-kaz", "/api/drafts/TF/procedures", new { basedOn = 2, provisions = new[] { new { provision = ids.P3 } }, deadline = Deadline });
        Assert.Equal(HttpStatusCode.Forbidden, party.StatusCode);

        // No provision, an unknown one, a choice of an option that does not exist: 400 at the field.
        using var none = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new { basedOn = 2, provisions = Array.Empty<object>(), deadline = Deadline });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.NotNull(JsonNode.Parse(await none.Content.ReadAsStringAsync())!["errors"]!["provisions"]);
        using var unknown = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new { basedOn = 2, provisions = new[] { new { provision = "pzzzzzz" } }, deadline = Deadline });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!["provisions[0]"]);
        using var option = await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new { basedOn = 2, provisions = new object[] { new { provision = ids.P3, choices = new Dictionary<string, int> { [ids.B1] = 0 } } }, deadline = Deadline });
        Assert.Equal(HttpStatusCode.BadRequest, option.StatusCode);
        Assert.Equal("procedure-bracket-unknown", JsonNode.Parse(await option.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        Assert.Equal(procedures, (await d.GetJsonAsync("secretariat", "/api/procedures")).AsArray().Count);
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        Assert.Equal(2, await db.Set<ProcedureProvision>().CountAsync());
    }
}
