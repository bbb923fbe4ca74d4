using System.Globalization;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation.Participants;

namespace CartifFlow.Negotiation.Phases;

/// <summary>The roadmap data file (<c>workflows/registry/roadmap.yaml</c>), imported at first start.</summary>
public static class RoadmapSeed
{
    private static readonly HashSet<string> Phases = new(StringComparer.Ordinal) { "Preparation", "ZeroRound", "WorkingGroups", "MinisterialReview", "Ongoing" };

    /// <summary>Imports the file when the database holds no milestone; returns true when it did.</summary>
    public static async Task<bool> SeedIfEmptyAsync(DbContext db, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Set<RoadmapMilestone>().AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.Set<RoadmapMilestone>().AddRange(Read(file));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads and checks the file.</summary>
    public static IReadOnlyList<RoadmapMilestone> Read(string file)
    {
        var seed = SeedFiles.Read<SeedFile>(file, "CartifFlow:Negotiation:RoadmapSeedFile");
        seed.Milestones ??= [];
        var result = new List<RoadmapMilestone>();
        foreach (var (m, index) in seed.Milestones.Select((m, i) => (m ?? new SeedMilestone(), i)))
        {
            string Fail(string what) => throw new SeedFileException($"{file}: milestone {index + 1} ({m.Code}): {what}");
            if (string.IsNullOrWhiteSpace(m.Code) || string.IsNullOrWhiteSpace(m.Title))
            {
                Fail("code and title are required");
            }

            if (!Phases.Contains(m.Phase))
            {
                Fail($"unknown phase '{m.Phase}' (one of {string.Join(", ", Phases)})");
            }

            if (!Enum.TryParse<MilestoneKind>((m.Kind ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || (m.Kind ?? string.Empty).Any(char.IsDigit))
            {
                Fail($"unknown kind '{m.Kind}'");
            }

            DocumentKind? documentKind = null;
            if (kind == MilestoneKind.Document)
            {
                documentKind = Enum.TryParse<DocumentKind>(m.DocumentKind?.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var d)
                    ? d
                    : throw new SeedFileException($"{file}: milestone {m.Code}: a document milestone needs document-kind (modalities, zero-draft, terms-of-reference)");
            }

            DateOnly? date = null;
            if (m.Date is not null)
            {
                date = DateOnly.TryParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? day
                    : throw new SeedFileException($"{file}: milestone {index + 1} ({m.Code}): date '{m.Date}' is not a date (yyyy-MM-dd)");
            }
            if (m.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZone, out _))
            {
                Fail($"unknown time zone '{m.TimeZone}'");
            }

            result.Add(new RoadmapMilestone
            {
                Code = m.Code,
                Order = index + 1,
                Phase = m.Phase,
                Title = m.Title,
                TitleRu = m.TitleRu ?? m.Title,
                Kind = kind,
                DocumentKind = documentKind,
                PlannedOn = date,
                Window = m.Window,
                Format = m.Format,
                Place = m.Place,
                TimeZone = m.TimeZone,
                Alongside = m.Alongside,
                Note = m.Note,
            });
        }

        var duplicate = result.GroupBy(r => r.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? result : throw new SeedFileException($"{file}: milestone code '{duplicate.Key}' is used twice");
    }

#pragma warning disable CA1002, CA2227 // Deserialisation targets of the data file.
    /// <summary>The file's shape.</summary>
    public sealed class SeedFile
    {
        /// <summary>Milestones in order.</summary>
        public List<SeedMilestone> Milestones { get; set; } = [];
    }

    /// <summary>A milestone in the file.</summary>
    public sealed class SeedMilestone
    {
        /// <summary>Code.</summary>
        public string Code { get; set; } = string.Empty;

        /// <summary>Phase.</summary>
        public string Phase { get; set; } = string.Empty;

        /// <summary>Kind.</summary>
        public string Kind { get; set; } = string.Empty;

        /// <summary>Document kind.</summary>
        public string? DocumentKind { get; set; }

        /// <summary>Title.</summary>
        public string Title { get; set; } = string.Empty;

        /// <summary>Russian title.</summary>
        public string? TitleRu { get; set; }

        /// <summary>yyyy-MM-dd.</summary>
        public string? Date { get; set; }

        /// <summary>Period in words.</summary>
        public string? Window { get; set; }

        /// <summary>Format.</summary>
        public string? Format { get; set; }

        /// <summary>Place.</summary>
        public string? Place { get; set; }

        /// <summary>IANA time zone.</summary>
        public string? TimeZone { get; set; }

        /// <summary>Alongside.</summary>
        public string? Alongside { get; set; }

        /// <summary>Note.</summary>
        public string? Note { get; set; }
    }
#pragma warning restore CA1002, CA2227
}

/// <summary>Imports the roadmap file at first start (when the database holds no milestone).</summary>
public sealed class RoadmapSeeder(IWorkflowDbContextFactory factory, IOptions<NegotiationOptions> options, IHostEnvironment environment, ILogger<RoadmapSeeder> logger)
{
    /// <summary>Seeds the roadmap if it is empty.</summary>
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        var file = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.RoadmapSeedFile));
        await using var db = factory.CreateDbContext();
        if (await RoadmapSeed.SeedIfEmptyAsync(db, file, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Roadmap seeded from {File}", file);
        }
    }
}
