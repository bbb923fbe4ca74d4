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
}
