using CartifFlow.Engine;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure;
using CartifFlow.Infrastructure.Health;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Phases;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.CapacityBuilding;
using CartifFlow.Web.Consultations;
using CartifFlow.Web.Drafts;
using CartifFlow.Web.Calendars;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Monitoring;
using CartifFlow.Web.Negotiation;
using CartifFlow.Web.Pages;
using CartifFlow.Web.Participants;
using CartifFlow.Web.WorkingGroups;
using CartifFlow.Web.WrittenProcedures;
using CartifFlow.Web.Workflows;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CartifFlow.Web.Hosting;

/// <summary>The web host's composition: what <c>Program.cs</c> calls.</summary>
internal static class WebHostExtensions
{
    public static WebApplicationBuilder AddCartifFlowWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddCartifFlow();
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddCartifFlowEdge();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddCartifFlowAuthentication();
        builder.Services.AddSingleton<SignInMail>().AddWorkflowFeature(f => f.Template<SignInMail>(SignInMail.Template));
        builder.Services.AddDrafts();
        builder.Services.AddHostedService<SignInMailWorker>();
        builder.Services.AddSingleton<OneClickLinks>();
        builder.Services.AddSingleton<IActionLinks>(sp => sp.GetRequiredService<OneClickLinks>());
        // Pages in Russian stay readable in their source: Cyrillic is not escaped (HTML-significant characters still are).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddPageLanguage();
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Procedures", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/Registry", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/Workflows", PageAuthentication.SecretariatPolicy);
            o.Conventions.AddPageRoute("/Workflows/Timeline", "/procedures/{key}/audit"); // a written procedure's timeline
            o.Conventions.AuthorizeFolder("/Inbox", PageAuthentication.PartyPolicy);
            o.Conventions.AuthorizeFolder("/Responses", PageAuthentication.PartyPolicy);
            o.Conventions.AuthorizeFolder("/Approvals", PageAuthentication.ApproverPolicy);
            o.Conventions.AuthorizeFolder("/Escalations", PageAuthentication.ChiefNegotiatorPolicy);
            o.Conventions.AuthorizeFolder("/Delegation", PageAuthentication.ChiefNegotiatorPolicy);
            o.Conventions.AuthorizeFolder("/Transitions", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/Meetings", PageAuthentication.SecretariatPolicy);
            // Who reads which area's draft is decided per area by the pages themselves (DraftReaders).
            o.Conventions.AuthorizeFolder("/Drafts");
            o.Conventions.AuthorizeFolder("/Me");
            // The process pages (issue 26): the Secretariat's; each form is also shown only when the engine permits its trigger.
            o.Conventions.AuthorizeFolder("/Negotiation", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/WorkingGroups", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/CapacityBuilding", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizePage("/Reports/Index", PageAuthentication.SecretariatPolicy);
            // A report as issued: every signed-in person reads it, as GET /api/reports/{id} answers them (lead
            // negotiators and technical experts reach their working group's reports from their home).
            o.Conventions.AuthorizePage("/Reports/Report");
            o.Conventions.AuthorizeFolder("/Calendars", PageAuthentication.SecretariatPolicy);
            o.Conventions.AuthorizeFolder("/Rounds"); // signed in; the page admits the Secretariat and the group's parties
            o.Conventions.AuthorizeFolder("/Consultations"); // signed in; the pages admit the Secretariat and the party consulted
        }).AddMvcOptions(o =>
        {
            o.Filters.Add<PageTextsFilter>();
            o.Filters.Add<TextInputPageFilter>();
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new TextInputJsonConverter());
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, context, _) =>
        {
            // The configured public address, never the request's Host header.
            var publicUrl = context.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value.PublicBaseUrl.TrimEnd('/');
            document.Servers = [new Microsoft.OpenApi.OpenApiServer { Url = publicUrl }];
            return Task.CompletedTask;
        }));
        builder.Services.AddHealthChecks()
            .AddCartifFlowChecks();
        return builder;
    }

    /// <summary>
    /// Checks the definitions, upgrades the schema, maps the endpoints and runs (recurring jobs are registered in the
    /// background once it runs).
    /// Returns 1 without starting when a setting is invalid (one line per fault, naming the setting), when the
    /// definitions are invalid (each fault is printed as <c>file:line:col: message</c>) or when a registry file to
    /// import at first start cannot be read or is invalid (<c>file: entry: message</c>).
    /// </summary>
    public static async Task<int> RunCartifFlowAsync(this WebApplication app)
    {
        var settingFaults = SettingsCheck.Faults(app.Services);
        if (settingFaults.Count > 0)
        {
            await Console.Error.WriteLineAsync("CartifFlow cannot start: the settings are invalid.").ConfigureAwait(false);
            foreach (var fault in settingFaults)
            {
                await Console.Error.WriteLineAsync(fault).ConfigureAwait(false);
            }

            return 1;
        }

        // Start-up work that does not depend on each other runs at once. First the definitions are parsed while EF Core
        // builds its model (CPU only: nothing is written when the definitions turn out invalid); then the schema is
        // checked or upgraded and the registry seeded while Hangfire's storage checks its schema. Nothing reads timers.
        var model = Task.Run(() =>
        {
            using var db = app.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create();
            return db.Model;
        });
        try
        {
            _ = await Task.Run(() => app.Services.GetRequiredService<WorkflowCatalog>()).ConfigureAwait(false);
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

        await model.ConfigureAwait(false);
        var jobStorage = Task.Run(() => app.Services.GetService<JobStorage>());
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync().ConfigureAwait(false);
        }

        try
        {
            // Each seeder reads and checks its whole file before it writes anything (one SaveChanges).
            await app.Services.GetRequiredService<ParticipantsSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);
            await app.Services.GetRequiredService<RoadmapSeeder>().SeedIfEmptyAsync().ConfigureAwait(false);
        }
        catch (SeedFileException ex)
        {
            await Console.Error.WriteLineAsync("CartifFlow cannot start: a registry file to import at first start is invalid.").ConfigureAwait(false);
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        // A definition version that running instances use must be there, as they started on it.
        var versions = await app.Services.GetRequiredService<WorkflowEngine>().CheckRunningVersionsAsync(
            app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.WorkflowsPath).ConfigureAwait(false);
        if (versions.Count > 0)
        {
            await Console.Error.WriteLineAsync("CartifFlow cannot start: the workflow definitions no longer match the running instances.").ConfigureAwait(false);
            foreach (var error in versions)
            {
                await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            return 1;
        }

        await jobStorage.ConfigureAwait(false);

        // The API answers refusals and failures with problem details; pages with a page in the reader's language (an
        // unexpected failure of a page is its "something went wrong" page, status 500, never a stack trace or JSON).
        // First what the proxy says (only a known proxy is believed), then the headers every response carries, then
        // plain HTTP to the public HTTPS address.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<OpenIdConnectSignInOptions>>().Value.Origin);
        app.UseHttpsToPublicAddress();
        app.UseWhen(c => IsApi(c), api => api.UseExceptionHandler());
        app.UseWhen(c => !IsApi(c), pages => pages.UseExceptionHandler("/error/500"));
        app.UseWhen(c => IsApi(c), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseRouting();
        app.UseRequestBodyLimit();
        app.UseWhen(c => !IsApi(c), pages => pages.UseNulFormFields()); // a NUL in a form is refused at its field, not by the form reader
        app.UseRateLimiter();
        app.UseCartifFlowOpenIdConnect();
        app.UseAuthentication();
        app.UseWhen(c => !IsApi(c), pages => pages.UseRequestLocalization()); // after sign-in: the person's language is a claim
        app.UseAuthorization();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorDashboardAuthorization(app.Services.GetRequiredService<IOptions<WebOptions>>().Value.AdministratorRole)],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });
        app.MapRazorPages();
        app.MapStylesheet();
        app.MapOpenApi();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapWorkflowDefinitions();
        app.MapWrittenProcedures();
        app.MapParticipants();
        app.MapNegotiation();
        app.MapTransitions();
        app.MapDelegations();
        app.MapMeetings();
        app.MapCalendars();
        app.MapConsultations();
        app.MapWorkingGroups();
        app.MapCapacityBuilding();
        app.MapReports();
        app.MapDrafts();

        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/openapi");
}
