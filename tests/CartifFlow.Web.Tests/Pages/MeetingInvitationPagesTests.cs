using System.Globalization;
using System.Net;
using CartifFlow.Web.Tests.Support;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// A working group's session scheduled from <c>/meetings/new</c> (the group chosen on the form; its member parties and
/// negotiators invited and reminded), and its invitation answered from the country inbox for the reader's own party,
/// with the same checks and messages as the one-click links and the API, at the field, in the reader's language.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class MeetingInvitationPagesTests
{
    [Fact]
    public async Task AWorkingGroupsSession_ScheduledOnThePage_InvitesItsMembers_WhoAnswerFromTheirInboxForTheirOwnParty()
    {
        await using var d = await NegotiationDriver.StartAsync(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero));
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("DT", ["GEO", "KAZ", "MON"]);
        var manila = TimeZoneInfo.FindSystemTimeZoneById("Asia/Manila");
        var day = TimeZoneInfo.ConvertTime(d.Now, manila).Date.AddDays(10);
        string Local(int hour) => day.AddHours(hour).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>
        {
            ["Title"] = "Working group on digital trade: second session",
            ["Kind"] = "working-group-session",
            ["Format"] = "online",
            ["TimeZone"] = "Asia/Manila",
            ["Start"] = Local(10),
            ["End"] = Local(12),
            ["Audience"] = "working-group",
        };

        using (var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat"))
        {
            // The group's choice is offered; without it a session is refused at its field, in the reader's language.
            var page = WebUtility.HtmlDecode(await (await secretariat.GetAsync("/meetings/new")).Content.ReadAsStringAsync());
            Assert.Contains("<option value=\"DT\"", page, StringComparison.Ordinal);
            using var refused = await secretariat.PostFormAsync("/meetings/new", form, tokenFrom: "/meetings/new");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"id=\"area-error\" class=\"error\" role=\"alert\">{Texts.Get("en", "schedule.working-group-required")}", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            using var unknown = await secretariat.PostFormAsync("/meetings/new", new(form) { ["Area"] = "XX" }, tokenFrom: "/meetings/new");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

            using var scheduled = await secretariat.PostFormAsync("/meetings/new", new(form) { ["Area"] = "DT" }, tokenFrom: "/meetings/new");
            Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        }

        var meeting = Assert.Single((await d.GetAsync("/api/meetings")).AsArray(), m => m!["kind"]!.GetValue<string>() == "working-group-session")!["key"]!.GetValue<string>();
        var view = await d.GetAsync($"/api/meetings/{meeting}");
        Assert.Equal(("working-group", "DT"), (view["audience"]!.GetValue<string>(), view["area"]!.GetValue<string>()));
        var instance = Guid.Parse(view["instanceId"]!.GetValue<string>());
        var invited = To((await d.OutboxAsync("meeting-invitation")).Where(m => m.InstanceId == instance));
        Assert.Contains(FocalMail("KAZ"), invited);
        Assert.Contains(FocalMail("GEO"), invited);
        Assert.Contains(FocalMail("MON"), invited);
        Assert.DoesNotContain(FocalMail("UZB"), invited); // not a member of the group

        // Kazakhstan's focal point answers from the inbox (in Russian): the form is there for the group's members only.
        var attendanceForm = $"attendance-{meeting}";
        using (var kazakhstan = await PageSession.SignInAsync(d.P.Host, "fp-kaz"))
        {
            var inbox = WebUtility.HtmlDecode(await (await kazakhstan.GetAsync("/inbox")).Content.ReadAsStringAsync());
            Assert.Contains($"id=\"{attendanceForm}\"", inbox, StringComparison.Ordinal);
            using var noName = await kazakhstan.PostFormAsync("/inbox?handler=attendance", new() { ["MeetingKey"] = meeting, ["Answer"] = "substitute" }, tokenFrom: "/inbox");
            Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
            Assert.Contains($"id=\"{attendanceForm}-substitute-error\" class=\"error\" role=\"alert\">{Texts.Get("ru", "step.substitute-required")}", WebUtility.HtmlDecode(await noName.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            using var noAnswer = await kazakhstan.PostFormAsync("/inbox?handler=attendance", new() { ["MeetingKey"] = meeting }, tokenFrom: "/inbox");
            Assert.Equal(HttpStatusCode.BadRequest, noAnswer.StatusCode);
            Assert.Contains($"id=\"{attendanceForm}-answer-error\"", await noAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var answered = await kazakhstan.PostFormAsync("/inbox?handler=attendance", new() { ["MeetingKey"] = meeting, ["Answer"] = "substitute", ["Substitute"] = "Deputy head of the trade policy department" }, tokenFrom: "/inbox");
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
            Assert.Equal("/inbox?done=answer-attendance", answered.Headers.Location?.OriginalString);
            var after = WebUtility.HtmlDecode(await (await kazakhstan.GetAsync("/inbox?done=answer-attendance")).Content.ReadAsStringAsync());
            Assert.Contains(Texts.Get("ru", "done.inbox.answer-attendance"), after, StringComparison.Ordinal);
            Assert.DoesNotContain($"id=\"{attendanceForm}\"", after, StringComparison.Ordinal); // answered: no longer waiting
        }

        // Uzbekistan is not a member: no form, and its answer is refused; Mongolia's answer is Mongolia's.
        using (var uzbekistan = await PageSession.SignInAsync(d.P.Host, "fp-uzb"))
        {
            Assert.DoesNotContain($"id=\"{attendanceForm}\"", await (await uzbekistan.GetAsync("/inbox")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var refused = await uzbekistan.PostFormAsync("/inbox?handler=attendance", new() { ["MeetingKey"] = meeting, ["Answer"] = "attending" }, tokenFrom: "/inbox");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var mongolia = await PageSession.SignInAsync(d.P.Host, "cn-mon"))
        {
            using var answered = await mongolia.PostFormAsync("/inbox?handler=attendance", new() { ["MeetingKey"] = meeting, ["Answer"] = "not-attending" }, tokenFrom: "/inbox");
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        var attendance = (await d.GetAsync($"/api/meetings/{meeting}/attendance"))["delegations"]!.AsArray();
        Assert.Equal(["GEO", "KAZ", "MON"], attendance.Select(a => a!["party"]!.GetValue<string>())); // the group's members
        var answers = attendance.ToDictionary(a => a!["party"]!.GetValue<string>(), a => (a!["answer"]?.GetValue<string>(), a["answeredBy"]?.GetValue<string>(), a["substitute"]?.GetValue<string>()));
        Assert.Equal(("substitute", "fp-kaz", "Deputy head of the trade policy department"), answers["KAZ"]);
        Assert.Equal(("not-attending", "cn-mon", null), answers["MON"]);
        Assert.Equal((null, null, null), answers["GEO"]);

        // Its reminders go to the group's members before the session.
        var start = new DateTimeOffset(day.AddHours(10), manila.GetUtcOffset(day));
        await d.AdvanceToAsync(start.AddHours(-12));
        var reminded = To((await d.OutboxAsync("meeting-reminder")).Where(m => m.InstanceId == instance));
        Assert.Contains(FocalMail("GEO"), reminded);
        Assert.DoesNotContain(FocalMail("UZB"), reminded);
    }
}
