using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The page forms that set or extend a deadline other than a written procedure's (a transition's proposal, a meeting's
/// convening and rescheduling): a deadline too short for the kind's minimum is the form again with the error at the
/// deadline's field; urgent without a reason, the error at the reason; urgent with a reason, done.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class DeadlineReviewFormTests
{
    public static TheoryData<string, string, string, string, string> Forms() => new()
    {
        // form, url, the deadline's error, the urgency's field prefix and error prefix ("" when the page has one form), the fields
        { "transition: proposal", "/transitions/new", "deadline", "", "Justification=Phase 1's documents are circulated.;Deadline=2026-03-04T17:00" },
        { "meeting: convening", "/meetings/new", "start", "", "Title=Chief Negotiators;Kind=chief-negotiators;Format=online;TimeZone=Asia/Manila;Start=2026-03-04T10:00;End=2026-03-04T12:00;Audience=chief-negotiators" },
        { "meeting: rescheduling", "/meetings/{meeting}?handler=reschedule", "reschedule-start", "Reschedule", "NewStart=2026-03-05T10:00;NewEnd=2026-03-05T12:00;RescheduleReason=The room is taken." },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task ATooShortDeadline_IsAFormErrorAtItsField_UnlessMarkedUrgentWithAReason(string form, string url, string deadlineError, string prefix, string fields)
    {
        await using var p = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), settings: new Dictionary<string, string?>
        {
            ["CartifFlow:Negotiation:TransitionMinimumWorkingDays"] = "5",
            ["CartifFlow:Negotiation:MeetingMinimumWorkingDays"] = "5",
        });
        var d = NegotiationDriver.Over(p);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        var meeting = (await d.PostAsync("secretariat", "/api/meetings", new { title = "Working session", kind = "other", format = "online", start = "2026-03-30T10:00", audience = "chief-negotiators" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        using var page = await PageSession.SignInAsync(p.Host, "secretariat");
        var path = url.Replace("{meeting}", meeting, StringComparison.Ordinal);
        Dictionary<string, string> Form(string? urgent, string? reason)
        {
            var values = fields.Split(';').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            if (urgent is not null)
            {
                values[prefix + "Urgent"] = urgent;
            }

            if (reason is not null)
            {
                values[prefix + "UrgentReason"] = reason;
            }

            return values;
        }

        var reasonError = (prefix.Length == 0 ? "" : prefix.ToLowerInvariant() + "-") + "urgentReason";

        var tooShort = await page.PostFormAsync(path, Form(null, null));
        Assert.True(HttpStatusCode.BadRequest == tooShort.StatusCode, $"{form}: {(int)tooShort.StatusCode}");
        var html = await tooShort.Content.ReadAsStringAsync();
        Assert.Contains("working days", ErrorAt(html, deadlineError, form), StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);

        var noReason = await page.PostFormAsync(path, Form("true", ""));
        Assert.True(HttpStatusCode.BadRequest == noReason.StatusCode, $"{form}: {(int)noReason.StatusCode}");
        Assert.Equal("An urgent deadline states why it cannot give the usual time.", ErrorAt(await noReason.Content.ReadAsStringAsync(), reasonError, form));

        var urgent = await page.PostFormAsync(path, Form("true", "The Ministers meet on 6 March."));
        Assert.True(urgent.StatusCode == HttpStatusCode.Redirect, $"{form}: {(int)urgent.StatusCode} {await urgent.Content.ReadAsStringAsync()}");
    }

    /// <summary>The message shown at a field (<c>id="{field}-error"</c>).</summary>
    private static string ErrorAt(string html, string field, string form)
    {
        var error = Regex.Match(html, $"<p id=\"{Regex.Escape(field)}-error\" class=\"error\" role=\"alert\">([^<]*)</p>");
        Assert.True(error.Success, $"{form}: no error at {field}; errors shown: {string.Join(" | ", ErrorShown().Matches(html).Select(m => m.Value))}");
        return System.Net.WebUtility.HtmlDecode(error.Groups[1].Value);
    }

    [GeneratedRegex("<p id=\"[^\"]*\" class=\"error\"[^>]*>[^<]*</p>")]
    private static partial Regex ErrorShown();
}
