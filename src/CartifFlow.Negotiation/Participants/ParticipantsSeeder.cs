using CartifFlow.Engine.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartifFlow.Negotiation.Participants;

/// <summary>Imports the participants data file at first start (when the registry holds no party), then the parties' holidays of each year not imported yet.</summary>
public sealed class ParticipantsSeeder(IWorkflowDbContextFactory factory, IOptions<NegotiationOptions> options, IHostEnvironment environment, ILogger<ParticipantsSeeder> logger)
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

        // The parties' calendars (holidays-YYYY.yaml beside the participants file): each year once.
        var years = await Calendars.HolidaySeed.SeedAsync(db, Path.GetDirectoryName(file)!, cancellationToken).ConfigureAwait(false);
        if (years.Count > 0)
        {
            logger.LogInformation("Parties' holidays of {Years} imported", string.Join(", ", years));
        }
    }
}
