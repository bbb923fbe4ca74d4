using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Engine;

/// <summary>
/// What one feature of the domain offers to definitions: its activities (and through them the templates they send),
/// guards, recipient groups and roles. Obtained from <see cref="EngineServiceCollectionExtensions.AddWorkflowFeature"/>;
/// every name is checked when the definitions load.
/// </summary>
public sealed class WorkflowFeatureBuilder
{
    internal WorkflowFeatureBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services, for what the feature's activities need injected into them.</summary>
    public IServiceCollection Services { get; }

    /// <summary>An activity definitions may name in <c>action:</c> (its <see cref="IWorkflowActivity.Templates"/> are checked at load).</summary>
    public WorkflowFeatureBuilder Activity<TActivity>()
        where TActivity : class, IWorkflowActivity
    {
        Services.AddSingleton<IWorkflowActivity, TActivity>();
        return this;
    }

    /// <summary>An activity made by the feature itself (one instance for every step).</summary>
    public WorkflowFeatureBuilder Activity(IWorkflowActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Services.AddSingleton(activity);
        return this;
    }

    /// <summary>A guard definitions may name in <c>when:</c>.</summary>
    public WorkflowFeatureBuilder Guard<TGuard>()
        where TGuard : class, IWorkflowGuard
    {
        Services.AddSingleton<IWorkflowGuard, TGuard>();
        return this;
    }

    /// <summary>Guards made by the feature (one class serving several names).</summary>
    public WorkflowFeatureBuilder Guards(IEnumerable<IWorkflowGuard> guards)
    {
        ArgumentNullException.ThrowIfNull(guards);
        foreach (var guard in guards)
        {
            Services.AddSingleton(guard);
        }

        return this;
    }

    /// <summary>A recipient group definitions may name in <c>to:</c>, <c>cc:</c> and <c>info:</c>, resolved by the domain's <see cref="IRecipientResolver"/>.</summary>
    public WorkflowFeatureBuilder RecipientGroup<TGroup>()
        where TGroup : class, IRecipientGroup
    {
        Services.AddSingleton<IRecipientGroup, TGroup>();
        return this;
    }

    /// <summary>Roles definitions may name in <c>roles:</c>.</summary>
    public WorkflowFeatureBuilder Roles(params string[] roles)
    {
        Services.AddWorkflowRoles(roles);
        return this;
    }
}
