using System.Text.Json.Nodes;
using CartifFlow.Engine;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// A recipient group of one feature (a written procedure's non-responders, a working group's members): who it is
/// for the step in progress. Registered by the feature with <c>NegotiationFeatures.Recipients</c>; the
/// resolver knows the groups of the registry itself (focal points, chief negotiators, observers, the Secretariat).
/// </summary>
internal sealed class NegotiationRecipientGroup(string name, Func<RecipientScope, Task<IEnumerable<Person>>> members) : IRecipientGroup
{
    public string Name => name;

    public Task<IEnumerable<Person>> MembersAsync(RecipientScope scope) => members(scope);
}

/// <summary>Who in a workflow answers by one-click links in their messages (registered by its feature).</summary>
/// <param name="Workflow">The workflow's id.</param>
/// <param name="Answers">Whether a person of a taking-part party answers in it.</param>
internal sealed record OneClickAnswerers(string Workflow, Func<Person, bool> Answers);

/// <summary>The domain's additions to the engine's feature registration.</summary>
internal static class NegotiationFeatures
{
    /// <summary>A recipient group of the feature.</summary>
    public static WorkflowFeatureBuilder Recipients(this WorkflowFeatureBuilder feature, string name, Func<RecipientScope, Task<IEnumerable<Person>>> members)
    {
        ArgumentNullException.ThrowIfNull(feature);
        feature.Services.AddSingleton<IRecipientGroup>(new NegotiationRecipientGroup(name, members));
        return feature;
    }

    /// <summary>A recipient group of the feature that needs no reads.</summary>
    public static WorkflowFeatureBuilder Recipients(this WorkflowFeatureBuilder feature, string name, Func<RecipientScope, IEnumerable<Person>> members) =>
        feature.Recipients(name, scope => Task.FromResult(members(scope)));

    /// <summary>Messages of the feature's workflow carry one-click links for the people who answer in it, while it is open.</summary>
    public static WorkflowFeatureBuilder OneClickLinks(this WorkflowFeatureBuilder feature, string workflow, Func<Person, bool> answers)
    {
        ArgumentNullException.ThrowIfNull(feature);
        feature.Services.AddSingleton(new OneClickAnswerers(workflow, answers));
        return feature;
    }
}

/// <summary>
/// Resolves the negotiation's recipient groups. Each party's message goes to its focal point with its chief
/// negotiator in copy when they read the same language; a person who reads another language gets the same
/// message in their language. Information copies (observers) are separate messages marked as such.
/// Groups that depend on the instance (who has not answered, a working group's members, a meeting's invitees)
/// read the step's unit of work, rows added by the step included.
/// </summary>
/// <param name="actionLinks">The host's one-click links, when it has them (the web host; the command line has none).</param>
/// <param name="featureGroups">The recipient groups the features registered.</param>
/// <param name="oneClickAnswerers">Who answers by one-click links, per workflow (registered by the features).</param>
internal sealed class NegotiationRecipients(IEnumerable<IActionLinks> actionLinks, IEnumerable<IRecipientGroup> featureGroups, IEnumerable<OneClickAnswerers> oneClickAnswerers) : IRecipientResolver
{
    private readonly IActionLinks? _links = actionLinks.LastOrDefault();
    private readonly Dictionary<string, NegotiationRecipientGroup> _featureGroups = featureGroups.Select(g => g as NegotiationRecipientGroup
            ?? throw new InvalidOperationException($"Recipient group '{g.Name}' is not one the negotiation resolves (register it with NegotiationFeatures.Recipients)."))
        .ToDictionary(g => g.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Person, bool>> _answerers = oneClickAnswerers.ToDictionary(a => a.Workflow, a => a.Answers, StringComparer.Ordinal);

    /// <summary>Focal points of the parties taking part (one message per party).</summary>
    public const string FocalPoints = "focal-points";

    /// <summary>Chief negotiators of the parties taking part.</summary>
    public const string ChiefNegotiators = "chief-negotiators";

    /// <summary>Delegations of the parties taking part: focal point and chief negotiator of each.</summary>
    public const string Delegations = "delegations";

    /// <summary>Observers: people with the observer role and people of observer parties.</summary>
    public const string Observers = "observers";

    /// <summary>Secretariat staff.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>The Secretariat lead.</summary>
    public const string SecretariatLead = "secretariat-lead";

    /// <summary>The person whose action caused the message (e.g. a receipt).</summary>
    public const string Actor = "actor";

    // The features' groups: named here for every step that addresses them, resolved by the feature that registers them
    // (its AddXxx: NegotiationFeatures.Recipients).

    /// <summary>Focal points of taking-part parties that have not responded to this procedure.</summary>
    public const string NonResponders = "non-responders";

    /// <summary>Chief negotiators of taking-part parties that have not responded to this procedure.</summary>
    public const string MissingChiefNegotiators = "missing-chief-negotiators";

    /// <summary>Stage transition: chief negotiators of taking-part parties that have not answered the current round.</summary>
    public const string UndecidedChiefNegotiators = "undecided-chief-negotiators";

    /// <summary>Stage transition: the current delegates of those parties.</summary>
    public const string UndecidedDelegates = "undecided-delegates";

    /// <summary>Every lead negotiator holding a current delegation of approvals for a taking-part party.</summary>
    public const string ActiveDelegates = "active-delegates";

    /// <summary>Delegation: the named delegate.</summary>
    public const string Delegate = "delegate";

    /// <summary>Delegation: the chief negotiator who delegates.</summary>
    public const string Delegator = "delegator";

    /// <summary>Working group (or its round, or a session of it): focal points of the member parties.</summary>
    public const string WorkingGroupMembers = "working-group-members";

    /// <summary>Working group: lead negotiators and technical experts of the member parties for the group's area.</summary>
    public const string WorkingGroupNegotiators = "working-group-negotiators";

    /// <summary>Working group: people of its observer parties.</summary>
    public const string WorkingGroupObservers = "working-group-observers";

    /// <summary>Text round: focal points of member parties that have sent nothing on this revision yet.</summary>
    public const string RoundNonCommenters = "round-non-commenters";

    /// <summary>Meeting: its invitees by audience (delegations, chief negotiators, or a working group's members and negotiators).</summary>
    public const string Invitees = "invitees";

    /// <summary>Readiness consultation: focal point and chief negotiator of the party consulted.</summary>
    public const string ConsultedParty = "consulted-party";

    /// <summary>Capacity building: focal points of the parties it serves.</summary>
    public const string Beneficiaries = "beneficiaries";

    /// <summary>
    /// Admission to a working group: the admitted party's focal point, chief negotiator and observers, and its lead
    /// negotiators and technical experts for the group's area.
    /// </summary>
    public const string AdmittedParty = "admitted-party";

    /// <summary>The groups of the registry; the engine adds the features' groups to them.</summary>
    public IReadOnlySet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FocalPoints, ChiefNegotiators, Delegations, Observers, Secretariat, SecretariatLead, Actor,
    };

