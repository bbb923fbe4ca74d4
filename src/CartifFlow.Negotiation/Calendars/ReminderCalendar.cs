using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;

namespace CartifFlow.Negotiation.Calendars;

/// <summary>
/// Reminders in the reader's working day (<see cref="WorkingCalendars.ReminderTime"/>): a reminder due on the reader's
/// party's weekend or holiday, or outside 09:00–18:00 in the reader's time zone, goes out at 09:00 of the reader's
/// previous working day instead; never later than planned, so never after the deadline.
/// </summary>
internal sealed class ReminderCalendar : IReminderCalendar
{
    public async Task<IReminderSchedule> ForStepAsync(IStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var calendars = await HolidaySeed.LoadAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var people = await ParticipantDirectory.PeopleAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var readers = people.Select(p => (p.PartyCode, (string?)p.TimeZone)).Distinct().ToList();
        return new Schedule(calendars, readers);
    }

    private sealed class Schedule(WorkingCalendars calendars, List<(string? Party, string? TimeZone)> readers) : IReminderSchedule
    {
        public DateTimeOffset Earliest(DateTimeOffset due) =>
            readers.Select(r => calendars.ReminderTime(due, r.Party, r.TimeZone)).DefaultIfEmpty(due).Min();

        public DateTimeOffset For(DateTimeOffset due, Envelope envelope)
        {
            var party = envelope.Model?["party"] is JsonValue v && v.TryGetValue<string>(out var code) ? code : null;
            return calendars.ReminderTime(due, party, envelope.TimeZone);
        }
    }
}
