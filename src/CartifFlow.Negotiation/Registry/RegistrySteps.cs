using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Registry;

/// <summary>
/// The registry's steps (<c>registry.yaml</c>): each reads and writes the people and parties through the step's unit
/// of work, so that the change, its audit event and the sessions it ends commit together or not at all. Each writes
/// into the step's payload what it did (the person's id, the roles before and after), so that the audit chain says it.
/// </summary>
public static class RegistrySteps
{
    /// <summary>The registry's one instance.</summary>
    public const string Key = "CARTIF";

    /// <summary>The variable that names the person the last step added or changed.</summary>
    public const string PersonVariable = "person";

    /// <summary>Longest person id.</summary>
    public const int MaxId = 100;

    /// <summary>Roles for which a party has one holder at a time (replaced rather than added).</summary>
    public static readonly IReadOnlyList<string> SingleHolderRoles = [NegotiationRoles.FocalPoint, NegotiationRoles.ChiefNegotiator];

    /// <summary>Roles held per negotiating area.</summary>
    public static readonly IReadOnlyList<string> AreaRoles = [NegotiationRoles.LeadNegotiator, NegotiationRoles.TechnicalExpert];

    /// <summary>Roles held for a party.</summary>
    public static readonly IReadOnlyList<string> PartyRoles = [NegotiationRoles.FocalPoint, NegotiationRoles.ChiefNegotiator, NegotiationRoles.LeadNegotiator, NegotiationRoles.TechnicalExpert];

    /// <summary>Roles of Secretariat staff (no party).</summary>
    public static readonly IReadOnlyList<string> SecretariatRoles = [NegotiationRoles.Secretariat, NegotiationRoles.SecretariatLead];

    /// <summary>A role as the registry writes it: <c>focal-point</c>, <c>lead-negotiator@TF</c>.</summary>
    public static string Name(PersonRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return role.AreaCode is null ? role.Role : $"{role.Role}@{role.AreaCode}";
    }

    /// <summary>True when <paramref name="id"/> may name a person: lower-case letters, digits and dashes, 1 to 100.</summary>
    public static bool IsValidId(string id) =>
        id is { Length: >= 1 and <= MaxId } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && id[0] != '-';

    /// <summary>The status's name as the API and the files write it.</summary>
    public static string StatusName(PartyStatus status) => status switch
    {
        PartyStatus.Negotiating => "negotiating",
        PartyStatus.Observer => "observer",
        _ => "not-participating",
    };

    /// <summary>Reads a status name (negotiating, observer, not-participating).</summary>
    public static bool TryStatus(string? value, out PartyStatus status)
    {
        status = default;
        return value is "negotiating" or "observer" or "not-participating"
            && Enum.TryParse(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out status);
    }