    public async Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var people = await ParticipantDirectory.PeopleAsync(db, context.CancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(db, context.CancellationToken).ConfigureAwait(false);
        var scope = new RecipientScope(context, people, parties);
        var members = new Dictionary<string, List<Person>>(StringComparer.Ordinal);
        var links = _links;

        // One-click links go to those who answer for a taking-part party while a written procedure is open (focal points
        // and chief negotiators), a stage transition is open (chief negotiators) or a meeting is ahead (its invitees:
        // attending, not attending, sending someone else). They are bound to the person: a
        // message that carries them goes to that person alone (never with anyone in Cc).
        var personalLinks = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        JsonObject? LinksFor(Person person)
        {
            if (!personalLinks.TryGetValue(person.Id, out var made))
            {
                // Not in the notices of an outcome: the step entering a final state still runs, but nothing is left to answer.
                made = links is not null && context.Instance.Status == Engine.Persistence.InstanceStatus.Running
                    && context.Definition.States.GetValueOrDefault(context.Instance.State) is not { Final: true }
                    && person.PartyCode is { } party && scope.Negotiating.Contains(party)
                    && _answerers.TryGetValue(context.Definition.Id, out var answers) && answers(person)
                        ? links.For(person, context)
                        : null;
                personalLinks[person.Id] = made;
            }

            return made;
        }

        foreach (var group in to.Concat(cc).Concat(info).Distinct(StringComparer.Ordinal))
        {
            members[group] = [.. await MembersAsync(scope, group).ConfigureAwait(false)];
        }

        var primary = to.SelectMany(g => members[g]).DistinctBy(p => p.Id).ToList();
        var copies = cc.SelectMany(g => members[g]).DistinctBy(p => p.Id).Where(p => primary.All(x => x.Id != p.Id)).ToList();
        var envelopes = new List<Envelope>();
        var copied = new HashSet<string>(StringComparer.Ordinal);

        // One message per primary recipient, written to that person (their name, language and time zone): the copies of
        // the same party who read the same language in the same time zone are in its Cc (on the first such message),
        // unless a message carries personal one-click links: then each copy gets a message of their own, with their own
        // links. Everyone else gets a copy of their own.
        foreach (var person in primary)
        {
            var sameParty = copies.Where(c => c.PartyCode is not null && c.PartyCode == person.PartyCode && c.Language == person.Language
                && c.TimeZone == person.TimeZone && !copied.Contains(c.Id)).ToList();
            if (LinksFor(person) is not null || person.Digest)
            {
                envelopes.Add(new Envelope([Address(person)], [], person.Language, person.TimeZone, Model(person, "to", parties, LinksFor(person))) { Digest = person.Digest });
                continue;
            }

            // A copy on a digest gets a message of its own (its reminders wait for its digest, the primary's do not).
            sameParty.RemoveAll(c => LinksFor(c) is not null || c.Digest);
            copied.UnionWith(sameParty.Select(c => c.Id));
            envelopes.Add(new Envelope([Address(person)], [.. sameParty.Select(Address)], person.Language, person.TimeZone, Model(person, "to", parties, null)));
        }

        foreach (var person in copies.Where(c => !copied.Contains(c.Id)))
        {
            envelopes.Add(new Envelope([Address(person)], [], person.Language, person.TimeZone, Model(person, "cc", parties, LinksFor(person))) { Digest = person.Digest });
        }

        var addressed = primary.Concat(copies).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var person in info.SelectMany(g => members[g]).DistinctBy(p => p.Id).Where(p => !addressed.Contains(p.Id)))
        {
            envelopes.Add(new Envelope([Address(person)], [], person.Language, person.TimeZone, Model(person, "info", parties, null)) { Digest = person.Digest, Information = true });
        }

