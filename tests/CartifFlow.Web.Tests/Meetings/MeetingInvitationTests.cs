using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;
using MimeKit;
using static CartifFlow.Web.Tests.Support.NegotiationDriver;

namespace CartifFlow.Web.Tests.Meetings;

/// <summary>
/// Meeting invitations as calendars treat invitations (iTIP/iMIP, RFC 5546): the invitation, its update and its
/// cancellation, read back by two iCalendar implementations (Ical.Net, and Python's icalendar run as a process),
/// and the delegations' answers through their one-click links.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class MeetingInvitationTests
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<string> ConveneInUlaanbaatarAsync(NegotiationDriver d) =>
        (await d.PostAsync("secretariat", "/api/meetings", new
        {
            title = "Chief Negotiators' meeting",
            kind = "chief-negotiators",
            format = "in-person",
            place = "Ulaanbaatar, Mongolia",
            timeZone = "Asia/Ulaanbaatar",
            start = "2026-04-20T10:00",
            audience = "delegations",
        }, HttpStatusCode.Created))!["key"]!.GetValue<string>();

    /// <summary>The message of a template to one address, as delivered (the newest when there are several).</summary>
    private static async Task<MimeMessage> DeliveredToAsync(NegotiationDriver d, string template, string address)
    {
        await d.AdvanceToAsync(d.Now.AddSeconds(1));
        var row = (await d.OutboxAsync(template)).Where(m => m.ToJson.Contains(address, StringComparison.Ordinal)).OrderBy(m => m.CreatedAt).Last();
        return await d.DeliveredAsync(row.Id);
    }

    /// <summary>The calendar part inside multipart/alternative (where calendars look for an invitation) and the attachment: the same text.</summary>
    private static async Task<string> SchedulingPartAsync(MimeMessage message, string method)
    {
        var alternative = message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar") && !p.IsAttachment);
        Assert.Equal(method, alternative.ContentType.Parameters["method"]);
        var mixed = Assert.IsType<Multipart>(message.Body, exactMatch: false);
        var alternatives = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Contains(alternatives, p => p.ContentType.IsMimeType("text", "html"));
        var attachment = await AttachmentAsync(message, "invitation.ics");
        Assert.Equal(alternative.Text.ReplaceLineEndings(), attachment.ReplaceLineEndings());
        Assert.Equal(method, message.Attachments.OfType<MimePart>().Single().ContentType.Parameters["method"]);
        return attachment;
    }

    /// <summary>Python's icalendar reads the files (tests/check-ical.sh, which installs python3-icalendar when missing).</summary>
    private static async Task<List<JsonObject>> ReadWithPythonAsync(params string[] calendars)
    {
        var folder = Directory.CreateTempSubdirectory("cartifflow-ics-");
        try
        {
            var files = new List<string>();
            foreach (var (text, i) in calendars.Select((c, i) => (c, i)))
            {
                var file = Path.Combine(folder.FullName, $"{i}.ics");
                await File.WriteAllTextAsync(file, text);
                files.Add(file);
            }

            var start = new ProcessStartInfo(Path.Combine(TestRepository.Root, "tests", "check-ical.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
            files.ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"check-ical.sh exited with {process.ExitCode}: {await error}");
            return [.. (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task InvitationUpdateAndCancellation_AreRequestRequestCancel_WithOneUidAGrowingSequence_OrganizerAndAttendees_InBothParsers()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var key = await ConveneInUlaanbaatarAsync(d);
        var invitation = await SchedulingPartAsync(await DeliveredToAsync(d, "meeting-invitation", FocalMail("KAZ")), "REQUEST");
        await d.PostAsync("secretariat", $"/api/meetings/{key}/rescheduling", new { start = "2026-04-27T10:00", reason = "To follow the RTG meeting." });
        var update = await SchedulingPartAsync(await DeliveredToAsync(d, "meeting-invitation", FocalMail("KAZ")), "REQUEST");
        await d.PostAsync("secretariat", $"/api/meetings/{key}/cancellation", new { reason = "Merged with the Zero Round." });
        var cancellation = await SchedulingPartAsync(await DeliveredToAsync(d, "meeting-cancelled", FocalMail("KAZ")), "CANCEL");
        var invitees = Delegations();

        // Ical.Net
        var parsed = new[] { invitation, update, cancellation }.Select(t => Ical.Net.Calendar.Load(t)!).ToList();
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], parsed.Select(c => c.Method));
        var events = parsed.Select(c => Assert.Single(c.Events)).ToList();
        Assert.All(events, e => Assert.Equal($"{key}@cartifflow", e.Uid));
        Assert.Equal([0, 1, 2], events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("mailto:cartifflow@example.org", e.Organizer!.Value!.ToString(), ignoreCase: true));
        Assert.All(events, e => Assert.Equal(invitees, e.Attendees.Select(a => a.Value!.ToString()["mailto:".Length..]).Order(StringComparer.Ordinal)));
        Assert.All(events.Take(2), e => Assert.All(e.Attendees, a => Assert.True(a.Rsvp)));
        Assert.All(parsed, c => Assert.Equal("Asia/Ulaanbaatar", Assert.Single(c.TimeZones).TzId));
        Assert.Equal("Asia/Ulaanbaatar", events[0].DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 4, 20, 10, 0, 0), events[0].DtStart!.Value);
        Assert.Equal(new DateTime(2026, 4, 27, 2, 0, 0, DateTimeKind.Utc), events[1].DtStart!.AsUtc);
        Assert.Equal("CANCELLED", events[2].Status);

        // Python's icalendar, a second implementation
        var python = await ReadWithPythonAsync(invitation, update, cancellation);
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], python.Select(c => c["method"]!.GetValue<string>()));
        var pyEvents = python.Select(c => Assert.Single(c["events"]!.AsArray())!.AsObject()).ToList();
        Assert.All(pyEvents, e => Assert.Equal($"{key}@cartifflow", e["uid"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2], pyEvents.Select(e => e["sequence"]!.GetValue<int>()));
        Assert.All(pyEvents, e => Assert.Equal("mailto:cartifflow@example.org", e["organizer"]!.GetValue<string>(), ignoreCase: true));
        Assert.All(pyEvents, e => Assert.Equal("CARTIF Secretariat (CartifFlow)", e["organizerName"]!.GetValue<string>()));
        Assert.All(pyEvents, e => Assert.Equal(invitees, e["attendees"]!.AsArray().Select(a => a!["address"]!.GetValue<string>()["mailto:".Length..]).Order(StringComparer.Ordinal)));
        Assert.All(pyEvents.Take(2), e => Assert.All(e["attendees"]!.AsArray(), a => Assert.Equal("TRUE", a!["rsvp"]!.GetValue<string>())));
        Assert.All(python, c => Assert.Equal(["Asia/Ulaanbaatar"], c["timezones"]!.AsArray().Select(z => z!.GetValue<string>())));
        Assert.Equal("Asia/Ulaanbaatar", pyEvents[0]["tzid"]!.GetValue<string>());
        Assert.StartsWith("2026-04-20T10:00:00", pyEvents[0]["start"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("2026-04-27T10:00:00", pyEvents[1]["start"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CANCELLED", pyEvents[2]["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeadlineEntries_StayPublishedWithAnAlarm_WithoutOrganizer()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var procedure = (await d.PostAsync("secretariat", "/api/procedures", new { area = "TF", title = "Article 5", text = "Each Party shall publish.", mode = "silence", deadline = "2026-04-30T17:00" }, HttpStatusCode.Created))!["key"]!.GetValue<string>();
        await d.AdvanceToAsync(d.Now.AddSeconds(1));
        var row = (await d.OutboxAsync("circulated")).First(m => m.ToJson.Contains(FocalMail("KAZ"), StringComparison.Ordinal));
        var message = await d.DeliveredAsync(row.Id);

        var text = await AttachmentAsync(message, "deadline.ics");
        var python = Assert.Single(await ReadWithPythonAsync(text));

        Assert.Equal("PUBLISH", python["method"]!.GetValue<string>());
        var entry = Assert.Single(python["events"]!.AsArray())!;
        Assert.Null(entry["organizer"]);
        Assert.Empty(entry["attendees"]!.AsArray());
        Assert.Contains("BEGIN:VALARM", text, StringComparison.Ordinal);
        Assert.DoesNotContain(message.BodyParts.OfType<TextPart>(), p => p.ContentType.IsMimeType("text", "calendar") && !p.IsAttachment);
        Assert.NotNull(procedure);
    }

    [Fact]
    public async Task DelegationsAnswerWithTheirLinks_TheSecretariatSeesWhoAttends_AndEachDelegationsMembers()
    {
        await using var d = await NegotiationDriver.StartAsync(April);
        var key = await ConveneInUlaanbaatarAsync(d);
        var kaz = await DeliveredToAsync(d, "meeting-invitation", FocalMail("KAZ"));
        var mon = await DeliveredToAsync(d, "meeting-invitation", ChiefMail("MON"));
        var geo = await DeliveredToAsync(d, "meeting-invitation", FocalMail("GEO"));
        using var kazSession = new PageSession(d.P.Host);
        using var monSession = new PageSession(d.P.Host);
        using var geoSession = new PageSession(d.P.Host);

        Assert.Equal(HttpStatusCode.OK, (await kazSession.GetAsync(PathOf(Link(kaz, "We attend")))).StatusCode);
        Assert.DoesNotContain((await d.GetAsync($"/api/meetings/{key}/attendance"))["delegations"]!.AsArray(), x => x!["answer"] is not null);
        var attended = await PostLinkAsync(kazSession, Link(kaz, "We attend"), new() { ["Members"] = "Aigerim Bekova, Vice-Minister\nDaniyar Sultanov, trade expert" });
        Assert.Equal(HttpStatusCode.OK, attended.StatusCode);
        var missingName = await PostLinkAsync(monSession, Link(mon, "Someone else goes in my place"), []);
        Assert.Equal(HttpStatusCode.BadRequest, missingName.StatusCode);
        var substituted = await PostLinkAsync(monSession, Link(mon, "Someone else goes in my place"), new() { ["SubstituteName"] = "Bat-Erdene Dorj, Director" });
        Assert.Equal(HttpStatusCode.OK, substituted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(geoSession, Link(geo, "We do not attend"), [])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLinkAsync(kazSession, Link(kaz, "We attend"), [])).StatusCode); // used once

        var attendance = (await d.GetAsync($"/api/meetings/{key}/attendance"))["delegations"]!.AsArray().ToDictionary(x => x!["party"]!.GetValue<string>(), x => x!);
        Assert.Equal("attending", attendance["KAZ"]["answer"]!.GetValue<string>());
        Assert.Equal(["Aigerim Bekova, Vice-Minister", "Daniyar Sultanov, trade expert"], attendance["KAZ"]["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(("substitute", "Bat-Erdene Dorj, Director", "cn-mon"), (attendance["MON"]["answer"]!.GetValue<string>(), attendance["MON"]["substitute"]!.GetValue<string>(), attendance["MON"]["answeredBy"]!.GetValue<string>()));
        Assert.Equal("not-attending", attendance["GEO"]["answer"]!.GetValue<string>());
        Assert.Null(attendance["UZB"]["answer"]);
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        var page = await (await secretariat.GetAsync($"/meetings/{key}/attendance")).Content.ReadAsStringAsync();
        Assert.Contains("Daniyar Sultanov, trade expert", page, StringComparison.Ordinal);
        Assert.Contains("Bat-Erdene Dorj, Director", page, StringComparison.Ordinal);
        var meeting = (await d.P.Host.Engine.FindAsync("meeting", key))!;
        var history = await d.P.Host.Engine.GetHistoryAsync(meeting.Id);
        Assert.Equal(["KAZ", "MON", "GEO"], history.Where(h => h.Trigger == "answer-attendance").Select(h => h.ActorParty)); // audited
    }

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private static readonly string[] Labels = ["We attend", "We do not attend", "Someone else goes in my place"];

    /// <summary>The one-click link of an answer (in the order the templates give them in either language).</summary>
    private static string Link(MimeMessage message, string label)
    {
        var links = LinkLine().Matches(message.TextBody!).Select(m => m.Groups[2].Value).Where(u => u.Contains("/act?t=", StringComparison.Ordinal)).ToList();
        Assert.True(links.Count == 3, $"three one-click links expected in:\n{message.TextBody}");
        return links[Array.IndexOf(Labels, label)];
    }

    private static async Task<HttpResponseMessage> PostLinkAsync(PageSession session, string link, Dictionary<string, string> fields)
    {
        fields["t"] = Uri.UnescapeDataString(new Uri(link).Query["?t=".Length..]);
        return await session.PostFormAsync("/act", fields);
    }

    [GeneratedRegex(@"^\s*([^:\r\n]+): (https?://\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex LinkLine();
}
