using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// Data a feature imports beside the participants file once the registry is there (the parties' holidays:
/// Calendars), registered by the feature so the registry does not depend on it.
/// </summary>
public interface IRegistrySeed
{
    /// <summary>Imports what is not imported yet from <paramref name="folder"/>; returns what was imported, for the log (nothing: empty).</summary>
    Task<string> SeedAsync(DbContext db, string folder, CancellationToken cancellationToken);
}

/// <summary>Imports the participants data file at first start (when the registry holds no party), then the features' data beside it (<see cref="IRegistrySeed"/>).</summary>
public sealed class ParticipantsSeeder(IWorkflowDbContextFactory factory, IOptions<NegotiationOptions> options, IHostEnvironment environment, ILogger<ParticipantsSeeder> logger,
    IEnumerable<IRegistrySeed> seeds)
{
    /// <summary>Seeds the registry if it is empty.</summary>
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        var file = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.ParticipantsSeedFile));
        await using var db = factory.CreateDbContext();
        if (await ParticipantsSeed.SeedIfEmptyAsync(db, file, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Participants registry seeded from {File}", file);
        }

        foreach (var seed in seeds)
        {
            var imported = await seed.SeedAsync(db, Path.GetDirectoryName(file)!, cancellationToken).ConfigureAwait(false);
            if (imported.Length > 0)
            {
                logger.LogInformation("{Imported}", imported);
            }
        }
    }
}
