using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Drafts;
using CartifFlow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.WorkingGroups;

/// <summary>What the area's next round gets from a written procedure on provisions that was not adopted.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ReferralsIntoRoundsTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    private static string Paragraph(JsonNode text, int article, int paragraph) => text["articles"]![article]!["paragraphs"]![paragraph]!["id"]!.GetValue<string>();

    private static async Task<JsonNode> ZeroDraftAsync(NegotiationDriver d)
    {
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF", ["GEO", "KAZ", "MON", "PRC", "UZB"]);
        using (var imported = await DraftsApiTests.ImportMarkdownAsync(d.P, "secretariat", "TF", RoundsOnProvisionsTests.ZeroDraft))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        return JsonNode.Parse(await d.P.GetTextAsync("secretariat", "/api/drafts/TF/revisions/1?format=json"))!;
    }

    private static async Task<List<(string Party, string Target, string Text)>> TakenAsync(NegotiationDriver d, string round) =>
        [.. (await d.GetAsync($"/api/rounds/{round}"))["comments"]!.AsArray()
            .Select(c => (c!["party"]!.GetValue<string>(), c["target"]!.GetValue<string>(), c["text"]!.GetValue<string>()))
            .OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal)];

    [Fact]
    public async Task AnObjectionOnTwoProvisions_GivesEachItsOwnWording_ThroughTheApiTheFormOrTheLink_AndTheNextRoundTakesEachAsTheProvisionsProposal()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var text = await ZeroDraftAsync(d);
        var scope = Paragraph(text, 0, 0);
        var publication = Paragraph(text, 1, 0);
        var deadline = d.Now.AddDays(28);
        var procedure = (await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new
        {
            basedOn = 1,
            provisions = new[] { new { provision = scope, wording = (string?)"This Protocol applies to trade in goods and services between the Parties." }, new { provision = publication, wording = (string?)null } },
            deadline = Local(deadline),
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        // Kazakhstan objects through the API with a wording for each provision; a wording for a provision the procedure
        // is not on, or with an agreement, is refused.
        var respond = $"/api/procedures/{procedure}/responses";
        var unknown = await d.PostAsync(Fp("KAZ"), respond, new { kind = "object", reason = "x", wordings = new Dictionary<string, string> { [Paragraph(text, 0, 1)] = "x" } }, HttpStatusCode.BadRequest);
        Assert.NotNull(unknown!["errors"]!["wordings"]);
        await d.PostAsync(Fp("KAZ"), respond, new { kind = "agree", wordings = new Dictionary<string, string> { [scope] = "x" } }, HttpStatusCode.BadRequest);
        await d.PostAsync(Fp("KAZ"), respond, new
        {
            kind = "object",
            reason = "Services are not covered; publication must be in Russian too.",
            wordings = new Dictionary<string, string>
            {
                [scope] = "This Protocol applies to trade in goods between the Parties.",
                [publication] = "Each Party shall make available, in English and Russian, the information referred to in Article 1.",
            },
        });
        var kazakhstan = (await d.P.ProcedureAsync(procedure))["responses"]!.AsArray().Single()!;
        Assert.Equal(2, kazakhstan["wordings"]!.AsObject().Count);

        // Mongolia objects from the form: a wording for the scope only, its general wording for the rest.
        using (var mongolia = await PageSession.SignInAsync(d.P.Host, Fp("MON")))
        {
            var form = await (await mongolia.GetAsync($"/procedures/{procedure}/respond/MON")).Content.ReadAsStringAsync();
            Assert.Contains($"name=\"Wordings[{scope}]\"", form, StringComparison.Ordinal);
            Assert.Contains($"name=\"Wordings[{publication}]\"", form, StringComparison.Ordinal);
            using var posted = await mongolia.PostFormAsync($"/procedures/{procedure}/respond/MON", new()
            {
                ["Kind"] = "object",
                ["Reason"] = "Mongolia prefers a narrower scope.",
                ["ProposedWording"] = "Each Party shall make available the information referred to in Article 1 within 30 days.",
                [$"Wordings[{scope}]"] = "This Protocol applies to trade in goods originating in the Parties.",
            }, $"/procedures/{procedure}/respond/MON");
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        // China objects from its e-mail's link: a wording for the publication only, none for all of them.
        var link = new Uri(d.P.Host.Services.GetRequiredService<CartifFlow.Web.Authentication.OneClickLinks>().Link(Fp("PRC"), procedure, CartifFlow.Web.Authentication.OneClickLinks.View, deadline));
        using (var china = new PageSession(d.P.Host))
        {
            Assert.Contains($"name=\"Wordings[{publication}]\"", await (await china.GetAsync(link.PathAndQuery)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var answered = await china.PostFormAsync("/act", new()
            {
                ["t"] = Uri.UnescapeDataString(link.Query["?t=".Length..]),
                ["Kind"] = "object",
                ["Reason"] = "China asks for publication in Chinese.",
                [$"Wordings[{publication}]"] = "Each Party shall make available, in its official language, the information referred to in Article 1.",
            });
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        await d.AdvanceToAsync(deadline.AddHours(1));
        Assert.Equal(6, (await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray().Count);

        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(d.Now.AddDays(10)) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

        var expected = new List<(string, string, string)>
        {
            ("KAZ", scope, "This Protocol applies to trade in goods between the Parties."),
            ("KAZ", publication, "Each Party shall make available, in English and Russian, the information referred to in Article 1."),
            ("MON", scope, "This Protocol applies to trade in goods originating in the Parties."),
            ("MON", publication, "Each Party shall make available the information referred to in Article 1 within 30 days."),
            ("PRC", scope, "China asks for publication in Chinese."), // a reason without wording: its comment on the provision
            ("PRC", publication, "Each Party shall make available, in its official language, the information referred to in Article 1."),
        }.OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await TakenAsync(d, round));
        Assert.Empty((await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray());
    }

    [Fact]
    public async Task AProcedureEscalatedWithoutAnObjection_AndClosed_RefersTheProvisionWithoutAParty_WhichTheNextRoundLeavesOnTheAgenda()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var text = await ZeroDraftAsync(d);
        var publication = Paragraph(text, 1, 0);
        var deadline = d.Now.AddDays(28);
        var procedure = (await d.PostAsync("secretariat", "/api/drafts/TF/procedures", new
        {
            basedOn = 1,
            provisions = new[] { new { provision = publication } },
            mode = "consent",
            deadline = Local(deadline),
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        using (var agreed = await d.P.RespondAsync(Fp("KAZ"), procedure, "agree"))
        {
            Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        }

        await d.AdvanceToAsync(deadline.AddHours(1));
        Assert.Equal("Escalated", (await d.P.ProcedureAsync(procedure))["state"]!.GetValue<string>());
        await d.PostAsync("secretariat", $"/api/procedures/{procedure}/closure", new { reason = "Four parties did not answer within the grace period." });

        var referral = (await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray().Single()!;
        Assert.Equal((publication, null, "Four parties did not answer within the grace period."), (referral["provision"]!.GetValue<string>(), referral["party"]?.GetValue<string>(), referral["reason"]!.GetValue<string>()));

        // Nobody objected: there is no party's proposal to take. The next round opens without it, and the provision
        // stays referred, on the group's agenda, for the group to take up.
        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", new { deadline = Local(d.Now.AddDays(10)) }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        Assert.Empty(await TakenAsync(d, round));
        var pending = (await d.P.GetJsonAsync("secretariat", "/api/drafts/TF/referrals")).AsArray().Single()!;
        Assert.False(pending["carried"]!.GetValue<bool>());
        Assert.Null(pending["carriedInto"]?.GetValue<string>());
    }
}
