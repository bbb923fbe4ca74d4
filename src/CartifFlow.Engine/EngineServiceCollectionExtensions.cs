using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;
using CartifFlow.Engine.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CartifFlow.Engine;

/// <summary>A role definitions may name (registered by the domain).</summary>
/// <param name="Name">The role's name in definitions, e.g. <c>focal-point</c>.</param>
internal sealed record WorkflowRole(string Name);

/// <summary>Registration of the engine and of the names definitions may use.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: definitions from <see cref="EngineOptions.WorkflowsPath"/>, the runtime, the timer
    /// dispatcher and pump, and the outbox dispatcher and pump. The host supplies <see cref="Persistence.IWorkflowDbContextFactory"/>,
    /// <see cref="Persistence.IWorkflowStore"/> (the provider's claims)
    /// and <see cref="IOutboxDelivery"/>; the domain its guards, activities, roles and <see cref="IRecipientResolver"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecipientResolver, NoRecipientResolver>();
        services.TryAddSingleton<ITemplateCatalog>(sp => new FolderTemplateCatalog(Path.Combine(WorkflowsFolder(sp), "templates")));
        services.TryAddSingleton(sp => LoadCatalog(sp, WorkflowsFolder(sp)));
        services.TryAddSingleton<LocalEngineSignals>();
        services.TryAddSingleton<IEngineSignals>(sp => sp.GetRequiredService<LocalEngineSignals>());
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<TimerDispatcher>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService<TimerPump>();
        services.AddHostedService<OutboxPump>();
        return services;
    }

    /// <summary>Registers roles definitions may name (<see cref="WorkflowFeatureBuilder.Roles"/>).</summary>
    internal static IServiceCollection AddWorkflowRoles(this IServiceCollection services, params string[] roles)
    {
        foreach (var role in roles)
        {
            services.AddSingleton(new WorkflowRole(role));
        }

        return services;
    }

    /// <summary>
    /// Registers what one feature of the domain offers to definitions (activities, guards, recipient groups, roles, the
    /// templates its code sends outside activities),
    /// in one call per feature: <c>services.AddWorkflowFeature(f => f.Activity&lt;A&gt;().Guard&lt;G&gt;())</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowFeature(this IServiceCollection services, Action<WorkflowFeatureBuilder> feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        feature(new WorkflowFeatureBuilder(services));
        return services;
    }

    /// <summary>The names the registered services offer to definitions.</summary>
    public static DefinitionReferences References(IServiceProvider services)
    {
        var activities = services.GetServices<IWorkflowActivity>().ToList();
        var templates = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            templates.TryAdd(activity.Name, activity.Templates);
        }

        return new(
            services.GetServices<WorkflowRole>().Select(r => r.Name).ToHashSet(StringComparer.Ordinal),
            services.GetServices<IWorkflowGuard>().Select(g => g.Name).ToHashSet(StringComparer.Ordinal),
            activities.Select(a => a.Name).ToHashSet(StringComparer.Ordinal),
            services.GetRequiredService<ITemplateCatalog>().Names,
            services.GetRequiredService<IRecipientResolver>().Groups.Concat(services.GetServices<IRecipientGroup>().Select(g => g.Name)).ToHashSet(StringComparer.Ordinal))
        {
            ActivityTemplates = templates,
            CodeTemplates = services.GetServices<TemplateUse>().GroupBy(u => u.Sender, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)[.. g.Select(u => u.Template).Distinct(StringComparer.Ordinal)], StringComparer.Ordinal),
        };
    }

    private static WorkflowCatalog LoadCatalog(IServiceProvider services, string folder) =>
        WorkflowCatalog.LoadDirectory(folder, References(services));

    private static string WorkflowsFolder(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<EngineOptions>>().Value.WorkflowsPath;
        var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, path));
    }

    private sealed class NoRecipientResolver : IRecipientResolver
    {
        public IReadOnlySet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal);

        public Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info) =>
            Task.FromResult<IReadOnlyList<Envelope>>([]);
    }
}