    internal static async Task<Person> PersonAsync(IStepContext context, string field = "person")
    {
        var id = StepInput.Text(context.Payload, field, MaxId) ?? throw new StepRejectedException("Name the person.", field) { Code = "person-required" };
        return await context.Db.Set<Person>().Include(p => p.Roles).FirstOrDefaultAsync(p => p.Id == id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new StepRejectedException($"There is no person '{id}'.", field, StepOutcome.NotFound) { Code = "person-unknown", Arguments = [id] };
    }

    internal static void RequireActive(Person person, string field)
    {
        if (!person.Active)
        {
            throw new StepRejectedException($"{person.Id} has been deactivated: their record is kept as it was.", field, StepOutcome.Closed) { Code = "person-inactive", Arguments = [person.Id] };
        }
    }

    internal static string Language(IStepContext context, string? current)
    {
        var language = StepInput.Text(context.Payload, "language", 10) ?? current ?? "en";
        return language is "en" or "ru" ? language : throw new StepRejectedException($"'{language}' is not a language of the negotiation (en, ru).", "language") { Code = "language-unknown", Arguments = [language] };
    }

    internal static string TimeZone(IStepContext context, string? current)
    {
        var zone = StepInput.Text(context.Payload, "timeZone", 64) ?? current ?? "UTC";
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
            ? zone
            : throw new StepRejectedException($"'{zone}' is not a time zone (use an IANA name such as Asia/Ulaanbaatar).", "timeZone") { Code = "time-zone-unknown", Arguments = [zone] };
    }

    internal static async Task<string> EmailAsync(IStepContext context, string? current, string? personId)
    {
        var email = StepInput.Text(context.Payload, "email", 320) ?? current
            ?? throw new StepRejectedException("Give the person's e-mail address.", "email") { Code = "email-required" };
        if (!IsMailbox(email))
        {
            throw new StepRejectedException($"'{email}' is not an e-mail address (one address, such as name@example.org).", "email") { Code = "email-invalid", Arguments = [email] };
        }

        // Addresses are compared as sign-in compares them: case-insensitively, on every provider alike.
        var taken = (await context.Db.Set<Person>().AsNoTracking().Where(p => p.Id != personId).Select(p => new { p.Id, p.Email }).ToListAsync(context.CancellationToken).ConfigureAwait(false))
            .FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
        return taken is null
            ? email
            : throw new StepRejectedException($"{email} is already the address of {taken.Id} (addresses stay with a person, deactivated or not).", "email") { Code = "email-taken", Arguments = [email, taken.Id] };
    }

    private static bool IsMailbox(string email)
    {
        try
        {
            var address = new System.Net.Mail.MailAddress(email);
            return address.Address == email && email.Contains('@', StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The roles of the payload's <c>roles</c> (a list, or text separated by commas: <c>focal-point</c>,
    /// <c>lead-negotiator@TF</c>), checked against the person's party and the areas.
    /// </summary>
    internal static async Task<List<(string Role, string? Area)>> RolesAsync(IStepContext context, string? party)
    {
        IEnumerable<string?> items = context.Payload["roles"] switch
        {
            null => [],
            JsonArray array => array.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new StepRejectedException("'roles' must list roles as text.", "roles") { Code = "not-a-code-list", Arguments = ["roles"] }),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split(','),
            _ => throw new StepRejectedException("'roles' must list roles as text.", "roles") { Code = "not-a-code-list", Arguments = ["roles"] },
        };
        var areas = await context.Db.Set<NegotiatingArea>().AsNoTracking().Select(a => a.Code).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var roles = new List<(string Role, string? Area)>();
        foreach (var item in items.Select(i => i!.Trim()).Where(i => i.Length > 0))
        {
            var at = item.IndexOf('@', StringComparison.Ordinal);
            var role = (at < 0 ? item : item[..at]).ToLowerInvariant();
            var area = at < 0 ? null : item[(at + 1)..].ToUpperInvariant();
            if (!NegotiationRoles.All.Contains(role))
            {
                throw new StepRejectedException($"'{role}' is not a role of the negotiation ({string.Join(", ", NegotiationRoles.All)}).", "roles") { Code = "role-unknown", Arguments = [role] };
            }

            if (AreaRoles.Contains(role) && area is null)
            {
                throw new StepRejectedException($"A {role} is designated for a negotiating area: write {role}@TF.", "roles") { Code = "role-area-required", Arguments = [role] };
            }

            if (!AreaRoles.Contains(role) && area is not null)
            {
                throw new StepRejectedException($"A {role} is not designated per area.", "roles") { Code = "role-area-not-allowed", Arguments = [role] };
            }

            if (area is not null && !areas.Contains(area, StringComparer.Ordinal))
            {
                throw new StepRejectedException($"There is no negotiating area '{area}'.", "roles") { Code = "area-unknown", Arguments = [area] };
            }

            if (PartyRoles.Contains(role) && party is null)
            {
                throw new StepRejectedException($"A {role} acts for a party: choose the party.", "party") { Code = "role-needs-party", Arguments = [role] };
            }

            if (SecretariatRoles.Contains(role) && party is not null)
            {
                throw new StepRejectedException($"Secretariat staff act for no party: leave the party empty for {role}.", "party") { Code = "role-without-party", Arguments = [role] };
            }

            if (!roles.Contains((role, area)))
            {
                roles.Add((role, area));
            }
        }

        return roles.Count > 0 ? roles : throw new StepRejectedException("Give the person at least one role (to take every role away, deactivate the person).", "roles") { Code = "roles-required" };
    }

    /// <summary>Refuses a focal point or chief negotiator for a party that has an active one already (other than <paramref name="personId"/>).</summary>
    internal static async Task RequireFreeAsync(IStepContext context, string? party, IEnumerable<(string Role, string? Area)> roles, string? personId)
    {
        foreach (var role in roles.Select(r => r.Role).Where(SingleHolderRoles.Contains))
        {
            var holder = await context.Db.Set<Person>().AsNoTracking()
                .Where(p => p.Active && p.PartyCode == party && p.Id != personId && p.Roles.Any(r => r.Role == role))
                .Select(p => p.Id).FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
            if (holder is not null)
            {
                throw new StepRejectedException($"{party} has a {role} already ({holder}): replace them instead.", "roles") { Code = "role-taken", Arguments = [party!, role, holder] };
            }
        }
    }

    /// <summary>Ends every open session of the person in the step's unit of work (so it commits with the change).</summary>
    internal static async Task<int> EndSessionsAsync(IStepContext context, string personId)
    {
        var open = await context.Db.Set<PersonSession>().Where(s => s.PersonId == personId && s.EndedAt == null).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var session in open)
        {
            session.EndedAt = context.Now;
        }

        return open.Count;
    }

    /// <summary>Revokes the person's API tokens in the step's unit of work.</summary>
    internal static async Task RevokeTokensAsync(IStepContext context, string personId)
    {
        var tokens = await context.Db.Set<ApiToken>().Where(t => t.PersonId == personId && t.RevokedAt == null).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var token in tokens)
        {
            token.RevokedAt = context.Now;
        }
    }

    /// <summary>
    /// The messages waiting for <paramref name="from"/> and not yet gone — held for their daily digest (reminders and
    /// information copies) or planned for later in their working day — follow the registry in the step's unit of work:
    /// they go to <paramref name="to"/> (the replacement takes over open items: written to them, in their language and
    /// time zone, held for their digest if they chose one, else sent at once or when planned; without the replaced
    /// person's one-click links, which no longer act), or, for a person deactivated without a replacement, they are
    /// not sent (<see cref="OutboxStatus.Dropped"/>, the row kept for the record). Returns how many.
    /// </summary>
    internal static async Task<int> HandOverWaitingMessagesAsync(IStepContext context, Person from, Person? to)
    {
        var now = context.Now;
        var waiting = await context.Db.Set<OutboxMessageRecord>()
            .Where(m => m.Status == OutboxStatus.Held || (m.Status == OutboxStatus.Pending && m.Attempts == 0 && m.NextAttemptAt > now))
            .ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var theirs = waiting.Where(m => (JsonSerializer.Deserialize<List<MailAddress>>(m.ToJson) ?? []) is [var only] && string.Equals(only.Address, from.Email, StringComparison.OrdinalIgnoreCase)).ToList();
        var partyName = to?.PartyCode is { } code
            ? await context.Db.Set<Party>().AsNoTracking().Where(p => p.Code == code).Select(p => to.Language == "ru" ? p.NameRu : p.Name).FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false)
            : null;
        foreach (var m in theirs)
        {
            if (to is null)
            {
                m.Status = OutboxStatus.Dropped;
                m.LastError = $"not sent: {from.Id} was deactivated before it went out";
                continue;
            }

            m.ToJson = JsonSerializer.Serialize(new[] { new MailAddress(to.Email, to.Name) });
            m.Language = to.Language;
            m.TimeZone = to.TimeZone;
            var model = JsonNode.Parse(m.ModelJson)!.AsObject();
            if (model["recipient"] is JsonObject recipient)
            {
                recipient["id"] = to.Id;
                recipient["name"] = to.Name;
                recipient["language"] = to.Language;
                recipient["timeZone"] = to.TimeZone;
                recipient["party"] = to.PartyCode;
                recipient["partyName"] = partyName;
                recipient["roles"] = new JsonArray([.. to.Roles.Select(r => JsonValue.Create(r.Role))]);
                recipient["links"] = null;
            }

            m.ModelJson = model.ToJsonString();
            if (m.Status == OutboxStatus.Held && !to.Digest)
            {
                m.Status = OutboxStatus.Pending;
                m.NextAttemptAt = m.NextAttemptAt > now ? m.NextAttemptAt : now;
            }
            else if (m.Status == OutboxStatus.Pending && to.Digest && model["recipient"]?["copy"]?.GetValue<string>() == "info")
            {
                m.Status = OutboxStatus.Held;
            }

            m.LastError = $"taken over from {from.Id} by {to.Id}";
        }

        return theirs.Count;
    }

