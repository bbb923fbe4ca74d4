using System.Net;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// A control or text-direction character typed into a page form's title or long text (issue 28, finding 10): the
/// page again, 400, with the error at that field in the reader's language and what was typed kept; nothing written.
/// One case per form family, each on a host with the negotiation started, Phase 1's documents circulated, a stage
/// transition proposed, a meeting, Kazakhstan's readiness consultation and a written procedure (the Zero Round's and
/// the working group's forms in the phases that offer them). A NUL has its own test: the page keeps what was typed
/// without it.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class RefusedCharacterFormTests
{
    private const string English = "This field contains a character that is not accepted (U+{0}";
    private const string Russian = "Это поле содержит недопустимый символ (U+{0}";

    public static TheoryData<string, string, string, string, string, string> Forms() => new()
    {
        // family, person, url, field, error key, other fields (k=v;k=v)
        { "written procedure: launch", "secretariat", "/procedures/new", "Title", "title", "Area=TF;Text=Each Party shall publish.;Mode=silence;Deadline=2026-06-20T17:00" },
        { "written procedure: long text", "secretariat", "/procedures/new", "Text", "text", "Area=TF;Title=Article 6;Mode=silence;Deadline=2026-06-20T17:00" },
        { "written procedure: withdrawal", "secretariat", "/procedures/{procedure}?handler=withdraw", "Reason", "withdraw", "" },
        { "written procedure: response", "fp-kaz", "/procedures/{procedure}/respond/KAZ", "Comments", "comments", "Kind=agree-with-comments" },
        { "stage transition: proposal", "secretariat", "/transitions/new", "Justification", "justification", "Deadline=2026-05-20T17:00" },
        { "stage transition: rejection", "cn-kaz", "/approvals/{transition}?handler=reject", "Reason", "reason", "" },
        { "delegation", "cn-kaz", "/delegation", "Reason", "reason", "Delegate=ln-kaz-tf;Until=2026-05-30T17:00" },
        { "negotiation: document", "secretariat", "/negotiation?handler=circulate", "DocTitle", "doc-title", "DocKind=other;DocReference=CARTIF/WTO/2026/1" },
        { "meeting: schedule", "secretariat", "/meetings/new", "Title", "title", "Kind=chief-negotiators;Format=online;TimeZone=Asia/Manila;Start=2026-06-10T10:00;End=2026-06-10T12:00;Audience=chief-negotiators" },
        { "meeting: cancellation", "secretariat", "/meetings/{meeting}?handler=cancel", "CancelReason", "cancel-reason", "" },
        { "zero round", "secretariat", "/negotiation/zero-round", "Title", "zr-title", "Format=hybrid;Place=Ulaanbaatar;TimeZone=Asia/Ulaanbaatar;Start=2026-06-15T09:00;End=2026-06-17T18:00" },
        { "working group: proposal", "secretariat", "/working-groups/new", "TermsTitle", "wg-termsTitle", "Area=DT;TermsText=The group meets online.;TermsDeadline=2026-06-01T17:00" },
        { "capacity building", "secretariat", "/capacity-building", "Title", "plan-title", "Kind=workshop;Area=DT;Format=online" },
        { "reports", "secretariat", "/reports?handler=issue", "Summary", "issue-summary", "" },
        { "consultation: declination", "fp-kaz", "/consultations/RC-KAZ-01?handler=decline", "DeclineReason", "decline-reason", "" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task ARefusedCharacter_IsAFormErrorAtItsField_InTheReadersLanguage_AndNothingIsWritten(string family, string person, string url, string field, string errorKey, string others)
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        string transition = "", meeting = "", procedure = "";
        if (family == "zero round")
        {
            await d.ToZeroRoundAsync(); // the form is offered once the negotiation is in the Zero Round's phase
        }
        else if (family == "working group: proposal")
        {
            await d.ToWorkingGroupsAsync();
        }
        else
        {
            await d.StartNegotiationAsync();
            await d.CirculatePreparationDocumentsAsync();
            transition = await d.ProposeAsync(d.Now.AddDays(10));
            await d.PostAsync("secretariat", "/api/negotiation/consultations", new { party = "KAZ" }, HttpStatusCode.Created);
            meeting = (await d.PostAsync("secretariat", "/api/meetings", new { title = "Chief Negotiators", kind = "chief-negotiators", format = "online", start = "2026-06-10T10:00", audience = "chief-negotiators" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
            procedure = await d.P.LaunchAsync();
        }

        var path = url.Replace("{procedure}", procedure, StringComparison.Ordinal).Replace("{transition}", transition, StringComparison.Ordinal).Replace("{meeting}", meeting, StringComparison.Ordinal);
        var before = await WrittenAsync(d);
        using var page = await PageSession.SignInAsync(d.P.Host, person);
        var typed = field is "Title" or "DocTitle" or "TermsTitle" ? "Article 5\u202E.exe" : "Kazakhstan agrees;\u0007 see the annex.";
        var form = others.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        form[field] = typed;

        var response = await page.PostFormAsync(path, form);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{family}: {(int)response.StatusCode}");
        var error = System.Text.RegularExpressions.Regex.Match(html, $"<p id=\"{errorKey}-error\" class=\"error\" role=\"alert\">([^<]*)</p>");
        Assert.True(error.Success, $"{family}: no error at {errorKey}; errors shown: {string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(html, "<p id=\"[^\"]*\" class=\"error\"[^>]*>[^<]*</p>").Select(m => m.Value))}; {html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..][..Math.Min(600, html.Length - Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal)))]}");
        var code = typed.Contains('\u202E', StringComparison.Ordinal) ? "202E" : "0007";
        var expected = string.Format(System.Globalization.CultureInfo.InvariantCulture, person.EndsWith("-kaz", StringComparison.Ordinal) ? Russian : English, code);
        Assert.StartsWith(expected, System.Net.WebUtility.HtmlDecode(error.Groups[1].Value), StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal); // the page itself, not a bare refusal
        Assert.Equal(before, await WrittenAsync(d));
    }

    [Theory]
    [InlineData("secretariat", English)]
    [InlineData("fp-kaz", Russian)]
    public async Task ANulInAPageForm_IsAFormErrorAtItsField_InTheReadersLanguage_WhatWasTypedKeptWithoutIt_AndNothingIsWritten(string person, string expected)
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        string url = "/procedures/new", errorKey = "title";
        var form = new Dictionary<string, string> { ["Area"] = "TF", ["Title"] = "Article\u0000 17", ["Text"] = "Text.", ["Mode"] = "silence", ["Deadline"] = "2026-06-20T17:00" };
        if (person != "secretariat")
        {
            var procedure = await d.P.LaunchAsync();
            url = $"/procedures/{procedure}/respond/KAZ";
            errorKey = "comments";
            form = new() { ["Kind"] = "agree-with-comments", ["Comments"] = "Article\u0000 17" };
        }

        var before = await WrittenAsync(d);
        using var page = await PageSession.SignInAsync(d.P.Host, person);

        var response = await page.PostFormAsync(url, form);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        var error = System.Text.RegularExpressions.Regex.Match(html, $"<p id=\"{errorKey}-error\" class=\"error\" role=\"alert\">([^<]*)</p>");
        Assert.True(error.Success, html);
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, "0000"), System.Net.WebUtility.HtmlDecode(error.Groups[1].Value), StringComparison.Ordinal);
        Assert.Contains("Article 17", html, StringComparison.Ordinal); // what was typed, without the NUL
        Assert.DoesNotContain("\u0000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x0;", html, StringComparison.Ordinal);
        Assert.Equal(before, await WrittenAsync(d));
    }

    /// <summary>What the steps have written: instances and audit events.</summary>
    private static async Task<(int Instances, int Events)> WrittenAsync(NegotiationDriver d)
    {
        await using var db = d.P.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        return (await db.Instances.CountAsync(), await db.AuditEvents.CountAsync());
    }
}
