using CartifFlow.Engine;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CartifFlow.Cli;

/// <summary>The <c>cartif</c> command line.</summary>
internal static class CliCommands
{
    private const string Usage = """
        cartif <command> [options]

        Commands:
          validate [--workflows DIR]                 check every definition; prints file:line:col: message per fault
          diagrams [--workflows DIR] [--out DIR]     write each definition as a Mermaid diagram (default docs/workflows)
          migrate                                    create or upgrade the configured database, seed the registry and roadmap at first start
          tokens issue PERSON [--label L] [--days N] issue an API token for a person of the registry (printed once;
                                                     it expires after N days, 1 to 3650, default 365)
          tokens list PERSON                         a person's tokens: id, label, issued, expires, revoked
          tokens revoke ID | --person PERSON         revoke one token, or every token of a person
          migrations add NAME                        scaffold a migration for both providers (developers)

        Configuration comes from appsettings.json and CartifFlow__* environment variables, as for the host.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            return args[0] switch
            {
                "validate" => Validate(Option(args, "--workflows")),
                "diagrams" => Diagrams(Option(args, "--workflows"), Option(args, "--out") ?? Path.Combine("docs", "workflows")),
                "migrate" => await MigrateAsync().ConfigureAwait(false),
                "tokens" when args.Length >= 3 && args[1] == "issue" => await IssueTokenAsync(args[2], Option(args, "--label"), Option(args, "--days")).ConfigureAwait(false),
                "tokens" when args.Length == 3 && args[1] == "list" => await ListTokensAsync(args[2]).ConfigureAwait(false),
                "tokens" when args.Length == 4 && args[1] == "revoke" && args[2] == "--person" => await RevokeTokensAsync(null, args[3]).ConfigureAwait(false),
                "tokens" when args.Length == 3 && args[1] == "revoke" => await RevokeTokensAsync(args[2], null).ConfigureAwait(false),
                "migrations" when args.Length == 3 && args[1] == "add" => MigrationScaffolder.Add(args[2]),
                _ => Fail($"unknown command '{string.Join(' ', args)}'\n\n{Usage}"),
            };
        }
        catch (InvalidSettingsException ex)
        {
            await Console.Error.WriteLineAsync("the settings are invalid:").ConfigureAwait(false);
            foreach (var fault in ex.Faults)
            {
                await Console.Error.WriteLineAsync(fault).ConfigureAwait(false);
            }

            return 1;
        }
        catch (SeedFileException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (WorkflowDefinitionException ex)
        {
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"{ex.Errors.Count} fault(s).").ConfigureAwait(false);
            return 1;
        }
    }

    private static int Validate(string? workflows)
    {
        using var host = BuildHost(workflows);
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        foreach (var definition in catalog.All)
        {
            Console.WriteLine($"ok {definition.Location.File}: {definition.Id} version {definition.Version}, {definition.States.Count} states");
        }

        return 0;
    }

    private static int Diagrams(string? workflows, string output)
    {
        using var host = BuildHost(workflows);
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        Directory.CreateDirectory(output);
        foreach (var definition in catalog.All)
        {
            var file = Path.Combine(output, WorkflowMachines.DiagramFileName(definition));
            File.WriteAllText(file, WorkflowMachines.DiagramPage(definition));
            Console.WriteLine($"wrote {file}");
        }

        return 0;
    }

    private static async Task<int> MigrateAsync()
    {
        using var host = BuildHost(null);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        await host.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);
        await host.Services.GetRequiredService<RoadmapSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);
        Console.WriteLine("database is up to date");
        return 0;
    }

    private static async Task<int> IssueTokenAsync(string person, string? label, string? days)
    {
        var lifetime = 365;
        if (days is not null && (!int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out lifetime) || lifetime is < 1 or > 3650))
        {
            return Fail($"--days must be a whole number of days from 1 to 3650, not '{days}'");
        }

        using var host = BuildHost(null);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        await host.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var expires = now.AddDays(lifetime);
        await using var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        try
        {
            Console.WriteLine(await ApiTokens.IssueAsync(db, person, label, now, expires).ConfigureAwait(false));
            await Console.Error.WriteLineAsync($"issued a token for {person}; it expires {expires:yyyy-MM-dd HH:mm} UTC").ConfigureAwait(false);
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> ListTokensAsync(string person)
    {
        using var host = BuildHost(null);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var tokens = await ApiTokens.ListAsync(db, person).ConfigureAwait(false);
        if (tokens.Count == 0)
        {
            Console.WriteLine($"{person} has no tokens");
            return 0;
        }

        Console.WriteLine("id\tlabel\tissued (UTC)\texpires (UTC)\tstate");
        foreach (var token in tokens)
        {
            var state = token.RevokedAt is { } revoked ? $"revoked {revoked:yyyy-MM-dd HH:mm}"
                : token.ExpiresAt is { } end && end <= now ? "expired"
                : "works";
            Console.WriteLine($"{token.Id}\t{token.Label ?? "-"}\t{token.CreatedAt:yyyy-MM-dd HH:mm}\t{(token.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never")}\t{state}");
        }

        return 0;
    }

    private static async Task<int> RevokeTokensAsync(string? id, string? person)
    {
        Guid tokenId = default;
        if (id is not null && !Guid.TryParse(id, out tokenId))
        {
            return Fail($"'{id}' is not a token id (`tokens list PERSON` shows them)");
        }

        using var host = BuildHost(null);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
        var revoked = await ApiTokens.RevokeAsync(db, id is null ? null : tokenId, person, now).ConfigureAwait(false);
        if (id is null)
        {
            Console.WriteLine($"revoked {revoked.Count} token(s) of {person}");
            return 0;
        }

        if (revoked.Count == 1)
        {
            Console.WriteLine($"revoked token {tokenId} of {revoked[0].PersonId}");
            return 0;
        }

        // Nothing revoked: either there is no such token, or it was revoked before.
        if (await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId).ConfigureAwait(false) is { } earlier)
        {
            Console.WriteLine($"token {tokenId} of {earlier.PersonId} was already revoked at {earlier.RevokedAt:yyyy-MM-dd HH:mm} UTC");
            return 0;
        }

        await Console.Error.WriteLineAsync($"there is no token {tokenId}").ConfigureAwait(false);
        return 1;
    }

    private static IHost BuildHost(string? workflows)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        if (workflows is not null)
        {
            builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>($"{EngineOptions.SectionName}:{nameof(EngineOptions.WorkflowsPath)}", Path.GetFullPath(workflows))]);
        }

        // Output is for people and scripts (`TOKEN=$(cartif tokens issue …)`): logs go to standard error.
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddCartifFlow(backgroundWork: false);
        builder.Services.Configure<EngineOptions>(o => o.RunTimers = false);
        var host = builder.Build();
        var faults = SettingsCheck.Faults(host.Services);
        if (faults.Count > 0)
        {
            host.Dispose();
            throw new InvalidSettingsException(faults);
        }

        return host;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}

/// <summary>The command cannot run: a setting is invalid (each fault names its setting).</summary>
internal sealed class InvalidSettingsException(IReadOnlyList<string> faults) : Exception(string.Join(Environment.NewLine, faults))
{
    public IReadOnlyList<string> Faults { get; } = faults;
}
