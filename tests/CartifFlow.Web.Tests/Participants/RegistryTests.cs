using CartifFlow.Negotiation.Registry;
using System.Net;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Participants;

/// <summary>
/// The registry kept by the Secretariat (issue 26): replacing a focal point in the middle of a written procedure,
/// deactivating a person, a party's status change from its date, and bad input refused at the field; every change a
/// step of the registry's instance, audited in its hash chain.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RegistryTests
{
    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private static async Task<HttpResponseMessage> PostLinkAsync(PageSession session, string link) =>
        await session.PostFormAsync("/act", new() { ["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]) });

    private static async Task<List<ProcedureResponse>> ResponsesAsync(ProcedureDriver d, string party)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return await db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.PartyCode == party).ToListAsync();
    }

    private static async Task<IReadOnlyList<string>> RegistryStepsAsync(ProcedureDriver d)
    {
        var registry = await d.Host.Engine.FindAsync("registry", RegistrySteps.Key);
        Assert.NotNull(registry);
        Assert.True((await d.Host.Engine.VerifyAuditChainAsync(registry.Id)).Intact);
        return [.. (await d.Host.Engine.GetHistoryAsync(registry.Id)).Select(e => e.Trigger)];
    }

    [Fact]
    public async Task ReplacingAFocalPointMidProcedure_TheNewOneGetsTheRemindersAndAnswers_TheOldOnesLinksAndSessionNoLongerAct()
    {
        await using var d = await ProcedureDriver.StartAsync();
        var key = await d.LaunchAsync(); // deadline 2026-06-15 17:00 Manila; reminders 5, 2 and 1 days before
        using var old = await PageSession.SignInAsync(d.Host, "fp-kaz");
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/inbox")).StatusCode);
        var oldLink = d.Host.Services.GetRequiredService<OneClickLinks>().Link("fp-kaz", key, OneClickLinks.View, ProcedureDriver.Manila(6, 15, 17));
        var oldToken = await d.TokenAsync("fp-kaz");

        var replaced = await d.PostAsync("secretariat", "/api/people/fp-kaz/replacement", new { name = "New Focal Point, Kazakhstan", email = "focal2.kaz@example.org", language = "ru" });

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var replacement = System.Text.Json.Nodes.JsonNode.Parse(await replaced.Content.ReadAsStringAsync())!;
        Assert.Equal(("fp-kaz-2", "KAZ", "Asia/Almaty"), (replacement["id"]!.GetValue<string>(), replacement["party"]!.GetValue<string>(), replacement["timeZone"]!.GetValue<string>()));
        Assert.Equal(["focal-point"], replacement["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        // The old focal point's session, token and one-click link no longer act for Kazakhstan.
        var inbox = await old.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, inbox.StatusCode);
        Assert.Contains("/sign-in", inbox.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using (var linkSession = new PageSession(d.Host))
        {
            Assert.NotEqual(HttpStatusCode.OK, (await linkSession.GetAsync(PathOf(oldLink))).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await PostLinkAsync(linkSession, oldLink)).StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/procedures/{key}", UriKind.Relative)))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", oldToken);
            Assert.Equal(HttpStatusCode.Unauthorized, (await d.Client.SendAsync(request)).StatusCode);
        }

        Assert.Empty(await ResponsesAsync(d, "KAZ"));

        // The reminder five days before the deadline goes to the new focal point, not to the one replaced.
        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 10, 18));
        var reminders = await d.MessagesAsync(key, "reminder");
        var addressed = reminders.SelectMany(m => m.To.Concat(m.Cc)).Select(a => a.Address).ToList();
        Assert.Contains("focal2.kaz@example.org", addressed);
        Assert.DoesNotContain("focal.kaz@example.org", addressed);

        // The new focal point answers for Kazakhstan, in the browser.
        using var fresh = await PageSession.SignInAsync(d.Host, "fp-kaz-2");
        Assert.Contains(key, await (await fresh.GetAsync("/inbox")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var answered = await fresh.PostFormAsync($"/procedures/{key}/respond/KAZ", new() { ["Kind"] = "agree" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var response = Assert.Single(await ResponsesAsync(d, "KAZ"));
        Assert.Equal(("fp-kaz-2", ResponseKind.Agree), (response.PersonId, response.Kind));

        // The person replaced is kept, deactivated (no role left); the change is a step of the registry.
        var inactive = (await d.GetJsonAsync("secretariat", "/api/people?party=KAZ&active=false")).AsArray();
        Assert.Equal("fp-kaz", Assert.Single(inactive)!["id"]!.GetValue<string>());
        Assert.Equal(["(start)", "replace-person"], await RegistryStepsAsync(d));
    }

    [Fact]
    public async Task DeactivatingAPerson_FromThePage_EndsSessionsAndMessages_KeepsTheRecord()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var chief = await PageSession.SignInAsync(d.Host, "cn-kaz");
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var deactivated = await secretariat.PostFormAsync("/registry/people/cn-kaz?handler=deactivate", new() { ["Reason"] = "Left the ministry." });

        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Equal("/registry/people/cn-kaz?done=deactivated", deactivated.Headers.Location!.OriginalString);
        var page = await (await secretariat.GetAsync("/registry/people/cn-kaz")).Content.ReadAsStringAsync();
        Assert.Contains("Left the ministry.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await chief.GetAsync("/approvals")).StatusCode);
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            var person = await db.Set<Person>().AsNoTracking().Include(p => p.Roles).SingleAsync(p => p.Id == "cn-kaz");
            Assert.False(person.Active);
            Assert.Equal("chief-negotiator", Assert.Single(person.Roles).Role); // the record as it was
            Assert.Empty(await PersonSessions.OpenAsync(db, "cn-kaz"));
        }

        // A deactivated person receives nothing more, and is not changed again.
        var key = await d.LaunchAsync();
        await d.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await d.MessagesAsync(key), m => m.To.Concat(m.Cc).Any(a => a.Address == "chief.kaz@example.org"));
        var again = await d.SendAsync(HttpMethod.Patch, "secretariat", "/api/people/cn-kaz", new { language = "en" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["(start)", "deactivate-person"], await RegistryStepsAsync(d));
    }

    [Fact]
    public async Task PartyStatusChange_FromThePage_TakesEffectFromItsDate()
    {
        await using var d = await ProcedureDriver.StartAsync(); // 2026-06-01 00:00 UTC
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var recorded = await secretariat.PostFormAsync("/registry?handler=status", new() { ["StatusParty"] = "AZE", ["Status"] = "negotiating", ["EffectiveFrom"] = "2026-06-04", ["Note"] = "Signed the Bishkek Declaration." });

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Contains("Signed the Bishkek Declaration.", await (await secretariat.GetAsync("/registry")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var before = await d.LaunchAsync();
        await d.AdvanceToAsync(ProcedureDriver.Manila(6, 4, 0)); // the start of that day at the seat
        var after = await d.LaunchAsync();
        Assert.DoesNotContain("AZE", (await d.GetJsonAsync("secretariat", $"/api/procedures/{before}/status"))["notReplied"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("AZE", (await d.GetJsonAsync("secretariat", $"/api/procedures/{after}/status"))["notReplied"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["(start)", "change-party-status"], await RegistryStepsAsync(d));
    }

    [Fact]
    public async Task AddingAPerson_WithBadInput_IsRefusedAtTheField_InTheReadersLanguage_AndNothingIsWritten()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var taken = await secretariat.PostFormAsync("/registry/people/new", new() { ["Name"] = "Second focal point", ["Email"] = "other.kaz@example.org", ["PartyCode"] = "KAZ", ["Roles"] = "focal-point" });
        var noArea = await d.PostAsync("secretariat", "/api/people", new { name = "Expert", email = "expert@example.org", party = "GEO", roles = new[] { "technical-expert" } });
        var sameAddress = await d.PostAsync("secretariat", "/api/people", new { name = "Expert", email = "FOCAL.KAZ@example.org", party = "KAZ", roles = new[] { "technical-expert@TF" } });
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/registry/people/new" });
        var russian = await secretariat.PostFormAsync("/registry/people/new", new() { ["Name"] = "Эксперт", ["Email"] = "not an address", ["PartyCode"] = "KAZ", ["Roles"] = "technical-expert@TF" });

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("id=\"add-roles-error\"", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noArea.StatusCode);
        Assert.Contains("\"roles\"", await noArea.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sameAddress.StatusCode);
        Assert.Contains("\"email\"", await sameAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, russian.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await russian.Content.ReadAsStringAsync());
        Assert.Contains("id=\"add-email-error\"", html, StringComparison.Ordinal);
        Assert.Contains("не адрес электронной почты", html, StringComparison.Ordinal);
        Assert.Equal(23, (await d.GetJsonAsync("secretariat", "/api/people?active=all")).AsArray().Count);
    }

    [Fact]
    public async Task AddedLeadNegotiator_WithRolesPerArea_IsListedByAreaAndParty_AndSetsTheirOwnLanguageAndTimeZone()
    {
        await using var d = await ProcedureDriver.StartAsync();
        using var secretariat = await PageSession.SignInAsync(d.Host, "secretariat");

        var added = await secretariat.PostFormAsync("/registry/people/new", new() { ["Name"] = "Lead Negotiator DT, Georgia", ["Email"] = "lead.dt.geo@example.org", ["PartyCode"] = "GEO", ["Roles"] = "lead-negotiator@DT", ["Language"] = "en" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/registry/people/ln-geo-dt?done=added", added.Headers.Location!.OriginalString);
        var listed = await (await secretariat.GetAsync("/registry/people?FilterArea=DT&FilterParty=GEO")).Content.ReadAsStringAsync();
        Assert.Contains("lead.dt.geo@example.org", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("expert.dt.mon@example.org", listed, StringComparison.Ordinal);
        using var lead = await PageSession.SignInAsync(d.Host, "ln-geo-dt");
        var saved = await lead.PostFormAsync("/me", new() { ["Language"] = "ru", ["TimeZone"] = "Asia/Tbilisi", ["Digest"] = "daily" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var refused = await lead.PostFormAsync("/me", new() { ["Language"] = "ru", ["TimeZone"] = "Mars/Olympus", ["Digest"] = "daily" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"me-timeZone-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var person = (await d.GetJsonAsync("secretariat", "/api/people?party=GEO&role=lead-negotiator")).AsArray().Single()!;
        Assert.Equal(("ru", "Asia/Tbilisi"), (person["language"]!.GetValue<string>(), person["timeZone"]!.GetValue<string>()));
        Assert.Equal(["(start)", "add-person"], await RegistryStepsAsync(d));
    }
}
