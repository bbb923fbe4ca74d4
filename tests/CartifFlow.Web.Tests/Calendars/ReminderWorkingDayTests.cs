using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Calendars;

/// <summary>Reminders in the reader's working day, on a fake clock, with the shipped holidays of 2026.</summary>
[Collection(HostTestGroup.Name)]
public sealed class ReminderWorkingDayTests
{
    private static readonly TimeSpan Almaty = TimeSpan.FromHours(5);
    private static readonly TimeSpan Ulaanbaatar = TimeSpan.FromHours(8);

    private static async Task<List<OutboxMessageRecord>> RemindersAsync(ProcedureDriver d, string offset)
    {
        await using var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Template == "reminder").ToListAsync();
        return [.. rows.Where(m => JsonNode.Parse(m.ModelJson)!["payload"]!["offset"]?.GetValue<string>() == offset)];
    }

    private static OutboxMessageRecord To(List<OutboxMessageRecord> rows, string address) =>
        Assert.Single(rows, m => m.ToJson.Contains(address, StringComparison.Ordinal));

    [Fact]
    public async Task AReminderOnNowruzInKazakhstan_GoesOutThePreviousWorkingDayAt0900Almaty_WhileMongoliasGoesAsPlanned()
    {
        // Deadline Wednesday 25 March 2026, 15:00 in Manila: the reminder two days before falls on Monday 23 March,
        // 12:00 in Almaty (Nauryz, 21-23 March, after a weekend) and 15:00 in Ulaanbaatar (a working day).
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await d.LaunchAsync(deadline: "2026-03-25T15:00");
        var planned = new DateTimeOffset(2026, 3, 23, 15, 0, 0, Ulaanbaatar);

        await d.AdvanceAsync(new DateTimeOffset(2026, 3, 20, 4, 0, 0, TimeSpan.Zero) - d.Data.Time.GetUtcNow());

        var twoDaysBefore = await RemindersAsync(d, "P2D");
        var kazakhstan = To(twoDaysBefore, "focal.kaz@example.org");
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 9, 0, 0, Almaty), kazakhstan.NextAttemptAt); // Friday, 09:00 Almaty
        Assert.Equal(OutboxStatus.Sent, kazakhstan.Status);
        var mongolia = To(twoDaysBefore, "focal.mon@example.org");
        Assert.Equal(planned, mongolia.NextAttemptAt);
        Assert.Equal(OutboxStatus.Pending, mongolia.Status); // waits for Monday 15:00 in Ulaanbaatar

        await d.AdvanceAsync(planned - d.Data.Time.GetUtcNow());
        Assert.Equal(OutboxStatus.Sent, To(await RemindersAsync(d, "P2D"), "focal.mon@example.org").Status);
        Assert.Single(await RemindersAsync(d, "P2D"), m => m.ToJson.Contains("focal.kaz@example.org", StringComparison.Ordinal)); // once
    }

    [Fact]
    public async Task AReminderIsNeverMovedPastItsPlannedTime_NorSkipped_WhenItsWorkingDayIsAlreadyPast()
    {
        // Launched on Friday 20 March at 14:00 in Manila with a reminder one day before a Monday-evening deadline: the
        // reminder falls on Sunday; Kazakhstan's previous working day began at 09:00 Almaty that Friday, already past,
        // so it goes at once.
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 20, 6, 0, 0, TimeSpan.Zero));
        await d.LaunchAsync(deadline: "2026-03-23T20:00", reminders: ["P1D"]);
        var deadline = new DateTimeOffset(2026, 3, 23, 20, 0, 0, TimeSpan.FromHours(8));

        await d.AdvanceAsync(TimeSpan.FromSeconds(1));

        var reminders = await RemindersAsync(d, "P1D");
        Assert.NotEmpty(reminders);
        Assert.All(reminders, m => Assert.True(m.NextAttemptAt <= deadline.AddDays(-1), $"{m.ToJson} at {m.NextAttemptAt}"));
        var kazakhstan = To(reminders, "focal.kaz@example.org");
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 6, 0, 0, TimeSpan.Zero), kazakhstan.NextAttemptAt);
        Assert.Equal(OutboxStatus.Sent, kazakhstan.Status);
    }

    [Fact]
    public void ReminderTime_OnAHolidayOrOutsideWorkingHours_IsTheStartOfThePreviousWorkingDay_AndNeverLater()
    {
        var calendars = new WorkingCalendars(
            [new PartyCalendar { PartyCode = "KAZ", TimeZone = "Asia/Almaty", Weekend = "saturday,sunday" }],
            [new PartyHoliday { PartyCode = "KAZ", Date = new DateOnly(2026, 3, 23), Name = "Nauryz", NameRu = "Наурыз" }]);
        var nauryz = new DateTimeOffset(2026, 3, 23, 12, 0, 0, Almaty);
        var tuesdayNight = new DateTimeOffset(2026, 3, 24, 3, 0, 0, Almaty);
        var tuesdayEvening = new DateTimeOffset(2026, 3, 24, 20, 0, 0, Almaty);
        var tuesdayNoon = new DateTimeOffset(2026, 3, 24, 12, 0, 0, Almaty);

        Assert.Equal(new DateTimeOffset(2026, 3, 20, 9, 0, 0, Almaty), calendars.ReminderTime(nauryz, "KAZ", "Asia/Almaty"));
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 9, 0, 0, Almaty), calendars.ReminderTime(tuesdayNight, "KAZ", "Asia/Almaty"));
        Assert.Equal(new DateTimeOffset(2026, 3, 24, 9, 0, 0, Almaty), calendars.ReminderTime(tuesdayEvening, "KAZ", "Asia/Almaty"));
        Assert.Equal(tuesdayNoon, calendars.ReminderTime(tuesdayNoon, "KAZ", "Asia/Almaty"));
        // Monday 23 March is a working day in Mongolia: as planned.
        Assert.Equal(nauryz, calendars.ReminderTime(nauryz, "MON", "Asia/Ulaanbaatar"));
    }
}
