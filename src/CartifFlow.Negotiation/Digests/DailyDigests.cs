using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Digests;

/// <summary>
/// The daily digest: each person who chose one (<see cref="Person.Digest"/>) gets, once a day from 08:00 in their time
/// zone, one message (<c>digest</c>) listing the reminders and information copies held for them since the last one
/// (<see cref="OutboxStatus.Held"/>); those are then marked <see cref="OutboxStatus.Digested"/> and never go alone.
/// Run often (the recurring job runs it every 15 minutes); a person gets at most one digest per local day.
/// </summary>
public sealed class DailyDigests(IWorkflowDbContextFactory factory, TimeProvider time)
{
    /// <summary>The template of the digest.</summary>
    public const string Template = "digest";

    /// <summary>When the digest goes, in the reader's time zone.</summary>
    public static readonly TimeOnly Morning = new(8, 0);

    /// <summary>Writes the digests due now; returns how many.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = factory.CreateDbContext();
        var readers = (await ParticipantDirectory.PeopleAsync(db, cancellationToken).ConfigureAwait(false)).Where(p => p.Digest && p.Active).ToList();
        if (readers.Count == 0)
        {
            return 0;
        }

        var held = await db.Outbox.Where(m => m.Status == OutboxStatus.Held).ToListAsync(cancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var person in readers)
        {
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(person.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
            var local = TimeZoneInfo.ConvertTime(now, zone);
            if (TimeOnly.FromDateTime(local.DateTime) < Morning)
            {
                continue;
            }

            var morning = DateOnly.FromDateTime(local.DateTime).ToDateTime(Morning);
            var since = new DateTimeOffset(morning, zone.GetUtcOffset(morning));
            var theirs = held.Where(m => Addressees(m).Contains(person.Email, StringComparer.OrdinalIgnoreCase)).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToList();
            if (theirs.Count == 0)
            {
                continue;
            }

            var sentToday = await db.Outbox.AsNoTracking()
                .Where(m => m.Template == Template && m.CreatedAt >= since).Select(m => m.ToJson).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (sentToday.Any(to => to.Contains(person.Email, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            db.Outbox.Add(Digest(person, parties, theirs, now));
            foreach (var m in theirs)
            {
                m.Status = OutboxStatus.Digested;
                m.LastError = "listed in the daily digest";
            }

            written++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static IEnumerable<string> Addressees(OutboxMessageRecord m) =>
        (JsonSerializer.Deserialize<List<MailAddress>>(m.ToJson) ?? []).Select(a => a.Address);

    private static OutboxMessageRecord Digest(Person person, IReadOnlyList<Party> parties, List<OutboxMessageRecord> items, DateTimeOffset now)
    {
        var list = new JsonArray();
        foreach (var m in items)
        {
            var model = JsonNode.Parse(m.ModelJson)!.AsObject();
            var variables = model["variables"] as JsonObject;
            var recipient = model["recipient"] as JsonObject;
            list.Add(new JsonObject
            {
                ["kind"] = recipient?["copy"]?.GetValue<string>() == "info" ? "info" : "reminder",
                ["template"] = m.Template,
                ["workflow"] = model["workflow"]?.DeepClone(),
                ["key"] = model["correlationKey"]?.DeepClone(),
                ["title"] = variables?["title"]?.DeepClone(),
                ["deadline"] = variables?["deadline"]?.DeepClone() ?? (model["with"]?["meeting"]?["start"])?.DeepClone(),
                ["at"] = m.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        var party = parties.FirstOrDefault(p => p.Code == person.PartyCode);
        var last = items[^1];
        var digest = new JsonObject
        {
            ["workflow"] = "digest",
            ["instanceId"] = last.InstanceId,
            ["correlationKey"] = "digest",
            ["state"] = "digest",
            ["trigger"] = "digest",
            ["actor"] = "system",
            ["at"] = now,
            ["variables"] = new JsonObject { ["items"] = list },
            ["payload"] = new JsonObject(),
            ["with"] = new JsonObject(),
            ["recipient"] = new JsonObject
            {
                ["id"] = person.Id, ["name"] = person.Name, ["language"] = person.Language, ["timeZone"] = person.TimeZone, ["party"] = person.PartyCode,
                ["partyName"] = party is null ? null : person.Language == "ru" ? party.NameRu : party.Name, ["copy"] = "to",
            },
        };
        return new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(),
            InstanceId = last.InstanceId,
            AuditSequence = last.AuditSequence,
            Template = Template,
            Language = person.Language,
            TimeZone = person.TimeZone,
            ToJson = JsonSerializer.Serialize(new[] { new MailAddress(person.Email, person.Name) }),
            CcJson = "[]",
            ModelJson = digest.ToJsonString(),
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
