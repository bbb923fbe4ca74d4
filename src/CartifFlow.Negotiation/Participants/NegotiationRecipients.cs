using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.WrittenProcedures;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// Resolves the negotiation's recipient groups. Each party's message goes to its focal point with its chief
/// negotiator in copy when they read the same language; a person who reads another language gets the same
/// message in their language. Information copies (observers) are separate messages marked as such.
/// </summary>
internal sealed class NegotiationRecipients : IRecipientResolver
{
    /// <summary>Focal points of the parties taking part (one message per party).</summary>
    public const string FocalPoints = "focal-points";

    /// <summary>Chief negotiators of the parties taking part.</summary>
    public const string ChiefNegotiators = "chief-negotiators";

    /// <summary>Observers: people with the observer role and people of observer parties.</summary>
    public const string Observers = "observers";

    /// <summary>Secretariat staff.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>The Secretariat lead.</summary>
    public const string SecretariatLead = "secretariat-lead";

    /// <summary>Focal points of taking-part parties that have not responded to this procedure.</summary>
    public const string NonResponders = "non-responders";

    /// <summary>Chief negotiators of taking-part parties that have not responded to this procedure.</summary>
    public const string MissingChiefNegotiators = "missing-chief-negotiators";

    /// <summary>The person whose action caused the message (e.g. a receipt).</summary>
    public const string Actor = "actor";

    public IReadOnlySet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal)
        { FocalPoints, ChiefNegotiators, Observers, Secretariat, SecretariatLead, NonResponders, MissingChiefNegotiators, Actor };

    public async Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var people = await ParticipantDirectory.PeopleAsync(db, context.CancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(db, context.CancellationToken).ConfigureAwait(false);
        // A workflow may fix its parties in the variable 'parties' (a written procedure does, at circulation).
        var fixedParties = (context.Variables["parties"] as JsonArray)?.Select(c => c?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var negotiating = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating && (fixedParties is null || fixedParties.Contains(p.Code)))
            .Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var observerParties = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Observer).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var responded = await RespondedPartiesAsync(context).ConfigureAwait(false);
        var links = context.Services.GetService(typeof(IActionLinks)) as IActionLinks;
        // One-click links go to those who answer for a taking-part party, while a written procedure is open.
        JsonObject? LinksFor(Person person) =>
            links is not null && context.Definition.Id == "written-procedure" && context.Instance.Status == Engine.Persistence.InstanceStatus.Running
            && person.PartyCode is { } party && negotiating.Contains(party) && (person.Holds(NegotiationRoles.FocalPoint) || person.Holds(NegotiationRoles.ChiefNegotiator))
                ? links.For(person, context)
                : null;

        IEnumerable<Person> Members(string group) => group switch
        {
            FocalPoints => people.Where(p => p.Holds(NegotiationRoles.FocalPoint) && p.PartyCode is { } c && negotiating.Contains(c)),
            ChiefNegotiators => people.Where(p => p.Holds(NegotiationRoles.ChiefNegotiator) && p.PartyCode is { } c && negotiating.Contains(c)),
            NonResponders => people.Where(p => p.Holds(NegotiationRoles.FocalPoint) && p.PartyCode is { } c && negotiating.Contains(c) && !responded.Contains(c)),
            MissingChiefNegotiators => people.Where(p => p.Holds(NegotiationRoles.ChiefNegotiator) && p.PartyCode is { } c && negotiating.Contains(c) && !responded.Contains(c)),
            Observers => people.Where(p => p.Holds(NegotiationRoles.Observer) || (p.PartyCode is { } c && observerParties.Contains(c))),
            Secretariat => people.Where(p => p.Holds(NegotiationRoles.Secretariat)),
            SecretariatLead => people.Where(p => p.Holds(NegotiationRoles.SecretariatLead)),
            Actor => people.Where(p => p.Id == context.Actor.Id),
            _ => throw new InvalidOperationException($"Unknown recipient group '{group}'."),
        };

        var primary = to.SelectMany(Members).DistinctBy(p => p.Id).ToList();
        var copies = cc.SelectMany(Members).DistinctBy(p => p.Id).Where(p => primary.All(x => x.Id != p.Id)).ToList();
        var envelopes = new List<Envelope>();
        var copied = new HashSet<string>(StringComparer.Ordinal);

        // One message per party (or per person without a party) and language: To the primary recipients,
        // Cc those of the same party who read the same language.
        foreach (var group in primary.GroupBy(p => (p.PartyCode, p.PartyCode is null ? p.Id : null, p.Language)))
        {
            var sameParty = copies.Where(c => c.PartyCode is not null && c.PartyCode == group.Key.PartyCode && c.Language == group.Key.Language).ToList();
            copied.UnionWith(sameParty.Select(c => c.Id));
            var first = group.First();
            envelopes.Add(new Envelope(
                [.. group.Select(Address)],
                [.. sameParty.Select(Address)],
                first.Language,
                first.TimeZone,
                Model(first, "to", parties, LinksFor(first))));
        }

        foreach (var person in copies.Where(c => !copied.Contains(c.Id)))
        {
            envelopes.Add(new Envelope([Address(person)], [], person.Language, person.TimeZone, Model(person, "cc", parties, LinksFor(person))));
        }

        var addressed = primary.Concat(copies).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var person in info.SelectMany(Members).DistinctBy(p => p.Id).Where(p => !addressed.Contains(p.Id)))
        {
            envelopes.Add(new Envelope([Address(person)], [], person.Language, person.TimeZone, Model(person, "info", parties, null)));
        }

        return envelopes;
    }

    private static MailAddress Address(Person person) => new(person.Email, person.Name);

    private static JsonObject Model(Person person, string kind, IReadOnlyList<Party> parties, JsonObject? links)
    {
        var party = parties.FirstOrDefault(p => p.Code == person.PartyCode);
        return new JsonObject
        {
            ["id"] = person.Id,
            ["name"] = person.Name,
            ["language"] = person.Language,
            ["timeZone"] = person.TimeZone,
            ["party"] = person.PartyCode,
            ["partyName"] = party is null ? null : person.Language == "ru" ? party.NameRu : party.Name,
            ["roles"] = new JsonArray([.. person.Roles.Select(r => JsonValue.Create(r.Role))]),
            ["copy"] = kind,
            ["links"] = links,
        };
    }

    private static async Task<HashSet<string>> RespondedPartiesAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var stored = await context.Db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == id)
            .Select(r => r.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<ProcedureResponse>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id).Select(e => e.Entity.PartyCode);
        return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
    }
}
