using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CartifFlow.Infrastructure.Email;

/// <summary>
/// The calendar entry of a message: when the model has <c>with.calendar</c> = { uid, summary, description, start,
/// durationMinutes (default 30), location, fileName (default <c>deadline.ics</c>) }, an iCalendar file (METHOD:PUBLISH)
/// with one VEVENT in UTC and a reminder one day before, so a reader can put the deadline (or the meeting, as
/// <c>invitation.ics</c>) into their own calendar.
/// </summary>
internal static partial class DeadlineCalendar
{
    public const string FileName = "deadline.ics";
    public const string ContentType = "text/calendar; method=PUBLISH; charset=utf-8";
    public const int DefaultDurationMinutes = 30;

    private const string ProductId = "-//CAREC CARTIF//CartifFlow//EN";

    /// <summary>The attachment, or null when the model asks for none; throws <see cref="MessageRenderingException"/> when <c>with.calendar</c> is malformed.</summary>
    public static MessageAttachment? FromModel(JsonObject model, DateTimeOffset now)
    {
        if (model["with"] is not JsonObject with || with["calendar"] is null)
        {
            return null;
        }

        if (with["calendar"] is not JsonObject entry)
        {
            throw new MessageRenderingException("with.calendar must be an object { uid, summary, description, start, durationMinutes?, location?, fileName? }.");
        }

        var uid = Text(entry, "uid") ?? throw Missing("uid");
        var summary = Text(entry, "summary") ?? throw Missing("summary");
        var startText = Text(entry, "start") ?? throw Missing("start");
        if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new MessageRenderingException($"with.calendar.start '{startText}' is not an ISO instant.");
        }

        var fileName = Text(entry, "fileName") ?? FileName;
        if (!FileNamePattern().IsMatch(fileName))
        {
            throw new MessageRenderingException($"with.calendar.fileName '{fileName}' must be a short name ending in .ics (letters, digits, '-').");
        }

        var duration = DurationMinutes(entry);
        var startUtc = new CalDateTime(start.UtcDateTime, CalDateTime.UtcTzId);
        var calendarEvent = new CalendarEvent
        {
            Uid = uid,
            Summary = summary,
            Description = Text(entry, "description"),
            Location = Text(entry, "location"),
            DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = startUtc,
            DtEnd = startUtc.AddMinutes(duration),
            Sequence = Sequence(model),
        };
        calendarEvent.Alarms.Add(new Alarm
        {
            Action = AlarmAction.Display,
            Description = summary,
            Trigger = new Trigger(Duration.FromDays(-1)),
        });

        var calendar = new Ical.Net.Calendar { Method = "PUBLISH", ProductId = ProductId };
        calendar.Events.Add(calendarEvent);
        var text = new CalendarSerializer().SerializeToString(calendar)
            ?? throw new MessageRenderingException("The calendar entry could not be serialised.");
        return new MessageAttachment(fileName, ContentType, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The entry's revision (SEQUENCE): the seconds from 2024 to the step that wrote the message, so a later message
    /// about the same deadline or meeting (an extension, a reschedule) always carries a higher one and calendars
    /// replace the entry with the same UID rather than keep the first; a retried message keeps its own.
    /// </summary>
    private static int Sequence(JsonObject model)
    {
        var at = model["at"] is JsonValue v && v.TryGetValue<DateTimeOffset>(out var instant) ? instant
            : model["at"] is JsonValue s && DateTimeOffset.TryParse(s.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
            : (DateTimeOffset?)null;
        var seconds = at is { } a ? (a - SequenceEpoch).TotalSeconds : 0;
        return seconds is > 0 and < int.MaxValue ? (int)seconds : 0;
    }

    private static readonly DateTimeOffset SequenceEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static int DurationMinutes(JsonObject entry)
    {
        var node = entry["durationMinutes"];
        if (node is null)
        {
            return DefaultDurationMinutes;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes)
            && minutes >= 1 && minutes <= 7 * 24 * 60)
        {
            return (int)Math.Round(minutes);
        }

        throw new MessageRenderingException($"with.calendar.durationMinutes must be a number of minutes between 1 and {7 * 24 * 60}, not {node.ToJsonString()}.");
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    [GeneratedRegex("^[A-Za-z0-9-]{1,50}\\.ics$")]
    private static partial Regex FileNamePattern();

    private static MessageRenderingException Missing(string name) => new($"with.calendar.{name} is required (a non-empty string).");
}
