using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Digests;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Calendars;

/// <summary>The daily digest, on a fake clock: reminders and information copies held and listed once a day.</summary>
[Collection(HostTestGroup.Name)]
public sealed class DailyDigestTests
{
    private static async Task<List<OutboxMessageRecord>> ToAsync(ProcedureDriver d, string address)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var rows = await db.Outbox.AsNoTracking().ToListAsync();
        return [.. rows.Where(m => m.ToJson.Contains(address, StringComparison.Ordinal)).OrderBy(m => m.CreatedAt)];
    }

    [Fact]
    public async Task APersonOnDigest_ReceivesOneMessageADayListingTheirRemindersAndInformationCopies_NoneIndividually()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));
        foreach (var person in new[] { "fp-mon", "obs-aze" })
        {
            var chosen = await d.SendAsync(HttpMethod.Put, person, "/api/me/digest", new { daily = true });
            Assert.True((await chosen.Content.ReadFromJsonAsync<JsonObject>())!["daily"]!.GetValue<bool>());
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await d.SendAsync(HttpMethod.Put, "fp-kaz", "/api/me/digest", new { })).StatusCode);
        var key = await d.LaunchAsync(deadline: "2026-06-15T17:00");
        var digests = d.Host.Services.GetRequiredService<DailyDigests>();

        // Two weeks, every three hours: the recurring job runs the digests far more often than once a day.
        while (d.Data.Time.GetUtcNow() < new DateTimeOffset(2026, 6, 15, 9, 0, 0, TimeSpan.Zero))
        {
            await d.AdvanceAsync(TimeSpan.FromHours(3));
            await digests.SendDueAsync();
        }

        await d.AdvanceAsync(TimeSpan.FromMinutes(1));

        var mongolia = await ToAsync(d, "focal.mon@example.org");
        Assert.Equal(OutboxStatus.Sent, Assert.Single(mongolia, m => m.Template == "circulated").Status); // a circulation goes at once
        var reminders = mongolia.Where(m => m.Template == "reminder").ToList();
        Assert.Equal(3, reminders.Count);
        Assert.All(reminders, m => Assert.Equal(OutboxStatus.Digested, m.Status)); // none individually
        var mongoliaDigests = mongolia.Where(m => m.Template == DailyDigests.Template).ToList();
        Assert.All(mongoliaDigests, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var ulaanbaatar = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ulaanbaatar");
        Assert.Equal(mongoliaDigests.Count, mongoliaDigests.Select(m => TimeZoneInfo.ConvertTime(m.CreatedAt, ulaanbaatar).Date).Distinct().Count()); // one a day at most
        Assert.All(mongoliaDigests, m => Assert.True(TimeZoneInfo.ConvertTime(m.CreatedAt, ulaanbaatar).Hour >= 8));
        var listed = mongoliaDigests.SelectMany(m => JsonNode.Parse(m.ModelJson)!["variables"]!["items"]!.AsArray()).ToList();
        Assert.Equal(3, listed.Count); // each reminder once
        Assert.All(listed, i => Assert.Equal(("reminder", key), (i!["kind"]!.GetValue<string>(), i["key"]!.GetValue<string>())));

        var observer = await ToAsync(d, "observer.aze@example.org");
        Assert.Equal(OutboxStatus.Digested, Assert.Single(observer, m => m.Template == "circulated").Status);
        Assert.All(observer.Where(m => m.Template != DailyDigests.Template), m => Assert.Equal(OutboxStatus.Digested, m.Status)); // every information copy
        var observerDigests = observer.Where(m => m.Template == DailyDigests.Template).ToList();
        var baku = TimeZoneInfo.FindSystemTimeZoneById("Asia/Baku");
        Assert.Equal(observerDigests.Count, observerDigests.Select(m => TimeZoneInfo.ConvertTime(m.CreatedAt, baku).Date).Distinct().Count());
        var copies = observerDigests.SelectMany(m => JsonNode.Parse(m.ModelJson)!["variables"]!["items"]!.AsArray()).ToList();
        Assert.Equal(observer.Count(m => m.Template != DailyDigests.Template), copies.Count);
        Assert.All(copies, i => Assert.Equal("info", i!["kind"]!.GetValue<string>()));
        Assert.Contains(copies, i => i!["template"]!.GetValue<string>() == "circulated");
        var delivered = await MimeKit.MimeMessage.LoadAsync(Path.Combine(d.Data.Folder, "mail", $"{observerDigests[0].Id:N}.eml"));
        Assert.Contains(key, delivered.TextBody, StringComparison.Ordinal);
        Assert.Contains(key, delivered.HtmlBody, StringComparison.Ordinal);

        // Someone not on digest gets each reminder at once.
        Assert.All((await ToAsync(d, "focal.kaz@example.org")).Where(m => m.Template == "reminder"), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    /// <summary>
    /// A focal point on a daily digest is replaced while reminders wait for their digest: the replacement takes them
    /// over (written to them, in their language, sent at once as they chose no digest; the old person's one-click links
    /// are not carried over). An observer on a digest is deactivated: what waited for them is never sent, and is kept.
    /// </summary>
    [Fact]
    public async Task HeldDigestItems_GoToTheReplacement_AndAreDroppedButKeptForADeactivatedPerson()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));
        foreach (var person in new[] { "fp-mon", "obs-aze" })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await d.SendAsync(HttpMethod.Put, person, "/api/me/digest", new { daily = true })).StatusCode);
        }

        var key = await d.LaunchAsync(deadline: "2026-06-15T17:00");
        // The first reminder (five days before) is written and held; no digest has run.
        await d.AdvanceToAsync(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero));
        var held = (await ToAsync(d, "focal.mon@example.org")).Where(m => m.Template == "reminder").ToList();
        Assert.NotEmpty(held);
        Assert.All(held, m => Assert.Equal(OutboxStatus.Held, m.Status));
        Assert.Contains(held, m => JsonNode.Parse(m.ModelJson)!["recipient"]!["links"] is JsonObject); // the replaced person's own links
        var observerHeld = (await ToAsync(d, "observer.aze@example.org")).Where(m => m.Status == OutboxStatus.Held).ToList();
        Assert.NotEmpty(observerHeld);

        using (var replaced = await d.PostAsync("secretariat", "/api/people/fp-mon/replacement", new { name = "New Focal Point, Mongolia", email = "new.focal.mon@example.org", language = "en", timeZone = "Asia/Ulaanbaatar" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, replaced.StatusCode);
        }

        using (var deactivated = await d.PostAsync("secretariat", "/api/people/obs-aze/deactivation", new { reason = "Left the ministry." }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, deactivated.StatusCode);
        }

        await d.AdvanceAsync(TimeSpan.FromMinutes(1));
        await d.Host.Services.GetRequiredService<DailyDigests>().SendDueAsync();
        await d.AdvanceAsync(TimeSpan.FromMinutes(1));

        var takenOver = (await ToAsync(d, "new.focal.mon@example.org")).Where(m => held.Any(h => h.Id == m.Id)).ToList();
        Assert.Equal(held.Count, takenOver.Count); // the same rows, now the replacement's
        Assert.All(takenOver, m => Assert.Equal((OutboxStatus.Sent, "en"), (m.Status, m.Language))); // no digest chosen: sent, in their language
        var recipient = JsonNode.Parse(takenOver[0].ModelJson)!["recipient"]!;
        Assert.Equal("New Focal Point, Mongolia", recipient["name"]!.GetValue<string>());
        Assert.Null(recipient["links"]);
        Assert.DoesNotContain(await ToAsync(d, "focal.mon@example.org"), m => m.Template == DailyDigests.Template); // nothing left for the old one's digest
        var delivered = await MimeKit.MimeMessage.LoadAsync(Path.Combine(d.Data.Folder, "mail", $"{takenOver[0].Id:N}.eml"));
        Assert.Equal("new.focal.mon@example.org", Assert.Single(delivered.To.Mailboxes).Address);
        Assert.Contains(key, delivered.TextBody, StringComparison.Ordinal);

        var observer = await ToAsync(d, "observer.aze@example.org");
        Assert.All(observer.Where(m => observerHeld.Any(h => h.Id == m.Id)), m => Assert.Equal(OutboxStatus.Dropped, m.Status)); // kept, never sent
        Assert.Equal(observerHeld.Count, observer.Count(m => m.Status == OutboxStatus.Dropped));
        Assert.DoesNotContain(observer, m => m.Template == DailyDigests.Template);
    }
}