    internal static JsonArray RoleList(IEnumerable<PersonRole> roles) => [.. roles.Select(Name).Order(StringComparer.Ordinal).Select(r => JsonValue.Create(r))];

    internal static string Prefix(string role) => role switch
    {
        NegotiationRoles.FocalPoint => "fp",
        NegotiationRoles.ChiefNegotiator => "cn",
        NegotiationRoles.LeadNegotiator => "ln",
        NegotiationRoles.TechnicalExpert => "te",
        NegotiationRoles.Observer => "obs",
        _ => "sec",
    };

    /// <summary>A free id for a new person: given, or made from the first role, the party and the area (<c>ln-kaz-tf</c>, then <c>ln-kaz-tf-2</c>).</summary>
    internal static async Task<string> NewIdAsync(IStepContext context, string? party, (string Role, string? Area) first)
    {
        if (StepInput.Text(context.Payload, "id", MaxId + 1) is { } given)
        {
            if (!IsValidId(given))
            {
                throw new StepRejectedException($"'{given}' cannot name a person: 1 to {MaxId} lower-case letters, digits and dashes.", "id") { Code = "person-id-invalid", Arguments = [given] };
            }

            return await context.Db.Set<Person>().AnyAsync(p => p.Id == given, context.CancellationToken).ConfigureAwait(false)
                ? throw new StepRejectedException($"There is a person '{given}' already (ids are never reused).", "id") { Code = "person-id-taken", Arguments = [given] }
                : given;
        }

        var stem = string.Join('-', new[] { Prefix(first.Role), party, first.Area }.Where(s => s is not null)).ToLowerInvariant();
        var taken = (await context.Db.Set<Person>().AsNoTracking().Select(p => p.Id).ToListAsync(context.CancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var id = n == 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    /// <summary>Adds a new active person from the payload's name, email, language, time zone (the party's, when not given) and <paramref name="roles"/>.</summary>
    internal static async Task<Person> NewPersonAsync(IStepContext context, string? party, List<(string Role, string? Area)> roles)
    {
        var name = StepInput.RequiredText(context.Payload, "name", "Give the person's name.", code: "person-name-required", max: 200);
        var email = await EmailAsync(context, null, null).ConfigureAwait(false);
        var zoneOfParty = party is null ? null : await context.Db.Set<PartyCalendar>().AsNoTracking().Where(c => c.PartyCode == party).Select(c => c.TimeZone).FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        var person = new Person
        {
            Id = await NewIdAsync(context, party, roles[0]).ConfigureAwait(false),
            Name = name,
            Email = email,
            PartyCode = party,
            Language = Language(context, null),
            TimeZone = TimeZone(context, zoneOfParty),
        };
        person.Roles = [.. roles.Select(r => new PersonRole { PersonId = person.Id, Role = r.Role, AreaCode = r.Area })];
        context.Db.Set<Person>().Add(person);
        return person;
    }

    internal static async Task<string?> PartyAsync(IStepContext context)
    {
        var party = StepInput.Text(context.Payload, "party", 10)?.ToUpperInvariant();
        if (party is not null && !await context.Db.Set<Party>().AnyAsync(p => p.Code == party, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException($"There is no party '{party}'.", "party") { Code = "party-unknown", Arguments = [party] };
        }

        return party;
    }
}

/// <summary><c>add-person</c>: a new person with their party, roles, language and time zone.</summary>
internal sealed class AddPerson : IWorkflowActivity
{
    public string Name => "add-person";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var party = await RegistrySteps.PartyAsync(context).ConfigureAwait(false);
        var roles = await RegistrySteps.RolesAsync(context, party).ConfigureAwait(false);
        await RegistrySteps.RequireFreeAsync(context, party, roles, null).ConfigureAwait(false);
        var person = await RegistrySteps.NewPersonAsync(context, party, roles).ConfigureAwait(false);
        context.Payload["id"] = person.Id;
        context.Payload["roles"] = RegistrySteps.RoleList(person.Roles);
        context.Payload["timeZone"] = person.TimeZone;
        context.Payload["language"] = person.Language;
        context.Variables[RegistrySteps.PersonVariable] = person.Id;
    }
}

/// <summary>
/// <c>change-person</c>: name, address, roles, language or time zone of an active person (what is not given stays).
/// The person's open sessions take the change at their next request; taking a focal point's or chief negotiator's role
/// away ends their sessions, as a replacement does.
/// </summary>
internal sealed class ChangePerson : IWorkflowActivity
{
    public string Name => "change-person";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var person = await RegistrySteps.PersonAsync(context).ConfigureAwait(false);
        RegistrySteps.RequireActive(person, "person");
        var before = new JsonObject
        {
            ["name"] = person.Name,
            ["email"] = person.Email,
            ["roles"] = RegistrySteps.RoleList(person.Roles),
            ["language"] = person.Language,
            ["timeZone"] = person.TimeZone,
        };
        person.Name = StepInput.Text(context.Payload, "name", 200) ?? person.Name;
        person.Email = await RegistrySteps.EmailAsync(context, person.Email, person.Id).ConfigureAwait(false);
        person.Language = RegistrySteps.Language(context, person.Language);
        person.TimeZone = RegistrySteps.TimeZone(context, person.TimeZone);
        if (context.Payload["roles"] is not null)
        {
            var roles = await RegistrySteps.RolesAsync(context, person.PartyCode).ConfigureAwait(false);
            await RegistrySteps.RequireFreeAsync(context, person.PartyCode, roles, person.Id).ConfigureAwait(false);
            var lost = person.Roles.Where(r => !roles.Contains((r.Role, r.AreaCode))).ToList();
            foreach (var role in lost)
            {
                person.Roles.Remove(role);
                context.Db.Remove(role);
            }

            foreach (var (role, area) in roles.Where(r => !person.Roles.Any(x => x.Role == r.Role && x.AreaCode == r.Area)))
            {
                person.Roles.Add(new PersonRole { PersonId = person.Id, Role = role, AreaCode = area });
            }

            // No longer answering for the party: what their browser holds stops acting for it now.
            if (lost.Any(r => RegistrySteps.SingleHolderRoles.Contains(r.Role)))
            {
                context.Payload["sessionsEnded"] = await RegistrySteps.EndSessionsAsync(context, person.Id).ConfigureAwait(false);
            }
        }

        context.Payload["before"] = before;
        context.Payload["roles"] = RegistrySteps.RoleList(person.Roles);
        context.Variables[RegistrySteps.PersonVariable] = person.Id;
    }
}

/// <summary>
/// <c>replace-person</c>: a party's focal point or chief negotiator (<c>role</c>) is replaced by a new person (name,
/// email, language, time zone) or by an active person of the same party (<c>by</c>), from the instant of the step:
/// recipients are read from the registry when each message is written, so new messages and reminders of open items go
/// to the replacement, who may answer for the party. The replaced person loses the role and their sessions end; a
/// person left with no role is deactivated. Their one-click links no longer act (the link page asks the registry). What
/// was waiting for them (reminders and information copies held for their daily digest, reminders planned for later in
/// their day) goes to the replacement (<see cref="RegistrySteps.HandOverWaitingMessagesAsync"/>).
/// </summary>
internal sealed class ReplacePerson : IWorkflowActivity
{
    public string Name => "replace-person";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var replaced = await RegistrySteps.PersonAsync(context).ConfigureAwait(false);
        RegistrySteps.RequireActive(replaced, "person");
        var role = StepInput.Text(context.Payload, "role", 50)
            ?? replaced.Roles.Select(r => r.Role).FirstOrDefault(RegistrySteps.SingleHolderRoles.Contains)
            ?? throw new StepRejectedException($"{replaced.Id} is neither a focal point nor a chief negotiator: change their roles instead.", "person") { Code = "not-replaceable", Arguments = [replaced.Id] };
        if (!RegistrySteps.SingleHolderRoles.Contains(role) || !replaced.Roles.Any(r => r.Role == role))
        {
            throw new StepRejectedException($"{replaced.Id} is not their party's {role}.", "role") { Code = "role-not-held", Arguments = [replaced.Id, role] };
        }

        Person replacement;
        if (StepInput.Text(context.Payload, "by", RegistrySteps.MaxId) is { } by)
        {
            replacement = await RegistrySteps.PersonAsync(context, "by").ConfigureAwait(false);
            RegistrySteps.RequireActive(replacement, "by");
            if (replacement.Id == replaced.Id || replacement.PartyCode != replaced.PartyCode)
            {
                throw new StepRejectedException($"{by} does not act for {replaced.PartyCode}, or is the person replaced.", "by") { Code = "replacement-not-of-party", Arguments = [by, replaced.PartyCode ?? ""] };
            }

            if (!replacement.Roles.Any(r => r.Role == role))
            {
                replacement.Roles.Add(new PersonRole { PersonId = replacement.Id, Role = role });
            }
        }
        else
        {
            replacement = await RegistrySteps.NewPersonAsync(context, replaced.PartyCode, [(role, null)]).ConfigureAwait(false);
        }

        foreach (var held in replaced.Roles.Where(r => r.Role == role).ToList())
        {
            replaced.Roles.Remove(held);
            context.Db.Remove(held);
        }

        if (replaced.Roles.Count == 0)
        {
            replaced.Active = false;
            await RegistrySteps.RevokeTokensAsync(context, replaced.Id).ConfigureAwait(false);
        }

        context.Payload["messagesTakenOver"] = await RegistrySteps.HandOverWaitingMessagesAsync(context, replaced, replacement).ConfigureAwait(false);
        context.Payload["role"] = role;
        context.Payload["by"] = replacement.Id;
        context.Payload["party"] = replaced.PartyCode;
        context.Payload["deactivated"] = !replaced.Active;
        context.Payload["sessionsEnded"] = await RegistrySteps.EndSessionsAsync(context, replaced.Id).ConfigureAwait(false);
        context.Variables[RegistrySteps.PersonVariable] = replacement.Id;
    }
}

/// <summary>
/// <c>deactivate-person</c>: the person has left. Their record and everything they did stay; their sessions end, their
/// API tokens are revoked, their links no longer act and they cannot sign in; they receive nothing more (what was
/// waiting for them, e.g. reminders held for their daily digest, is not sent and kept for the record).
/// </summary>
internal sealed class DeactivatePerson : IWorkflowActivity
{
    public string Name => "deactivate-person";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var person = await RegistrySteps.PersonAsync(context).ConfigureAwait(false);
        RegistrySteps.RequireActive(person, "person");
        if (person.Id == context.Actor.Id)
        {
            throw new StepRejectedException("You cannot deactivate yourself: ask another member of the Secretariat.", "person") { Code = "deactivate-self" };
        }

