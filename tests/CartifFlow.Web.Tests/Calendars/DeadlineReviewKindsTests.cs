using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CartifFlow.Web.Tests.Support;
using MimeKit;

namespace CartifFlow.Web.Tests.Calendars;

/// <summary>
/// The deadlines the Secretariat sets or extends besides a written procedure's — a stage transition's, a text-based
/// round's, a meeting's — reviewed with the parties' calendars by the same review (a fake clock, the shipped holidays
/// of 2026): flagged on a holiday with the party and the holiday named, refused when too short at the field the API
/// names unless marked urgent with a reason, which the circulation states.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed class DeadlineReviewKindsTests
{
    private static readonly DateTimeOffset MondaySecondOfMarch = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AStageTransitionsDeadline_TooShortIsRefusedUnlessUrgent_TheRequestStatesTheUrgency_AndAHolidayIsFlagged()
    {
        await using var p = await ProcedureDriver.StartAsync(start: MondaySecondOfMarch, settings: new Dictionary<string, string?> { ["CartifFlow:Negotiation:TransitionMinimumWorkingDays"] = "5" });
        var d = NegotiationDriver.Over(p);
        await d.StartNegotiationAsync();
        await d.CirculatePreparationDocumentsAsync();
        const string justification = "Phase 1's documents are circulated.";

        var problem = await RefusedAsync(p, "/api/negotiation/transitions", new { justification, deadline = "2026-03-04T17:00" }, "deadline");
        Assert.Contains("the Chief Negotiators' approval gives every party at least 5", problem, StringComparison.Ordinal);
        await RefusedAsync(p, "/api/negotiation/transitions", new { justification, deadline = "2026-03-04T17:00", urgent = true }, "urgentReason");
        Assert.Empty(await p.Host.Engine.ListAsync("stage-transition"));

        const string reason = "The Ministers meet on 6 March.";
        var urgent = (await d.PostAsync("secretariat", "/api/negotiation/transitions", new { justification, deadline = "2026-03-04T17:00", urgent = true, urgentReason = reason }, HttpStatusCode.Created))!;
        Assert.True(urgent["calendar"]!["urgent"]!.GetValue<bool>());
        Assert.Equal(reason, urgent["calendar"]!["urgentReason"]!.GetValue<string>());
        var key = urgent["key"]!.GetValue<string>();
        var request = await MailAsync(p, NegotiationDriver.ChiefMail("MON"), key);
        AssertStatesUrgency(request, reason);

        await d.PostAsync("secretariat", $"/api/transitions/{key}/withdrawal", new { reason = "Proposed again with the usual time." });
        var flagged = (await d.PostAsync("secretariat", "/api/negotiation/transitions", new { justification, deadline = "2026-03-23T15:00" }, HttpStatusCode.Created))!;
        AssertNauryzFlagged(flagged["calendar"]!);
        Assert.False(flagged["calendar"]!["urgent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AMeetingsNotice_TooShortIsRefusedAtTheStartUnlessUrgent_TheInvitationStatesIt_AndARescheduleOntoAHolidayIsFlagged()
    {
        await using var p = await ProcedureDriver.StartAsync(start: MondaySecondOfMarch, settings: new Dictionary<string, string?> { ["CartifFlow:Negotiation:MeetingMinimumWorkingDays"] = "5" });
        var d = NegotiationDriver.Over(p);
        object Meeting(bool? urgent, string? urgentReason) => new { title = "Chief Negotiators", kind = "chief-negotiators", format = "online", timeZone = "Asia/Manila", start = "2026-03-04T10:00", audience = "chief-negotiators", urgent, urgentReason };

        var problem = await RefusedAsync(p, "/api/meetings", Meeting(null, null), "start");
        Assert.Contains("a meeting gives every invited party at least 5 working days' notice", problem, StringComparison.Ordinal);
        await RefusedAsync(p, "/api/meetings", Meeting(true, null), "urgentReason");
        Assert.Empty(await p.Host.Engine.ListAsync("meeting"));

        const string reason = "The Ministers asked for the meeting before their session.";
        var convened = (await d.PostAsync("secretariat", "/api/meetings", Meeting(true, reason), HttpStatusCode.Created))!;
        Assert.True(convened["calendar"]!["urgent"]!.GetValue<bool>());
        var key = convened["key"]!.GetValue<string>();
        AssertStatesUrgency(await MailAsync(p, NegotiationDriver.ChiefMail("MON"), "Chief Negotiators"), reason);

        await RefusedAsync(p, $"/api/meetings/{key}/rescheduling", new { start = "2026-03-05T10:00", reason = "The room is taken." }, "start");
        var moved = (await d.PostAsync("secretariat", $"/api/meetings/{key}/rescheduling", new { start = "2026-03-23T15:00", reason = "The Ministers' session moved." }))!;
        var view = await d.GetAsync($"/api/meetings/{key}");
        Assert.NotNull(moved);
        AssertNauryzFlagged(view["calendar"]!);
        Assert.False(view["calendar"]!["urgent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ARoundsDeadline_TooShortForAMemberIsRefusedUnlessUrgent_AndTheCirculationStatesTheUrgency()
    {
        await using var p = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero), settings: new Dictionary<string, string?> { ["CartifFlow:Negotiation:RoundMinimumWorkingDays"] = "10" });
        var d = NegotiationDriver.Over(p);
        await d.ToWorkingGroupsAsync();
        await d.EstablishWorkingGroupAsync("TF");
        var deadline = d.Now.AddDays(4).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
        object Round(bool? urgent, string? urgentReason) => new { deadline, document = "CARTIF/TF/2026/rev1", urgent, urgentReason };

        var problem = await RefusedAsync(p, "/api/working-groups/TF/rounds", Round(null, null), "deadline");
        Assert.Contains("a text-based round gives every member party at least 10", problem, StringComparison.Ordinal);
        await RefusedAsync(p, "/api/working-groups/TF/rounds", Round(true, "  "), "urgentReason");

        const string reason = "The Chief Negotiators meet next week.";
        var round = (await d.PostAsync("secretariat", "/api/working-groups/TF/rounds", Round(true, reason), HttpStatusCode.Created))!;
        var calendar = round["calendar"]!;
        Assert.True(calendar["urgent"]!.GetValue<bool>());
        Assert.Equal(10, calendar["minimum"]!.GetValue<int>());
        Assert.NotEmpty(calendar["workingDays"]!.AsArray());
        Assert.All(calendar["workingDays"]!.AsArray(), w => Assert.True(w!["workingDays"]!.GetValue<int>() < 10));
        AssertStatesUrgency(await MailAsync(p, NegotiationDriver.FocalMail("KAZ"), round["key"]!.GetValue<string>()), reason);
    }

    /// <summary>Posts as the Secretariat, expects 400 with an error at <paramref name="field"/>, and returns its message.</summary>
    private static async Task<string> RefusedAsync(ProcedureDriver p, string url, object body, string field)
    {
        var response = await p.PostAsync("secretariat", url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url}: {(int)response.StatusCode} {text}");
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"POST {url}: no error at {field}: {text}");
        return errors[field]![0]!.GetValue<string>();
    }

    /// <summary>The first message delivered to <paramref name="address"/> whose text mentions <paramref name="mentioning"/>.</summary>
    private static async Task<MimeMessage> MailAsync(ProcedureDriver p, string address, string mentioning)
    {
        await p.AdvanceAsync(TimeSpan.FromSeconds(1));
        return Directory.EnumerateFiles(Path.Combine(p.Data.Folder, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
            .First(m => m.To.Mailboxes.Any(a => a.Address == address) && (m.TextBody ?? "").Contains(mentioning, StringComparison.Ordinal));
    }

    /// <summary>The urgency in the reader's language, and its reason, in both the text and the HTML.</summary>
    private static void AssertStatesUrgency(MimeMessage message, string reason)
    {
        var text = message.TextBody ?? "";
        Assert.True(text.Contains("URGENT", StringComparison.Ordinal) || text.Contains("СРОЧНО", StringComparison.Ordinal), text);
        Assert.Contains(reason, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(reason, message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>Monday 23 March 2026, 15:00 in Manila: Nauryz in Kazakhstan (12:00 in Almaty), an ordinary working day in Mongolia.</summary>
    private static void AssertNauryzFlagged(JsonNode calendar)
    {
        var findings = calendar["findings"]!.AsArray().Select(f => f!).ToList();
        var kazakhstan = Assert.Single(findings, f => f["party"]!.GetValue<string>() == "KAZ");
        Assert.Equal(("holiday", "Nauryz", "2026-03-23 12:00 (Asia/Almaty)"), (kazakhstan["kind"]!.GetValue<string>(), kazakhstan["holiday"]!.GetValue<string>(), kazakhstan["localTime"]!.GetValue<string>()));
        Assert.DoesNotContain(findings, f => f["party"]!.GetValue<string>() == "MON");
        var days = calendar["workingDays"]!.AsArray().ToDictionary(w => w!["party"]!.GetValue<string>(), w => w!["workingDays"]!.GetValue<int>());
        Assert.Equal(days["MON"] - 1, days["KAZ"]); // the same weeks, but Nauryz on the 23rd
    }
}
