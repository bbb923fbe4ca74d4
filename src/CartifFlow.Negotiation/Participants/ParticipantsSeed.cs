using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// The participants data file (<c>workflows/registry/participants.yaml</c>), imported at first start:
/// parties with their status history, negotiating areas and people with roles.
/// </summary>
public static class ParticipantsSeed
{
    /// <summary>Imports the file when the registry is empty; returns true when it did.</summary>
    public static async Task<bool> SeedIfEmptyAsync(DbContext db, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Set<Party>().AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var seed = Read(file);
        foreach (var p in seed.Parties)
        {
            db.Set<Party>().Add(new Party
            {
                Code = p.Code,
                Name = p.Name,
                NameRu = p.NameRu ?? p.Name,
                StatusChanges = [.. p.Status.Select(s => new PartyStatusChange
                {
                    PartyCode = p.Code,
                    Status = TryStatus(s.Status, out var status) ? status : throw new SeedFileException($"{file}: {p.Code}: unknown status '{s.Status}'"),
                    EffectiveFrom = TryInstant(s.From, out var from) ? from.ToUniversalTime() : throw new SeedFileException($"{file}: {p.Code}: from '{s.From}' is not an instant"),
                    Note = s.Note,
                })],
            });
        }

        foreach (var a in seed.Areas)
        {
            db.Set<NegotiatingArea>().Add(new NegotiatingArea
            {
                Code = a.Code,
                Name = a.Name,
                NameRu = a.NameRu ?? a.Name,
                Kind = TryAreaKind(a.Kind, out var kind) ? kind : throw new SeedFileException($"{file}: {a.Code}: unknown kind '{a.Kind}'"),
                Provisional = a.Provisional,
            });
        }

        foreach (var person in seed.People)
        {
            db.Set<Person>().Add(new Person
            {
                Id = person.Id,
                Name = person.Name,
                Email = person.Email,
                PartyCode = person.Party,
                Language = person.Language ?? "en",
                TimeZone = person.TimeZone ?? "UTC",
                Roles = [.. person.Roles.Select(r => new PersonRole { PersonId = person.Id, Role = r.Split('@')[0], AreaCode = r.Contains('@', StringComparison.Ordinal) ? r.Split('@')[1] : null })],
            });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Reads and checks the file: every fault is reported, each naming its entry (<c>file: people[3] (fp-kaz): …</c>),
    /// so that a bad file is refused before anything is written.
    /// </summary>
    public static SeedFile Read(string file)
    {
        var seed = SeedFiles.Read<SeedFile>(file, "CartifFlow:Negotiation:ParticipantsSeedFile");
        // An explicit `~` in the file gives null where the shape has an empty list.
        seed.Parties ??= [];
        seed.Areas ??= [];
        seed.People ??= [];
        seed.Parties.ForEach(p => p.Status ??= []);
        seed.People.ForEach(p => p.Roles ??= []);
        var errors = new List<string>();
        void Check(bool ok, string where, string what)
        {
            if (!ok)
            {
                errors.Add($"{where}: {what}");
            }
        }

        static bool Text(string? value, int max) => !string.IsNullOrWhiteSpace(value) && value.Length <= max;
        if (seed.Parties.Count == 0)
        {
            errors.Add("no parties");
        }

        foreach (var (p, i) in seed.Parties.Select((p, i) => (p, i + 1)))
        {
            var where = $"parties[{i}] ({p.Code})";
            Check(Text(p.Code, 10), where, "code is required, at most 10 characters");
            Check(Text(p.Name, 200), where, "name is required, at most 200 characters");
            Check(p.NameRu is null || Text(p.NameRu, 200), where, "name-ru has at most 200 characters");
            Check(p.Status.Count > 0, where, "status needs at least one entry");
            foreach (var (s, j) in p.Status.Select((s, j) => (s, j + 1)))
            {
                Check(TryStatus(s.Status, out _), where, $"status[{j}]: unknown status '{s.Status}' (negotiating, observer, not-participating)");
                Check(TryInstant(s.From, out _), where, $"status[{j}]: from '{s.From}' is not a date or an instant (e.g. 2026-03-01T00:00:00+06:00)");
                Check(s.Note is null || s.Note.Length <= 500, where, $"status[{j}]: note has at most 500 characters");
            }
        }

        foreach (var (a, i) in seed.Areas.Select((a, i) => (a, i + 1)))
        {
            var where = $"areas[{i}] ({a.Code})";
            Check(Text(a.Code, 10), where, "code is required, at most 10 characters");
            Check(Text(a.Name, 200), where, "name is required, at most 200 characters");
            Check(a.NameRu is null || Text(a.NameRu, 200), where, "name-ru has at most 200 characters");
            Check(TryAreaKind(a.Kind, out _), where, $"unknown kind '{a.Kind}' (framework-agreement, initial-protocol, additional-protocol)");
        }

        var parties = seed.Parties.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var areas = seed.Areas.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (person, i) in seed.People.Select((p, i) => (p, i + 1)))
        {
            var where = $"people[{i}] ({person.Id})";
            Check(Text(person.Id, 100), where, "id is required, at most 100 characters");
            Check(Text(person.Name, 200), where, "name is required, at most 200 characters");
            Check(Text(person.Email, 320) && IsMailbox(person.Email), where, $"email '{person.Email}' is not an address (one address, such as name@example.org)");
            Check(person.Party is null || parties.Contains(person.Party), where, $"unknown party '{person.Party}'");
            Check(person.Language is null or "en" or "ru", where, $"language '{person.Language}' is not one of en, ru");
            Check(person.TimeZone is null || TimeZoneInfo.TryFindSystemTimeZoneById(person.TimeZone, out _), where, $"unknown time zone '{person.TimeZone}'");
            foreach (var role in person.Roles.Where(r => r is not null))
            {
                var (name, area) = role.Contains('@', StringComparison.Ordinal) ? (role.Split('@')[0], role.Split('@')[1]) : (role, null);
                Check(NegotiationRoles.All.Contains(name), where, $"unknown role '{name}'");
                Check(area is null || areas.Contains(area), where, $"unknown area '{area}' in role '{role}'");
            }
        }

        Duplicates(seed.Parties.Select(p => p.Code), "party code");
        Duplicates(seed.Areas.Select(a => a.Code), "area code");
        Duplicates(seed.People.Select(p => p.Id), "person id");
        Duplicates(seed.People.Select(p => p.Email?.ToUpperInvariant() ?? string.Empty), "e-mail address");
        return errors.Count == 0 ? seed : throw new SeedFileException(string.Join(Environment.NewLine, errors.Select(e => $"{file}: {e}")));

        void Duplicates(IEnumerable<string> values, string what)
        {
            foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                errors.Add($"{what} '{value.Key}' is used {value.Count()} times");
            }
        }
    }

