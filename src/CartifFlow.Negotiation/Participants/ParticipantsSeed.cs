using Microsoft.EntityFrameworkCore;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

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
                    Status = Enum.Parse<PartyStatus>(s.Status.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
                    EffectiveFrom = DateTimeOffset.Parse(s.From, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(),
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
                Kind = Enum.Parse<AreaKind>(a.Kind.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
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

    /// <summary>Reads and checks the file.</summary>
    public static SeedFile Read(string file)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
        var seed = deserializer.Deserialize<SeedFile>(File.ReadAllText(file)) ?? new SeedFile();
        var codes = seed.Parties.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var bad = seed.People.Where(p => p.Party is not null && !codes.Contains(p.Party)).Select(p => p.Id).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidDataException($"{file}: people of unknown parties: {string.Join(", ", bad)}");
        }

        var unknownRoles = seed.People.SelectMany(p => p.Roles.Select(r => (p.Id, Role: r.Split('@')[0]))).Where(x => !NegotiationRoles.All.Contains(x.Role)).ToList();
        if (unknownRoles.Count > 0)
        {
            throw new InvalidDataException($"{file}: unknown roles: {string.Join(", ", unknownRoles.Select(x => $"{x.Id}: {x.Role}"))}");
        }

        return seed;
    }

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

        /// <summary>ISO date or instant.</summary>
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
}