        person.Active = false;
        await RegistrySteps.RevokeTokensAsync(context, person.Id).ConfigureAwait(false);
        context.Payload["messagesDropped"] = await RegistrySteps.HandOverWaitingMessagesAsync(context, person, null).ConfigureAwait(false);
        context.Payload["reason"] = StepInput.Text(context.Payload, "reason", 500);
        context.Payload["roles"] = RegistrySteps.RoleList(person.Roles);
        context.Payload["sessionsEnded"] = await RegistrySteps.EndSessionsAsync(context, person.Id).ConfigureAwait(false);
        context.Variables[RegistrySteps.PersonVariable] = person.Id;
    }
}

/// <summary>
/// <c>record-party-status</c>: a party's status (negotiating, observer, not-participating) with effect from an instant
/// (<c>effectiveFrom</c>, with an offset); from then on the recipient groups, the parties taking part in what starts
/// and who may answer read it.
/// </summary>
internal sealed class RecordPartyStatus : IWorkflowActivity
{
    public string Name => "record-party-status";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var code = StepInput.Text(context.Payload, "party", 10)?.ToUpperInvariant()
            ?? throw new StepRejectedException("Choose the party.", "party") { Code = "party-required" };
        var party = await context.Db.Set<Party>().Include(p => p.StatusChanges).FirstOrDefaultAsync(p => p.Code == code, context.CancellationToken).ConfigureAwait(false)
            ?? throw new StepRejectedException($"There is no party '{code}'.", "party") { Code = "party-unknown", Arguments = [code] };
        var name = StepInput.Text(context.Payload, "status", 30);
        if (!RegistrySteps.TryStatus(name, out var status))
        {
            throw new StepRejectedException("The status is negotiating, observer or not-participating.", "status") { Code = "party-status-unknown" };
        }

        var from = StepInput.Instant(context.Payload, "effectiveFrom")
            ?? throw new StepRejectedException("Give the date the status takes effect.", "effectiveFrom") { Code = "effective-from-required" };
        if (party.StatusChanges.Any(c => c.EffectiveFrom == from))
        {
            throw new StepRejectedException($"{code} has a status change with effect from that instant already.", "effectiveFrom") { Code = "status-change-exists", Arguments = [code] };
        }

        var note = StepInput.Text(context.Payload, "note", 500);
        party.StatusChanges.Add(new PartyStatusChange { PartyCode = code, Status = status, EffectiveFrom = from, Note = note });
        context.Payload["party"] = code;
        context.Payload["status"] = RegistrySteps.StatusName(status);
        context.Payload["effectiveFrom"] = StepInput.Iso(from);
        context.Payload["before"] = RegistrySteps.StatusName(party.StatusAt(from.AddTicks(-1)));
    }
}
