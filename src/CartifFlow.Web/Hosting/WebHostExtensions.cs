using CartifFlow.Engine.Definitions;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Health;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.WrittenProcedures;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartifFlow.Web.Hosting;

/// <summary>The web host's composition: what <c>Program.cs</c> calls.</summary>
internal static class WebHostExtensions
{
    public static WebApplicationBuilder AddCartifFlowWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddCartifFlow();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCartifFlowChecks();
        return builder;
    }

    /// <summary>
    /// Checks the definitions, upgrades the schema, maps the endpoints and runs (recurring jobs are registered in the
    /// background once it runs).
    /// Returns 1 without starting when the definitions are invalid: each fault is printed as <c>file:line:col: message</c>.
    /// </summary>
    public static async Task<int> RunCartifFlowAsync(this WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<WorkflowCatalog>();
        }
        catch (WorkflowDefinitionException ex)
        {
            await Console.Error.WriteLineAsync("CartifFlow cannot start: the workflow definitions are invalid.").ConfigureAwait(false);
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            return 1;
        }

        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        }

        await app.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapWorkflowDefinitions();
        app.MapWrittenProcedures();

        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
