using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Drafts;

/// <summary>The drafts API on the real host: imports as engine steps, faults refused whole, who reads what, private notes.</summary>
[Collection(HostTestGroup.Name)]
public sealed class DraftsApiTests
{
    internal const string Text = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ, MON)] [trade in goods and services (PRC; supported by UZB)] between the Parties.

        2. Each Party shall publish its laws [within 90 days (KAZ)] [within 150 days (PRC)] of their adoption.

        ## Article 2: Publication

        1. Each Party shall make available the information referred to in Article 1.
        """;

    internal const string SecondText = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ, MON, GEO)] [trade in goods and services (PRC; supported by UZB)] between the Parties.

        2. Each Party shall publish its laws within 90 days of their adoption.

        ## Article 2: Publication

        1. Each Party shall make available the information referred to in Article 1.
        """;

    // Three faults: a bracket never closed, an article number used twice, an empty option.
    private const string Faulty = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ) between the Parties.

        ## Article 1: Scope again

        1. Each Party shall publish [] its laws.
        """;

    internal static async Task<HttpResponseMessage> ImportMarkdownAsync(ProcedureDriver d, string person, string area, string markdown, string? note = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/drafts/{area}/revisions" + (note is null ? "" : "?note=" + Uri.EscapeDataString(note)), UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await d.TokenAsync(person));
        request.Content = new StringContent(markdown, Encoding.UTF8, "text/markdown");
        return await d.Client.SendAsync(request);
    }

    internal static async Task<HttpResponseMessage> SendAsync(ProcedureDriver d, HttpMethod method, string person, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await d.TokenAsync(person));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await d.Client.SendAsync(request);
    }

    private static async Task<(int Revisions, int Events, bool Intact)> RecordAsync(ProcedureDriver d, string area)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var revisions = await db.Set<DraftRevision>().CountAsync(r => r.AreaCode == area);
        var instance = await d.Host.Engine.FindAsync("draft", area);
        if (instance is null)
        {
            return (revisions, 0, true);
        }

        var chain = await d.Host.Engine.VerifyAuditChainAsync(instance.Id);
        return (revisions, chain.Events, chain.Intact);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ImportWithFaults_ListsEveryFaultWithItsLocation_SavesNothingAndLeavesTheAuditChainAsItWas(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);
        using var first = await ImportMarkdownAsync(d, "secretariat", "TF", Text, "Zero draft.");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await RecordAsync(d, "TF");
        Assert.Equal((1, 2, true), before); // the draft's start and the import, chained

        using var refused = await ImportMarkdownAsync(d, "secretariat", "TF", Faulty);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var messages = problem["errors"]!["file"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        var faults = problem["faults"]!.AsArray().Select(f => (Kind: f!["kind"]!.GetValue<string>(), Location: f["location"]!.GetValue<string>())).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal(3, faults.Count);
        Assert.Contains(faults, f => f.Kind == "BracketNeverClosed" && f.Location == "Article 1, paragraph 1 (line 3)");
        Assert.Contains(faults, f => f.Kind == "DuplicateArticleNumber" && f.Location.StartsWith("Article 1", StringComparison.Ordinal));
        Assert.Contains(faults, f => f.Kind == "EmptyOption" && f.Location.Contains("(line 7)", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.StartsWith("Article 1", m, StringComparison.Ordinal));
        Assert.Equal(before, await RecordAsync(d, "TF"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task FirstImportWithFaults_StartsNoDraft(string provider)
    {
        await using var d = await ProcedureDriver.StartAsync(provider);

        using var refused = await ImportMarkdownAsync(d, "secretariat", "IF", Faulty);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal((0, 0, true), await RecordAsync(d, "IF"));
        Assert.Null(await d.Host.Engine.FindAsync("draft", "IF"));
    }

    [Fact]
    public async Task ImportEditAndCirculation_AreStepsOfTheDraftAuditedInItsHashChain()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var first = await ImportMarkdownAsync(d, "secretariat", "TF", Text);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/drafts/TF/revisions/1", first.Headers.Location?.OriginalString);
        var text = JsonNode.Parse(await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
        var paragraph = text["articles"]![0]!["paragraphs"]![1]!["id"]!.GetValue<string>();

        using var edited = await SendAsync(d, HttpMethod.Post, "secretariat", $"/api/drafts/TF/provisions/{paragraph}/wording", new { basedOn = 1, text = "Each Party shall publish its laws [within 90 days (KAZ)] [within 120 days (MON)] [within 150 days (PRC)] of their adoption." });
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        using var stale = await SendAsync(d, HttpMethod.Post, "secretariat", $"/api/drafts/TF/provisions/{paragraph}/wording", new { basedOn = 1, text = "Each Party shall publish its laws." });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("draft-moved-on", JsonNode.Parse(await stale.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        using var circulated = await SendAsync(d, HttpMethod.Post, "secretariat", "/api/drafts/TF/revisions/2/circulation");
        Assert.Equal(HttpStatusCode.OK, circulated.StatusCode);

        var instance = (await d.Host.Engine.FindAsync("draft", "TF"))!;
        var history = await d.Host.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(["(start)", "import-revision", "edit-provision", "circulate-revision"], history.Select(h => h.Trigger).ToList());
        Assert.True((await d.Host.Engine.VerifyAuditChainAsync(instance.Id)).Intact);
        var second = JsonNode.Parse(await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=json"))!;
        Assert.Equal(paragraph, second["articles"]![0]!["paragraphs"]![1]!["id"]!.GetValue<string>());
        Assert.Contains("within 120 days (MON)", await d.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=markdown"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportWord_AFileTheLibraryWrote_IsRevisionOne_AndExportsBackToWord()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var generated = SampleDrafts.Generate(articles: 6, seed: 7);
        using var docx = new MemoryStream();
        DraftDocx.Write(generated, new DraftCover("TF", "Trade Facilitation Protocol", 1, new DateOnly(2026, 9, 1), Convergence.Measure(generated).Totals), docx);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/drafts/TF/revisions", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await d.TokenAsync("secretariat"));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(docx.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        form.Add(file, "file", "tf-zero-draft.docx");
        form.Add(new StringContent("Zero draft."), "note");
        request.Content = form;

        using var response = await d.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var revision = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("tf-zero-draft.docx", "Zero draft.", "Import"), (revision["document"]!.GetValue<string>(), revision["note"]!.GetValue<string>(), revision["source"]!.GetValue<string>()));
        var exported = await SendAsync(d, HttpMethod.Get, "fp-kaz", "/api/drafts/TF/revisions/1?format=docx");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var back = DraftDocx.Read(await exported.Content.ReadAsStreamAsync(), SampleDrafts.PartyCodes);
        Assert.True(back.Succeeded, string.Join("; ", back.Faults));
        Assert.Equal(await d.GetTextAsync("fp-kaz", "/api/drafts/TF/revisions/1?format=markdown"), DraftMarkdown.Write(back.Text));
        Assert.Equal(DraftProvisions.All(generated).Count, DraftProvisions.All(back.Text).Count);
        var convergence = await d.GetJsonAsync("cn-mon", "/api/drafts/TF/convergence");
        Assert.Equal(Convergence.Measure(generated).Totals.OpenBrackets, convergence["totals"]!["openBrackets"]!.GetValue<int>());
    }

    [Fact]
    public async Task Readers_AMemberReadsEveryRevision_AnObserverCirculatedOnes_AnotherAreasExpertNone()
    {
        await using var d = await ProcedureDriver.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await ImportMarkdownAsync(d, "secretariat", "FA", Text)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Post, "secretariat", "/api/drafts/FA/revisions/1/circulation")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ImportMarkdownAsync(d, "secretariat", "FA", SecondText)).StatusCode);

        async Task<List<int>> RevisionsAsync(string person) =>
            [.. (await d.GetJsonAsync(person, "/api/drafts/FA"))["revisions"]!.AsArray().Select(r => r!["revision"]!.GetValue<int>())];

        Assert.Equal([1, 2], await RevisionsAsync("fp-kaz"));
        Assert.Equal([1, 2], await RevisionsAsync("cn-mon"));
        Assert.Equal([1], await RevisionsAsync("obs-aze"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Get, "obs-aze", "/api/drafts/FA/revisions/1?format=markdown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(d, HttpMethod.Get, "obs-aze", "/api/drafts/FA/revisions/2?format=markdown")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(d, HttpMethod.Get, "obs-aze", "/api/drafts/FA/compare?from=1&to=2")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportMarkdownAsync(d, "obs-aze", "FA", Text)).StatusCode);

        // A protocol is read by its people: Kazakhstan's lead negotiator for it, not Mongolia's expert for another protocol.
        Assert.Equal(HttpStatusCode.Created, (await ImportMarkdownAsync(d, "secretariat", "TF", Text)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Get, "ln-kaz-tf", "/api/drafts/TF/revisions/1?format=markdown")).StatusCode);
        using var refused = await SendAsync(d, HttpMethod.Get, "te-mon-dt", "/api/drafts/TF");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(d, HttpMethod.Get, "te-mon-dt", "/api/drafts/TF/revisions/1?format=json")).StatusCode);
        Assert.DoesNotContain((await d.GetJsonAsync("te-mon-dt", "/api/drafts")).AsArray(), a => a!["area"]!.GetValue<string>() == "TF");
    }

    [Fact]
    public async Task WorkingGroup_AMemberReadsItsAreasDraft_APartyOutsideTheGroupIsRefused_InTheApiAndThePages()
    {
        await using var n = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await n.ToWorkingGroupsAsync();
        await n.EstablishWorkingGroupAsync("TF", ["KAZ", "PRC", "UZB"]);
        Assert.Equal(HttpStatusCode.Created, (await ImportMarkdownAsync(n.P, "secretariat", "TF", Text)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(n.P, HttpMethod.Get, "cn-kaz", "/api/drafts/TF/revisions/1?format=html")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(n.P, HttpMethod.Get, "fp-mon", "/api/drafts/TF")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(n.P, HttpMethod.Get, "fp-mon", "/api/drafts/TF/revisions/1?format=json")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(n.P, HttpMethod.Get, "fp-mon", "/api/drafts/TF/notes")).StatusCode);
        Assert.DoesNotContain((await n.P.GetJsonAsync("fp-mon", "/api/drafts")).AsArray(), a => a!["area"]!.GetValue<string>() == "TF");
        using var mon = await PageSession.SignInAsync(n.P.Host, "fp-mon");
        Assert.Equal(HttpStatusCode.Forbidden, (await mon.GetAsync("/drafts/TF")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mon.GetAsync("/drafts/TF/revisions/1")).StatusCode);
        using var kaz = await PageSession.SignInAsync(n.P.Host, "fp-kaz");
        Assert.Equal(HttpStatusCode.OK, (await kaz.GetAsync("/drafts/TF")).StatusCode);

        // The working group's page shows its area's convergence and the chart across revisions, as the draft's page.
        using var secretariat = await PageSession.SignInAsync(n.P.Host, "secretariat");
        var group = await (await secretariat.GetAsync("/working-groups/TF")).Content.ReadAsStringAsync();
        var draft = await (await secretariat.GetAsync("/drafts/TF")).Content.ReadAsStringAsync();
        Assert.Contains("<svg", group, StringComparison.Ordinal);
        Assert.Contains("<title>Convergence across revisions</title>", group, StringComparison.Ordinal);
        Assert.Contains("Convergence of revision 1", group, StringComparison.Ordinal);
        string Figures(string html) => html[html.IndexOf("<p id=\"figures\">", StringComparison.Ordinal)..][..html[html.IndexOf("<p id=\"figures\">", StringComparison.Ordinal)..].IndexOf("</p>", StringComparison.Ordinal)];
        Assert.Equal(Figures(draft), Figures(group));
    }

    [Fact]
    public async Task PrivateNotes_AreReadByTheirPartyOnly_NeverByAnotherPartyOrTheSecretariat()
    {
        await using var d = await ProcedureDriver.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await ImportMarkdownAsync(d, "secretariat", "FA", Text)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Post, "secretariat", "/api/drafts/FA/revisions/1/circulation")).StatusCode);
        var text = JsonNode.Parse(await d.GetTextAsync("secretariat", "/api/drafts/FA/revisions/1?format=json"))!;
        var paragraph = text["articles"]![0]!["paragraphs"]![0]!["id"]!.GetValue<string>();
        const string Secret = "KAZ only: the ministry of trade prefers the first option.";

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Put, "fp-kaz", $"/api/drafts/FA/notes/{paragraph}", new { text = Secret })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(d, HttpMethod.Put, "fp-mon", $"/api/drafts/FA/notes/{paragraph}", new { text = "Mongolia's own note." })).StatusCode);

        var kazNotes = await d.GetJsonAsync("cn-kaz", "/api/drafts/FA/notes");
        Assert.Equal(Secret, Assert.Single(kazNotes.AsArray())!["text"]!.GetValue<string>());
        var monNotes = await d.GetJsonAsync("fp-mon", "/api/drafts/FA/notes");
        Assert.Equal("Mongolia's own note.", Assert.Single(monNotes.AsArray())!["text"]!.GetValue<string>());
        Assert.Empty((await d.GetJsonAsync("obs-aze", "/api/drafts/FA/notes")).AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(d, HttpMethod.Get, "secretariat", "/api/drafts/FA/notes")).StatusCode);
        foreach (var person in new[] { "fp-mon", "obs-aze", "secretariat" })
        {
            foreach (var url in new[] { "/api/drafts/FA", "/api/drafts/FA/revisions/1?format=json", "/api/drafts/FA/revisions/1?format=html", "/api/drafts/FA/revisions/1?format=markdown", "/api/drafts/FA/convergence" })
            {
                Assert.DoesNotContain("ministry of trade", await d.GetTextAsync(person, url), StringComparison.Ordinal);
            }
        }

        // The pages too: Kazakhstan's people see the note; Mongolia's, the observer's and the Secretariat's pages do not.
        using var kaz = await PageSession.SignInAsync(d.Host, "cn-kaz");
        Assert.Contains("ministry of trade", await (await kaz.GetAsync("/drafts/FA")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var person in new[] { "fp-mon", "obs-aze", "secretariat" })
        {
            using var session = await PageSession.SignInAsync(d.Host, person);
            var page = await session.GetAsync("/drafts/FA");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("ministry of trade", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
