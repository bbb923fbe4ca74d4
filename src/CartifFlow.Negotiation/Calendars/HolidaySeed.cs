using System.Globalization;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Calendars;

/// <summary>
/// The parties' calendars shipped as data (<c>workflows/registry/holidays-YYYY.yaml</c>: per party its capital's time
/// zone, its weekend and its public holidays of the year), imported at start: a party's working week when it has
/// none yet, a year's holidays when the calendar holds none of that year. From then on the Secretariat keeps them on
/// the Calendars page.
/// </summary>
public static class HolidaySeed
{
    /// <summary>Imports every <c>holidays-*.yaml</c> of the folder that is not imported yet; returns the years imported.</summary>
    public static async Task<IReadOnlyList<int>> SeedAsync(DbContext db, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var parties = await db.Set<Party>().AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
        var calendars = await db.Set<PartyCalendar>().AsNoTracking().Select(c => c.PartyCode).ToListAsync(cancellationToken).ConfigureAwait(false);
        var imported = new List<int>();
        foreach (var file in Directory.EnumerateFiles(folder, "holidays-*.yaml").Order(StringComparer.Ordinal))
        {
            var seed = SeedFiles.Read<HolidaysFile>(file, "the holidays files (workflows/registry/holidays-YYYY.yaml)");
            if (seed.Year is < 2000 or > 2100)
            {
                throw new SeedFileException($"{file}: year must be given (e.g. year: 2026)");
            }

            var first = new DateOnly(seed.Year, 1, 1);
            var last = new DateOnly(seed.Year, 12, 31);
            var yearKnown = await db.Set<PartyHoliday>().AnyAsync(h => h.Date >= first && h.Date <= last, cancellationToken).ConfigureAwait(false);
            foreach (var (code, party) in seed.Parties)
            {
                if (!parties.Contains(code))
                {
                    throw new SeedFileException($"{file}: {code} is not a party of the registry");
                }

                if (!TimeZoneInfo.TryFindSystemTimeZoneById(party.TimeZone ?? string.Empty, out _))
                {
                    throw new SeedFileException($"{file}: {code}: time-zone '{party.TimeZone}' is not a time zone this machine knows");
                }

                var weekend = party.Weekend.Select(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out var day) ? day.ToString().ToLowerInvariant()
                    : throw new SeedFileException($"{file}: {code}: '{d}' is not a day of the week")).ToList();
                if (!calendars.Contains(code))
                {
                    db.Set<PartyCalendar>().Add(new PartyCalendar { PartyCode = code, TimeZone = party.TimeZone!, Weekend = string.Join(',', weekend) });
                    calendars.Add(code);
                }

                if (yearKnown)
                {
                    continue;
                }

                foreach (var h in party.Holidays)
                {
                    if (!DateOnly.TryParseExact(h.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year != seed.Year)
                    {
                        throw new SeedFileException($"{file}: {code}: '{h.Date}' is not a date of {seed.Year} (yyyy-MM-dd)");
                    }

                    db.Set<PartyHoliday>().Add(new PartyHoliday
                    {
                        PartyCode = code,
                        Date = date,
                        Name = string.IsNullOrWhiteSpace(h.Name) ? throw new SeedFileException($"{file}: {code}: the holiday on {h.Date} has no name") : h.Name,
                        NameRu = string.IsNullOrWhiteSpace(h.NameRu) ? h.Name : h.NameRu,
                        Expected = h.Expected,
                    });
                }
            }

            if (!yearKnown)
            {
                imported.Add(seed.Year);
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return imported;
    }

    /// <summary>The calendars as they stand, for the step in progress or a page.</summary>
    public static async Task<WorkingCalendars> LoadAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var calendars = await db.Set<PartyCalendar>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var holidays = await db.Set<PartyHoliday>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return new WorkingCalendars(calendars, holidays);
    }

    /// <summary>The shape of a holidays file.</summary>
    public sealed class HolidaysFile
    {
        /// <summary>The year.</summary>
        public int Year { get; set; }

        /// <summary>Per party code.</summary>
        public Dictionary<string, PartyEntry> Parties { get; set; } = [];
    }

    /// <summary>One party in a holidays file.</summary>
    public sealed class PartyEntry
    {
        /// <summary>The capital's time zone.</summary>
        public string? TimeZone { get; set; }

        /// <summary>Days of rest.</summary>
        public List<string> Weekend { get; set; } = ["saturday", "sunday"];

        /// <summary>Public holidays.</summary>
        public List<HolidayEntry> Holidays { get; set; } = [];
    }

    /// <summary>One holiday in a holidays file.</summary>
    public sealed class HolidayEntry
    {
        /// <summary>yyyy-MM-dd.</summary>
        public string Date { get; set; } = "";

        /// <summary>Name in English.</summary>
        public string Name { get; set; } = "";

        /// <summary>Name in Russian.</summary>
        public string? NameRu { get; set; }

        /// <summary>Depends on the moon, or not announced yet.</summary>
        public bool Expected { get; set; }
    }
}

/// <summary>The parties' calendars (<c>holidays-YYYY.yaml</c> beside the participants file), imported each year once after the registry.</summary>
internal sealed class HolidayRegistrySeed : IRegistrySeed
{
    public async Task<string> SeedAsync(DbContext db, string folder, CancellationToken cancellationToken)
    {
        var years = await HolidaySeed.SeedAsync(db, folder, cancellationToken).ConfigureAwait(false);
        return years.Count > 0 ? $"Parties' holidays of {string.Join(", ", years)} imported" : "";
    }
}
