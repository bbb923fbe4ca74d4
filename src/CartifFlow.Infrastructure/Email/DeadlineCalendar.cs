using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;

namespace CartifFlow.Infrastructure.Email;

/// <summary>
/// The calendar entry of a message: when the model has <c>with.calendar</c> = { uid, summary, description, start,
/// durationMinutes (default 30), location, fileName (default <c>deadline.ics</c>), method, timeZone, sequence,
/// attendees }, an iCalendar file with one VEVENT. A deadline is <c>METHOD:PUBLISH</c> in UTC with a reminder one day
/// before. A meeting is an iTIP invitation (RFC 5546): <c>METHOD:REQUEST</c> with the Secretariat as ORGANIZER, every
/// invitee an ATTENDEE asked to reply (RSVP), the time in the meeting's zone with its VTIMEZONE, the same UID for
/// every update and a SEQUENCE that grows with each change; <c>METHOD:CANCEL</c> removes it from the calendars.
/// </summary>
internal static partial class DeadlineCalendar
{
    public const string FileName = "deadline.ics";
    public const string ContentType = "text/calendar; method=PUBLISH; charset=utf-8";

    /// <summary>A published entry (a deadline): no organiser, no attendees.</summary>
    public const string Publish = "PUBLISH";

    /// <summary>An invitation, or its update (same UID, higher SEQUENCE).</summary>
    public const string Request = "REQUEST";

    /// <summary>The invitation is withdrawn: calendars remove the entry.</summary>
    public const string Cancel = "CANCEL";
    public const int DefaultDurationMinutes = 30;

    private const string ProductId = "-//CAREC CARTIF//CartifFlow//EN";

    /// <summary>The attachment, or null when the model asks for none; throws <see cref="MessageRenderingException"/> when <c>with.calendar</c> is malformed.</summary>
    public static MessageAttachment? FromModel(JsonObject model, DateTimeOffset now) => FromModel(model, now, null);

    /// <summary>
    /// The attachment, or null when the model asks for none; <paramref name="organizer"/> is the ORGANIZER of an
    /// invitation (the Secretariat's address, the sender's).
    /// </summary>
    public static MessageAttachment? FromModel(JsonObject model, DateTimeOffset now, MailboxAddress? organizer)
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

        var method = (Text(entry, "method") ?? Publish).ToUpperInvariant();
        if (method is not (Publish or Request or Cancel))
        {
            throw new MessageRenderingException($"with.calendar.method '{method}' must be PUBLISH, REQUEST or CANCEL.");
        }

        var duration = DurationMinutes(entry);
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = ProductId };
        CalDateTime startAt;
        if (Text(entry, "timeZone") is { } zone && method != Publish)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info))
            {
                throw new MessageRenderingException($"with.calendar.timeZone '{zone}' is not a time zone this machine knows.");
            }

            // The meeting's own zone, with its definition (VTIMEZONE), so a calendar shows it right wherever it is.
            calendar.AddTimeZone(zone);
            var local = TimeZoneInfo.ConvertTime(start, info).DateTime;
            startAt = new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        }
        else
        {
            startAt = new CalDateTime(start.UtcDateTime, CalDateTime.UtcTzId);
        }

        var calendarEvent = new CalendarEvent
        {
            Uid = uid,
            Summary = summary,
            Description = Text(entry, "description"),
            Location = Text(entry, "location"),
            DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = startAt,
            DtEnd = startAt.AddMinutes(duration),
            Sequence = ExplicitSequence(entry) ?? Sequence(model),
        };
        if (method == Publish)
        {
            calendarEvent.Alarms.Add(new Alarm
            {
                Action = AlarmAction.Display,
                Description = summary,
                Trigger = new Trigger(Duration.FromDays(-1)),
            });
        }
        else
        {
            if (organizer is null)
            {
                throw new MessageRenderingException($"An invitation (METHOD:{method}) needs an organiser: the sender's address.");
            }

            calendarEvent.Organizer = new Organizer($"mailto:{organizer.Address}") { CommonName = organizer.Name };
            foreach (var attendee in Attendees(entry))
            {
                var asked = new Attendee($"mailto:{attendee.Address}")
                {
                    CommonName = attendee.Name,
                    Role = ParticipationRole.RequiredParticipant,
                    ParticipationStatus = method == Cancel ? EventParticipationStatus.Declined : EventParticipationStatus.NeedsAction,
                    Rsvp = method == Request,
                };
                calendarEvent.Attendees.Add(asked);
            }

            calendarEvent.Status = method == Cancel ? EventStatus.Cancelled : EventStatus.Confirmed;
            if (method == Request)
            {
                calendarEvent.Alarms.Add(new Alarm
                {
                    Action = AlarmAction.Display,
                    Description = summary,
                    Trigger = new Trigger(Duration.FromDays(-1)),
                });
            }
        }

        calendar.Events.Add(calendarEvent);
        var text = new CalendarSerializer().SerializeToString(calendar)
            ?? throw new MessageRenderingException("The calendar entry could not be serialised.");
        return new MessageAttachment(fileName, ContentTypeOf(method), Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The MIME type calendars expect for the method: <c>text/calendar; method=REQUEST; charset=utf-8</c>.</summary>
    public static string ContentTypeOf(string method) => $"text/calendar; method={method}; charset=utf-8";

    /// <summary>True for an invitation or its cancellation, which goes into the message's alternatives as well.</summary>
    public static bool IsScheduling(MessageAttachment attachment) =>
        attachment is not null && attachment.ContentType.StartsWith("text/calendar", StringComparison.Ordinal)
        && !attachment.ContentType.Contains("method=PUBLISH", StringComparison.Ordinal);

    private static int? ExplicitSequence(JsonObject entry)
    {
        var node = entry["sequence"];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<int>(out var sequence) && sequence >= 0
            ? sequence
            : throw new MessageRenderingException($"with.calendar.sequence must be a whole number from 0, not {node.ToJsonString()}.");
    }

    private static List<MailboxAddress> Attendees(JsonObject entry)
    {
        if (entry["attendees"] is null)
        {
            return [];
        }

        if (entry["attendees"] is not JsonArray list)
        {
            throw new MessageRenderingException("with.calendar.attendees must be a list of { email, name }.");
        }

        var attendees = new List<MailboxAddress>();
        foreach (var item in list)
        {
            var email = item is JsonObject o ? Text(o, "email") : null;
            if (email is null || !MailboxAddress.TryParse(email, out var parsed))
            {
                throw new MessageRenderingException($"with.calendar.attendees: {item?.ToJsonString() ?? "null"} is not {{ email, name }} with an e-mail address.");
            }

            attendees.Add(new MailboxAddress(Text((JsonObject)item!, "name") ?? string.Empty, parsed.Address));
        }

        return attendees;
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