        return envelopes;
    }

    private Task<IEnumerable<Person>> MembersAsync(RecipientScope scope, string group) => group switch
    {
        FocalPoints => Task.FromResult(scope.Holding(NegotiationRoles.FocalPoint, scope.Negotiating)),
        ChiefNegotiators => Task.FromResult(scope.Holding(NegotiationRoles.ChiefNegotiator, scope.Negotiating)),
        Delegations => Task.FromResult(scope.Holding(NegotiationRoles.FocalPoint, scope.Negotiating).Concat(scope.Holding(NegotiationRoles.ChiefNegotiator, scope.Negotiating))),
        Observers => Task.FromResult(scope.People.Where(p => p.Holds(NegotiationRoles.Observer) || (p.PartyCode is { } c && scope.ObserverParties.Contains(c)))),
        Secretariat => Task.FromResult(scope.People.Where(p => p.Holds(NegotiationRoles.Secretariat))),
        SecretariatLead => Task.FromResult(scope.People.Where(p => p.Holds(NegotiationRoles.SecretariatLead))),
        Actor => Task.FromResult(scope.People.Where(p => p.Id == scope.Context.Actor.Id)),
        _ when _featureGroups.TryGetValue(group, out var registered) => registered.MembersAsync(scope),
        _ => throw new InvalidOperationException($"Unknown recipient group '{group}'."),
    };

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
}

/// <summary>The step's view of who is who, for the recipient groups (the features' groups read their own rows through <see cref="Context"/>).</summary>
internal sealed class RecipientScope(IStepContext context, IReadOnlyList<Person> people, IReadOnlyList<Party> parties)
{
    /// <summary>The step in progress.</summary>
    public IStepContext Context => context;

    /// <summary>Everyone in the registry.</summary>
    public IReadOnlyList<Person> People => people;

    /// <summary>
    /// The parties taking part at this step. A workflow may fix its parties in the variable 'parties' (a written
    /// procedure does, at circulation): a party that joins later is not bound by it, one that stops taking part no longer counts.
    /// </summary>
    public HashSet<string> Negotiating { get; } = parties
        .Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating
            && (context.Variables["parties"] is not JsonArray fixedParties || fixedParties.Any(c => c?.GetValue<string>() == p.Code)))
        .Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>The parties taking part now, whatever the workflow fixed (a working group's members are fixed when it is set up; those that stop taking part no longer receive its texts).</summary>
    public HashSet<string> NegotiatingNow { get; } = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>The observer parties now.</summary>
    public HashSet<string> ObserverParties { get; } = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Observer).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>The scope of the step in progress, read from its unit of work.</summary>
    public static async Task<RecipientScope> ForStepAsync(IStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var people = await ParticipantDirectory.PeopleAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        return new RecipientScope(context, people, parties);
    }

    /// <summary>The people holding <paramref name="role"/> for one of <paramref name="partyCodes"/>.</summary>
    public IEnumerable<Person> Holding(string role, IReadOnlySet<string> partyCodes) =>
        people.Where(p => p.Holds(role) && p.PartyCode is { } c && partyCodes.Contains(c));

    /// <summary>The lead negotiators and technical experts of <paramref name="partyCodes"/> for an area.</summary>
    public IEnumerable<Person> Negotiators(IReadOnlySet<string> partyCodes, string? area) =>
        people.Where(p => p.PartyCode is { } c && partyCodes.Contains(c)
            && p.Roles.Any(r => r.AreaCode == area && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert));

    /// <summary>The taking-part parties but <paramref name="excluded"/>.</summary>
    public HashSet<string> Except(IReadOnlySet<string> excluded) => Negotiating.Where(p => !excluded.Contains(p)).ToHashSet(StringComparer.Ordinal);
}
