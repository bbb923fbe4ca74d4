using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Workflows;

/// <summary>Pieces of message models the negotiation's notices share: areas, parties, calendar entries (a phase: <c>PhaseNames.Model</c>).</summary>
internal static class NegotiationMessages
{
    /// <summary>An area as templates show it: <c>{ code, name, nameRu }</c>, or null.</summary>
    public static async Task<JsonObject?> AreaAsync(IStepContext context, string? code)
    {
        if (code is null)
        {
            return null;
        }

        var area = await context.Db.Set<NegotiatingArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, context.CancellationToken).ConfigureAwait(false);
        return new JsonObject { ["code"] = code, ["name"] = area?.Name ?? code, ["nameRu"] = area?.NameRu ?? code };
    }

    /// <summary>Parties as templates list them: <c>[{ code, name, nameRu }]</c>, in the order given.</summary>
    public static async Task<JsonArray> PartiesAsync(IStepContext context, IEnumerable<string> codes)
    {
        var parties = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Code, StringComparer.Ordinal);
        return new JsonArray([.. codes.Select(c => (JsonNode)new JsonObject
        {
            ["code"] = c,
            ["name"] = parties.TryGetValue(c, out var p) ? p.Name : c,
            ["nameRu"] = parties.TryGetValue(c, out var q) ? q.NameRu : c,
        })]);
    }

    /// <summary>A <c>with.calendar</c> entry (see docs/email.md): the message gets an .ics attachment.</summary>
    public static JsonObject Calendar(string uid, string summary, string description, DateTimeOffset start, int minutes = 30, string? location = null, string? fileName = null)
    {
        var entry = new JsonObject
        {
            ["uid"] = uid,
            ["summary"] = summary,
            ["description"] = description,
            ["start"] = StepInput.Iso(start),
            ["durationMinutes"] = minutes,
        };
        if (location is not null)
        {
            entry["location"] = location;
        }

        if (fileName is not null)
        {
            entry["fileName"] = fileName;
        }

        return entry;
    }
}
