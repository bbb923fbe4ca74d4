using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CartifFlow.Negotiation.Drafts;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Drafts;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.WorkingGroups;

/// <summary>Text rounds on the provisions of a structured revision, and their consolidation with provenance, on both databases.</summary>
[Collection(HostTestGroup.Name)]
public sealed class RoundsOnProvisionsTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    internal const string ZeroDraft = """
        ## Article 1: Scope

        1. This Protocol applies to [trade in goods (KAZ, MON)] [trade in goods and services (PRC; supported by UZB)] between the Parties.

        2. Each Party shall publish its laws [within 90 days (KAZ)] [within 150 days (PRC)] of their adoption.

        ## Article 2: Publication

        1. Each Party shall make available the information referred to in Article 1.
        """;

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>The trade facilitation group (GEO, KAZ, MON, PRC, UZB; AZE observing), its zero draft imported as revision 1, a round open on it.</summary>
    internal static async Task<(string Round, DateTimeOffset Deadline, JsonNode Text)> OpenRoundOnZeroDraftAsync(NegotiationDriver d, bool observersMayComment = false)
    {
        await d.ToWorkingGroupsAsync();
        var termsDeadline = d.Now.AddDays(14);
        await d.PostAsync("secretariat", "/api/negotiation/working-groups", new
        {
            area = "TF",
            members = new[] { "GEO", "KAZ", "MON", "PRC", "UZB" },
            observers = new[] { "AZE" },
            termsTitle = "Terms of reference of the working group on trade facilitation",
            termsText = "The group works on the text in writing between its sessions.",
            termsDeadline = Local(termsDeadline),
            observersMayComment,
        }, HttpStatusCode.Created);
        await d.AdvanceToAsync(termsDeadline);
        using (var imported = await DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "TF", ZeroDraft, "Zero draft."))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        var deadline = d.Now.AddDays(10);
        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(deadline) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var text = JsonNode.Parse(await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
        return (round, deadline, text);
    }

    private static string Paragraph(JsonNode text, int article, int paragraph) => text["articles"]![article]!["paragraphs"]![paragraph]!["id"]!.GetValue<string>();

    private static string BracketOf(JsonNode text, int article, int paragraph) =>
        text["articles"]![article]!["paragraphs"]![paragraph]!["content"]!.AsArray().First(s => s!["kind"]!.GetValue<string>() == "bracket")!["id"]!.GetValue<string>();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ThreePartiesProposeOnOneBracket_TheConsolidationDecidesEach_AndRevisionTwoCarriesTheOptionsAttributedWithEveryProposalOnceInItsProvenance(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(May, provider);
        var (round, deadline, text) = await OpenRoundOnZeroDraftAsync(d);
        var scope = BracketOf(text, 0, 0);
        var days = BracketOf(text, 0, 1);
        var publication = Paragraph(text, 1, 0);
        var circulated = await d.OutboxAsync("round-circulated");
        Assert.Contains("\"convergence\"", circulated[0].ModelJson, StringComparison.Ordinal);

        var c = $"/api/rounds/{round}/comments";
        await d.PostAsync("ln-kaz-tf", c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within 120 days", basedOn = 1 }); // 1
        await d.PostAsync(Fp("MON"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within 45 days" }); // 2
        await d.PostAsync(Fp("GEO"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within sixty days" }); // 3
        await d.PostAsync(Fp("UZB"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "promptly" }); // 4
        await d.PostAsync(Fp("UZB"), c, new { kind = "withdrawal", bracket = scope, option = 2 }); // 5
        await d.PostAsync(Fp("GEO"), c, new { kind = "support", bracket = days, option = 1 }); // 6
        await d.PostAsync(Cn("PRC"), c, new { kind = "proposal", proposal = "replacement", target = publication, text = "Each Party shall promptly make available the information referred to in Article 1." }); // 7
        await d.PostAsync(Fp("KAZ"), c, new { kind = "comments", text = "Kazakhstan will table a single window provision." }); // 8
        // Mongolia changes its proposal until the deadline: both versions are kept, the latest counts.
        await d.PostAsync(Fp("MON"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within 60 days", replaces = 2 });

        // Refused: a proposal written on another revision, a withdrawal of another party's option, a support of an option held already, bad wording.
        Assert.Equal("contribution-other-revision", (await d.PostAsync(Fp("GEO"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "x", basedOn = 2 }, HttpStatusCode.Conflict))!["code"]!.GetValue<string>());
        Assert.Equal("round-option-not-own", (await d.PostAsync(Fp("GEO"), c, new { kind = "withdrawal", bracket = days, option = 2 }, HttpStatusCode.Forbidden))!["code"]!.GetValue<string>());
        await d.PostAsync(Fp("KAZ"), c, new { kind = "support", bracket = days, option = 1 }, HttpStatusCode.Conflict);
        var faulty = await d.PostAsync(Fp("GEO"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within [90 days" }, HttpStatusCode.BadRequest);
        Assert.NotNull(faulty!["errors"]!["text"]);
        await d.PostAsync(Fp("GEO"), c, new { kind = "proposal", proposal = "new-option", text = "x" }, HttpStatusCode.BadRequest);

        var view = await d.GetAsync($"/api/rounds/{round}");
        var mongolia = view["comments"]!.AsArray().Where(x => x!["party"]!.GetValue<string>() == "MON").ToList();
        Assert.Equal([(2, 1, "within 45 days"), (2, 2, "within 60 days")], mongolia.Select(x => (x!["number"]!.GetValue<int>(), x["version"]!.GetValue<int>(), x["text"]!.GetValue<string>())));

        // Nothing is decided before the deadline, nothing is circulated while a proposal has no decision.
        await d.PostAsync("secretariat", $"/api/rounds/{round}/decisions", new { number = 1, decision = "accepted" }, HttpStatusCode.Conflict);
        await d.AdvanceToAsync(deadline);
        var refused = await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { }, HttpStatusCode.Conflict);
        Assert.Equal("proposals-undecided", refused!["code"]!.GetValue<string>());
        var detail = refused["detail"]!.GetValue<string>();
        foreach (var left in new[] { "1 (KAZ, new-option", "2 (MON, new-option", "3 (GEO, new-option", "4 (UZB, new-option", "7 (PRC, replacement on Article 2, paragraph 1)" })
        {
            Assert.Contains(left, detail, StringComparison.Ordinal);
        }

        var decide = $"/api/rounds/{round}/decisions";
        await d.PostAsync("secretariat", decide, new { number = 1, decision = "accepted" });
        await d.PostAsync("secretariat", decide, new { number = 2, decision = "merged", mergedWith = 3, wording = "within 60 days" });
        var noReason = await d.PostAsync("secretariat", decide, new { number = 4, decision = "not-reflected" }, HttpStatusCode.BadRequest);
        Assert.NotNull(noReason!["errors"]!["reason"]);
        await d.PostAsync("secretariat", decide, new { number = 4, decision = "not-reflected", reason = "No time limit is not a time limit; Uzbekistan may support an option." });
        await d.PostAsync("secretariat", decide, new { number = 7, decision = "bracketed" });
        await d.PostAsync("secretariat", decide, new { number = 8, decision = "noted" });
        await d.PostAsync("secretariat", decide, new { number = 6, decision = "accepted" }, HttpStatusCode.BadRequest);
        var stillOne = await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { }, HttpStatusCode.Conflict);
        Assert.Contains("3 (GEO, new-option", stillOne!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("1 (KAZ", stillOne["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await d.PostAsync("secretariat", decide, new { number = 3, decision = "merged", mergedWith = 2 });

        await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { });

        var markdown = await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/2?format=markdown");
        Assert.Contains("[trade in goods (KAZ, MON)] [trade in goods and services (PRC)]", markdown, StringComparison.Ordinal);
        Assert.Contains("[within 90 days (KAZ; supported by GEO)] [within 150 days (PRC)] [within 120 days (KAZ)] [within 60 days (MON, GEO)]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("promptly]", markdown.Split("Article 2")[0], StringComparison.Ordinal);
        Assert.Contains("[Each Party shall make available the information referred to in Article 1.] [Each Party shall promptly make available the information referred to in Article 1. (PRC)]", markdown, StringComparison.Ordinal);

        var record = await d.GetAsync($"/api/rounds/{round}/record");
        var entries = record["provenance"]!["entries"]!.AsArray();
        var proposals = entries.Where(e => e!["kind"]!.GetValue<string>() is "new-option" or "replacement").Select(e => (e!["number"]!.GetValue<int>(), e["party"]!.GetValue<string>(), e["decision"]!.GetValue<string>())).ToList();
        Assert.Equal([(1, "KAZ", "accepted"), (2, "MON", "merged"), (3, "GEO", "merged"), (4, "UZB", "not-reflected"), (7, "PRC", "bracketed")], proposals);
        Assert.Equal(8, entries.Count); // every contribution once: five proposals, a withdrawal, a support, a comment
        Assert.Equal(entries.Count, entries.Select(e => e!["number"]!.GetValue<int>()).Distinct().Count());
        Assert.Equal(["GEO"], entries.Single(e => e!["number"]!.GetValue<int>() == 2)!["with"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("may support an option", entries.Single(e => e!["number"]!.GetValue<int>() == 4)!["reasoning"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(record["unexplained"]!.AsArray());
        Assert.Equal(2, record["consolidated"]!.GetValue<int>());
        var matrix = record["matrix"]!.AsArray();
        Assert.Equal(["Article 1, paragraph 1", "Article 1, paragraph 2", "Article 2, paragraph 1", "General"], matrix.Select(r => r!["provision"]!.GetValue<string>()));
        Assert.Equal(["GEO", "KAZ", "MON", "UZB"], matrix[1]!["cells"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        // The Word export carries the provenance table as an annex, which an import of the file skips.
        using (var docx = await d.P.SendAsync(HttpMethod.Get, "secretariat", "/api/drafts/TF/revisions/2?format=docx"))
        {
            using var file = new MemoryStream();
            await (await docx.Content.ReadAsStreamAsync()).CopyToAsync(file);
            using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false))
            {
                var annex = word.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.SdtBlock>()
                    .Single(b => b.SdtProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.Tag>()?.Val?.Value == "cartif-annex").InnerText;
                Assert.Contains("provenance of revision 2", annex, StringComparison.Ordinal);
                Assert.Contains("may support an option", annex, StringComparison.Ordinal);
                Assert.Contains("within 60 days", annex, StringComparison.Ordinal);
            }

            file.Position = 0;
            var read = CartifFlow.Negotiation.Drafts.DraftDocx.Read(file, new HashSet<string>(["AZE", "PRC", "GEO", "KAZ", "KGZ", "MON", "PAK", "TAJ", "TKM", "UZB"], StringComparer.Ordinal));
            Assert.True(read.Succeeded, string.Join("; ", read.Faults));
            Assert.Equal(markdown, CartifFlow.Negotiation.Drafts.DraftMarkdown.Write(read.Text));
        }

        // The circulation tells the members what happened to each proposal; the working group moves on to revision 2.
        var consolidated = (await d.OutboxAsync("round-consolidated")).First(m => m.ToJson.Contains(FocalMail("UZB"), StringComparison.Ordinal));
        await d.AdvanceToAsync(d.Now.AddMinutes(1));
        var delivered = await d.DeliveredAsync(consolidated.Id);
        Assert.Contains("may support an option", delivered.TextBody + delivered.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(2, (await d.GetAsync("/api/working-groups/TF"))["revision"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task NobodyContributesForAnotherParty_AfterTheDeadline_FromOutsideTheGroup_OrAsAnObserverUnlessTheTermsOfReferenceAllowIt(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(May, provider);
        var (round, deadline, text) = await OpenRoundOnZeroDraftAsync(d);
        var c = $"/api/rounds/{round}/comments";
        var days = BracketOf(text, 0, 1);

        await d.PostAsync(Fp("GEO"), c, new { kind = "proposal", proposal = "new-option", bracket = days, text = "within 30 days", party = "KAZ" }, HttpStatusCode.Forbidden);
        Assert.Equal("party-not-member", (await d.PostAsync(Fp("PAK"), c, new { kind = "comments", text = "Pakistan is not in this group." }, HttpStatusCode.Forbidden))!["code"]!.GetValue<string>());
        Assert.Equal("party-not-member", (await d.PostAsync("obs-aze", c, new { kind = "comments", text = "Azerbaijan observes." }, HttpStatusCode.Forbidden))!["code"]!.GetValue<string>());
        await d.PostAsync(Fp("GEO"), c, new { kind = "no-comments" });
        await d.AdvanceToAsync(deadline);
        await d.PostAsync(Fp("KAZ"), c, new { kind = "comments", text = "Too late." }, HttpStatusCode.Conflict);
        Assert.Single((await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray());
    }

    [Fact]
    public async Task AnObserver_CommentsWhenTheTermsOfReferenceAllowIt_ButNeverProposes()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, _, text) = await OpenRoundOnZeroDraftAsync(d, observersMayComment: true);
        var c = $"/api/rounds/{round}/comments";

        await d.PostAsync("obs-aze", c, new { kind = "comments", target = Paragraph(text, 1, 0), text = "Azerbaijan publishes within 30 days." });
        var proposal = await d.PostAsync("obs-aze", c, new { kind = "proposal", proposal = "new-option", bracket = BracketOf(text, 0, 1), text = "within 30 days" }, HttpStatusCode.Forbidden);

        Assert.Equal("observer-comments-only", proposal!["code"]!.GetValue<string>());
        Assert.Equal(("AZE", "Article 2, paragraph 1"), ((await d.GetAsync($"/api/rounds/{round}"))["comments"]![0]!["party"]!.GetValue<string>(), (await d.GetAsync($"/api/rounds/{round}"))["comments"]![0]!["provision"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheZeroDraftImportedFromWord_ConvergesFromRevisionToRevision_AsRoundsSettleItsBrackets()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        var zero = SampleDrafts.Generate(articles: 3, seed: 11);
        using (var docx = new MemoryStream())
        {
            DraftDocx.Write(zero, new DraftCover("TF", "Trade Facilitation Protocol", 1, new DateOnly(2026, 6, 1), Convergence.Measure(zero).Totals), docx);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/drafts/TF/revisions", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await d.P.TokenAsync("secretariat"));
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(docx.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            form.Add(file, "file", "tf-zero-draft.docx");
            request.Content = form;
            using var imported = await d.P.Client.SendAsync(request);
            Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        }

        var figures = new List<ConvergenceFigures>();
        for (var r = 1; r <= 2; r++)
        {
            var deadline = d.Now.AddDays(10);
            var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(deadline) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
            var revision = (await d.GetAsync($"/api/rounds/{round}"))["revision"]!.GetValue<int>();
            var text = DraftJson.Deserialize(await d.P.GetTextAsync("secretariat", $"/api/drafts/TF/revisions/{revision}?format=json"));
            figures.Add(Convergence.Measure(text).Totals);

            // Two parties each propose settled wording for a bracketed paragraph; the Secretariat accepts both.
            var bracketed = DraftProvisions.All(text).Where(p => p.Paragraph is { } para && para.Content.Any(s => s is Bracket)).Take(2).ToList();
            Assert.Equal(2, bracketed.Count);
            await d.PostAsync(Fp("KAZ"), $"/api/rounds/{round}/comments", new { kind = "proposal", proposal = "replacement", target = bracketed[0].Id, text = $"Each Party shall cooperate on this matter as agreed in round {r}.", basedOn = revision });
            await d.PostAsync(Fp("MON"), $"/api/rounds/{round}/comments", new { kind = "proposal", proposal = "replacement", target = bracketed[1].Id, text = $"The Parties shall review this provision as agreed in round {r}.", basedOn = revision });
            await d.AdvanceToAsync(deadline);
            await d.PostAsync("secretariat", $"/api/rounds/{round}/decisions", new { number = 1, decision = "accepted" });
            await d.PostAsync("secretariat", $"/api/rounds/{round}/decisions", new { number = 2, decision = "accepted" });
            await d.PostAsync("secretariat", $"/api/rounds/{round}/consolidation", new { });
            Assert.Empty((await d.GetAsync($"/api/rounds/{round}/record"))["unexplained"]!.AsArray());
        }

        var last = DraftJson.Deserialize(await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/3?format=json"));
        figures.Add(Convergence.Measure(last).Totals);
        for (var i = 1; i < figures.Count; i++)
        {
            Assert.True(figures[i].Bracketed < figures[i - 1].Bracketed, $"revision {i + 1}: {figures[i].Bracketed} bracketed provisions, revision {i}: {figures[i - 1].Bracketed}");
            Assert.True(figures[i].ShareOfWordsOutsideBrackets > figures[i - 1].ShareOfWordsOutsideBrackets, $"revision {i + 1}: words outside brackets did not rise");
        }
    }

    [Fact]
    public async Task AProposalCarriedOver_IsTakenByTheNextRound_OnThePartysBehalf_WithItsSource()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF", ["GEO", "KAZ", "MON", "PRC", "UZB"]);
        using (var imported = await DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "TF", ZeroDraft))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        var text = JsonNode.Parse(await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
        await using (var db = d.P.Host.Services.GetRequiredService<CartifFlow.Infrastructure.Persistence.ICartifFlowDbContextFactory>().Create())
        {
            db.Set<CartifFlow.Negotiation.Rounds.CarriedProposal>().Add(new CartifFlow.Negotiation.Rounds.CarriedProposal
            {
                AreaCode = "TF",
                PartyCode = "PRC",
                Target = Paragraph(text, 1, 0),
                Proposal = CartifFlow.Negotiation.Rounds.ProposalKind.Replacement,
                Wording = "Each Party shall make available, in English, the information referred to in Article 1.",
                Source = "objection in written procedure WP-TF-1",
                At = d.Now,
            });
            await db.SaveChangesAsync();
        }

        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(d.Now.AddDays(10)) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var taken = (await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray().Single()!;
        Assert.Equal(("PRC", "replacement", "objection in written procedure WP-TF-1", "system"), (taken["party"]!.GetValue<string>(), taken["kind"]!.GetValue<string>(), taken["source"]!.GetValue<string>(), taken["by"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task AWrittenProceduresObjection_IsTakenByTheNextRound_AsTheObjectingPartysProposal_AndLeavesTheAgenda(string provider)
    {
        await using var d = await NegotiationDriver.StartAsync(May, provider);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF", ["GEO", "KAZ", "MON", "PRC", "UZB"]);
        using (var imported = await DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "TF", ZeroDraft))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        // A written procedure on Article 2, paragraph 1 (agreed in substance); Kazakhstan objects with its own wording.
        var text = JsonNode.Parse(await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
        var provision = Paragraph(text, 1, 0);
        var deadline = d.Now.AddDays(28);
        var procedure = (await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new
        {
            basedOn = 1,
            provisions = new[] { new { provision } },
            deadline = Local(deadline),
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        using (var objected = await d.P.RespondAsync("fp-kaz", procedure, "object", reason: "The information must also be published in Russian."))
        {
            Assert.Equal(HttpStatusCode.OK, objected.StatusCode);
        }

        await d.AdvanceToAsync(deadline.AddHours(1));
        Assert.Single((await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray());

        // The next round opens with Kazakhstan's wording as its proposal to replace the paragraph, from the procedure.
        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(d.Now.AddDays(10)) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        var taken = (await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray().Single()!;
        Assert.Equal(("KAZ", "replacement", $"objection in written procedure {procedure}", "system"), (taken["party"]!.GetValue<string>(), taken["kind"]!.GetValue<string>(), taken["source"]!.GetValue<string>(), taken["by"]!.GetValue<string>()));
        Assert.Equal("Each Party shall endeavour to publish…", taken["text"]!.GetValue<string>());

        // Carried into the round, the referral leaves the group's agenda (still on record).
        Assert.Empty((await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray());
        var all = (await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals?all=true")).AsArray().Single()!;
        Assert.Equal(round, all["carriedInto"]!.GetValue<string>());
    }
}
