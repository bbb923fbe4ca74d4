using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Rounds;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Negotiation.WrittenProcedures;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// Resolves the negotiation's recipient groups. Each party's message goes to its focal point with its chief
/// negotiator in copy when they read the same language; a person who reads another language gets the same
/// message in their language. Information copies (observers) are separate messages marked as such.
/// Groups that depend on the instance (who has not answered, a working group's members, a meeting's invitees)
/// read the step's unit of work, rows added by the step included.
/// </summary>
/// <param name="actionLinks">The host's one-click links, when it has them (the web host; the command line has none).</param>
internal sealed class NegotiationRecipients(IEnumerable<IActionLinks> actionLinks) : IRecipientResolver
{
    private readonly IActionLinks? _links = actionLinks.LastOrDefault();

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

    /// <summary>Focal points of taking-part parties that have not responded to this procedure.</summary>
    public const string NonResponders = "non-responders";

    /// <summary>Chief negotiators of taking-part parties that have not responded to this procedure.</summary>
    public const string MissingChiefNegotiators = "missing-chief-negotiators";

    /// <summary>The person whose action caused the message (e.g. a receipt).</summary>
    public const string Actor = "actor";

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

    public IReadOnlySet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FocalPoints, ChiefNegotiators, Delegations, Observers, Secretariat, SecretariatLead, NonResponders, MissingChiefNegotiators, Actor,
        UndecidedChiefNegotiators, UndecidedDelegates, ActiveDelegates, Delegate, Delegator,
        WorkingGroupMembers, WorkingGroupNegotiators, WorkingGroupObservers, RoundNonCommenters, Invitees, ConsultedParty, Beneficiaries, AdmittedParty,
    };

    public async Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var people = await ParticipantDirectory.PeopleAsync(db, context.CancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(db, context.CancellationToken).ConfigureAwait(false);
        var scope = new Scope(context, people, parties);
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
                    && context.Definition.Id switch
                    {
                        "written-procedure" => person.Holds(NegotiationRoles.FocalPoint) || person.Holds(NegotiationRoles.ChiefNegotiator),
                        "stage-transition" => person.Holds(NegotiationRoles.ChiefNegotiator),
                        // Every invitee answers whether their delegation attends (Meetings: record-attendance).
                        "meeting" => true,
                        _ => false,
                    }
                        ? links.For(person, context)
                        : null;
                personalLinks[person.Id] = made;
            }

            return made;
        }

        foreach (var group in to.Concat(cc).Concat(info).Distinct(StringComparer.Ordinal))
        {
            members[group] = [.. await scope.MembersAsync(group).ConfigureAwait(false)];
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

    /// <summary>The people of a group for the step in progress (e.g. a meeting's invitees, its calendar entry's attendees).</summary>
    public static async Task<IReadOnlyList<Person>> MembersOfAsync(IStepContext context, string group)
    {
        var people = await ParticipantDirectory.PeopleAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var parties = await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        return [.. (await new Scope(context, people, parties).MembersAsync(group).ConfigureAwait(false)).DistinctBy(p => p.Id)];
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

    /// <summary>The step's view of who is who, and the instance-specific lookups.</summary>
    private sealed class Scope(IStepContext context, IReadOnlyList<Person> people, IReadOnlyList<Party> parties)
    {
        // A workflow may fix its parties in the variable 'parties' (a written procedure does, at circulation):
        // a party that joins later is not bound by it, one that stops taking part no longer counts.
        private readonly HashSet<string> _negotiating = parties
            .Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating
                && (context.Variables["parties"] is not JsonArray fixedParties || fixedParties.Any(c => c?.GetValue<string>() == p.Code)))
            .Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        // A working group's members are fixed when it is set up; those that stop taking part no longer receive its texts.
        private readonly HashSet<string> _negotiatingNow = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Negotiating).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _observerParties = parties.Where(p => p.StatusAt(context.Now) == PartyStatus.Observer).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

        public async Task<IEnumerable<Person>> MembersAsync(string group)
        {
            switch (group)
            {
                case FocalPoints:
                    return Holding(NegotiationRoles.FocalPoint, _negotiating);
                case ChiefNegotiators:
                    return Holding(NegotiationRoles.ChiefNegotiator, _negotiating);
                case Delegations:
                    return Holding(NegotiationRoles.FocalPoint, _negotiating).Concat(Holding(NegotiationRoles.ChiefNegotiator, _negotiating));
                case NonResponders:
                    return Holding(NegotiationRoles.FocalPoint, Except(await RespondedPartiesAsync().ConfigureAwait(false)));
                case MissingChiefNegotiators:
                    return Holding(NegotiationRoles.ChiefNegotiator, Except(await RespondedPartiesAsync().ConfigureAwait(false)));
                case Observers:
                    return people.Where(p => p.Holds(NegotiationRoles.Observer) || (p.PartyCode is { } c && _observerParties.Contains(c)));
                case Secretariat:
                    return people.Where(p => p.Holds(NegotiationRoles.Secretariat));
                case SecretariatLead:
                    return people.Where(p => p.Holds(NegotiationRoles.SecretariatLead));
                case Actor:
                    return people.Where(p => p.Id == context.Actor.Id);
                case UndecidedChiefNegotiators:
                    return Holding(NegotiationRoles.ChiefNegotiator, Except(await AnsweredPartiesAsync().ConfigureAwait(false)));
                case UndecidedDelegates:
                    return await DelegatesAsync(Except(await AnsweredPartiesAsync().ConfigureAwait(false))).ConfigureAwait(false);
                case ActiveDelegates:
                    return await DelegatesAsync(_negotiating).ConfigureAwait(false);
                case Delegate:
                case Delegator:
                    var delegation = await context.Db.Set<ApprovalDelegation>().FindAsync([context.Instance.Id], context.CancellationToken).ConfigureAwait(false);
                    var id = group == Delegate ? delegation?.DelegateId : delegation?.ChiefNegotiatorId;
                    return people.Where(p => p.Id == id);
                case WorkingGroupMembers:
                    var forMembers = await WorkingGroupAsync().ConfigureAwait(false);
                    return Holding(NegotiationRoles.FocalPoint, PartiesOf(forMembers, WorkingGroupRole.Member));
                case WorkingGroupNegotiators:
                    var forNegotiators = await WorkingGroupAsync().ConfigureAwait(false);
                    var memberParties = PartiesOf(forNegotiators, WorkingGroupRole.Member);
                    return people.Where(p => p.PartyCode is { } c && memberParties.Contains(c)
                        && p.Roles.Any(r => r.AreaCode == forNegotiators?.AreaCode && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert));
                case WorkingGroupObservers:
                    var observing = PartiesOf(await WorkingGroupAsync().ConfigureAwait(false), WorkingGroupRole.Observer);
                    return people.Where(p => p.PartyCode is { } c && observing.Contains(c));
                case RoundNonCommenters:
                    var round = await WorkingGroupAsync().ConfigureAwait(false);
                    var commented = await CommentedPartiesAsync().ConfigureAwait(false);
                    return Holding(NegotiationRoles.FocalPoint, PartiesOf(round, WorkingGroupRole.Member).Where(p => !commented.Contains(p)).ToHashSet(StringComparer.Ordinal));
                case Invitees:
                    return await InviteesAsync().ConfigureAwait(false);
                case ConsultedParty:
                    var party = StepInput.Variable(context, "party");
                    return people.Where(p => p.PartyCode == party && (p.Holds(NegotiationRoles.FocalPoint) || p.Holds(NegotiationRoles.ChiefNegotiator)));
                case AdmittedParty:
                    var admitted = StepInput.Variable(context, "party");
                    var admittedTo = StepInput.Variable(context, "area");
                    return people.Where(p => p.PartyCode == admitted
                        && (p.Holds(NegotiationRoles.FocalPoint) || p.Holds(NegotiationRoles.ChiefNegotiator) || p.Holds(NegotiationRoles.Observer)
                            || p.Roles.Any(r => r.AreaCode == admittedTo && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert)));
                case Beneficiaries:
                    var served = StepInput.Codes(context.Variables["parties"], "parties").ToHashSet(StringComparer.Ordinal);
                    return Holding(NegotiationRoles.FocalPoint, served.Count == 0 ? _negotiating : served);
                default:
                    throw new InvalidOperationException($"Unknown recipient group '{group}'.");
            }
        }

        private IEnumerable<Person> Holding(string role, HashSet<string> partyCodes) =>
            people.Where(p => p.Holds(role) && p.PartyCode is { } c && partyCodes.Contains(c));

        /// <summary>The parties taking part (at this step, and among those fixed by the workflow if it fixes them).</summary>
        public HashSet<string> Negotiating => _negotiating;

        private HashSet<string> Except(HashSet<string> excluded) => _negotiating.Where(p => !excluded.Contains(p)).ToHashSet(StringComparer.Ordinal);

        private async Task<IEnumerable<Person>> DelegatesAsync(HashSet<string> partyCodes)
        {
            var delegations = await context.Db.Set<ApprovalDelegation>().AsNoTracking().ToListAsync(context.CancellationToken).ConfigureAwait(false);
            var ids = delegations.Where(d => d.IsActiveAt(context.Now) && partyCodes.Contains(d.PartyCode)).Select(d => d.DelegateId).ToHashSet(StringComparer.Ordinal);
            return people.Where(p => ids.Contains(p.Id));
        }

        private async Task<HashSet<string>> RespondedPartiesAsync()
        {
            var id = context.Instance.Id;
            var stored = await context.Db.Set<ProcedureResponse>().AsNoTracking().Where(r => r.InstanceId == id)
                .Select(r => r.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
            var pending = context.Db.ChangeTracker.Entries<ProcedureResponse>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id).Select(e => e.Entity.PartyCode);
            return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
        }

        private async Task<HashSet<string>> AnsweredPartiesAsync()
        {
            var id = context.Instance.Id;
            var round = StepInput.IntegerVariable(context, "round", 1);
            var stored = await context.Db.Set<TransitionAnswer>().AsNoTracking().Where(a => a.InstanceId == id && a.Round == round)
                .Select(a => a.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
            var pending = context.Db.ChangeTracker.Entries<TransitionAnswer>().Where(e => e.State == EntityState.Added && e.Entity.InstanceId == id && e.Entity.Round == round).Select(e => e.Entity.PartyCode);
            return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
        }

        private async Task<HashSet<string>> CommentedPartiesAsync()
        {
            var id = context.Instance.Id;
            var stored = await context.Db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == id)
                .Select(c => c.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
            var pending = context.Db.ChangeTracker.Entries<RoundComment>().Where(e => e.State == EntityState.Added && e.Entity.RoundInstanceId == id).Select(e => e.Entity.PartyCode);
            return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
        }

        /// <summary>The working group of the instance: itself, the group its round belongs to, or the group of a meeting's area.</summary>
        private Task<WorkingGroup?> WorkingGroupAsync() =>
            WorkingGroupDirectory.FindForStepAsync(context);

        private HashSet<string> PartiesOf(WorkingGroup? group, WorkingGroupRole role) =>
            group?.Participants.Where(p => p.Role == role && (role != WorkingGroupRole.Member || _negotiatingNow.Contains(p.PartyCode)))
                .Select(p => p.PartyCode).ToHashSet(StringComparer.Ordinal) ?? [];

        private async Task<IEnumerable<Person>> InviteesAsync()
        {
            switch (StepInput.Variable(context, "audience"))
            {
                case "chief-negotiators":
                    return Holding(NegotiationRoles.ChiefNegotiator, _negotiating);
                case "working-group":
                    var group = await WorkingGroupAsync().ConfigureAwait(false);
                    var members = PartiesOf(group, WorkingGroupRole.Member);
                    return Holding(NegotiationRoles.FocalPoint, members)
                        .Concat(people.Where(p => p.PartyCode is { } c && members.Contains(c) && p.Roles.Any(r => r.AreaCode == group?.AreaCode && r.Role is NegotiationRoles.LeadNegotiator or NegotiationRoles.TechnicalExpert)));
                default:
                    return Holding(NegotiationRoles.FocalPoint, _negotiating).Concat(Holding(NegotiationRoles.ChiefNegotiator, _negotiating));
            }
        }
    }
}