    private static bool TryStatus(string? value, out PartyStatus status)
    {
        status = default;
        return value is not null && Enum.TryParse(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out status) && Enum.IsDefined(status) && !value.Any(char.IsDigit);
    }

    private static bool TryAreaKind(string? value, out AreaKind kind)
    {
        kind = default;
        return value is not null && Enum.TryParse(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !value.Any(char.IsDigit);
    }

    private static bool TryInstant(string? value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

#pragma warning disable CA1002, CA2227 // Deserialisation targets of the data file.
    /// <summary>The file's shape.</summary>
    public sealed class SeedFile
    {
        /// <summary>Parties.</summary>
        public List<SeedParty> Parties { get; set; } = [];

        /// <summary>Negotiating areas.</summary>
        public List<SeedArea> Areas { get; set; } = [];

        /// <summary>People.</summary>
        public List<SeedPerson> People { get; set; } = [];
    }

    /// <summary>A party in the file.</summary>
    public sealed class SeedParty
    {
        /// <summary>Code.</summary>
        public string Code { get; set; } = string.Empty;

        /// <summary>English name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Russian name.</summary>
        public string? NameRu { get; set; }

        /// <summary>Status history.</summary>
        public List<SeedStatus> Status { get; set; } = [];
    }

    /// <summary>A status with effect from a date.</summary>
    public sealed class SeedStatus
    {
        /// <summary>negotiating, observer or not-participating.</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>ISO date or instant; one without an offset is read as UTC.</summary>
        public string From { get; set; } = "2000-01-01T00:00:00Z";

        /// <summary>Why.</summary>
        public string? Note { get; set; }
    }

    /// <summary>An area in the file.</summary>
    public sealed class SeedArea
    {
        /// <summary>Code.</summary>
        public string Code { get; set; } = string.Empty;

        /// <summary>English name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Russian name.</summary>
        public string? NameRu { get; set; }

        /// <summary>framework-agreement, initial-protocol or additional-protocol.</summary>
        public string Kind { get; set; } = "initial-protocol";

        /// <summary>Not yet agreed.</summary>
        public bool Provisional { get; set; }
    }

    /// <summary>A person in the file.</summary>
    public sealed class SeedPerson
    {
        /// <summary>Id.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>Name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>E-mail.</summary>
        public string Email { get; set; } = string.Empty;

        /// <summary>Party code, if any.</summary>
        public string? Party { get; set; }

        /// <summary>en or ru.</summary>
        public string? Language { get; set; }

        /// <summary>IANA time zone.</summary>
        public string? TimeZone { get; set; }

        /// <summary>Roles; <c>role@AREA</c> for a role in one area.</summary>
        public List<string> Roles { get; set; } = [];
    }
#pragma warning restore CA1002, CA2227

    /// <summary>One plain address (<c>name@example.org</c>): no display name, no list, no spaces.</summary>
    private static bool IsMailbox(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text, out var address)
        && string.Equals(address.Address, text, StringComparison.Ordinal)
        && address.DisplayName.Length == 0
        && !text.Any(char.IsWhiteSpace)
        && address.Host.Length > 0;
}
