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

    /// <summary>
    /// A template the feature sends from code outside an activity (a recurring job, a sign-in mail): checked with the
    /// definitions' own when they load, a missing one named with <typeparamref name="TSender"/>, so that the host does
    /// not start without it rather than fail on the first message.
    /// </summary>
    /// <typeparam name="TSender">The code that writes the message.</typeparam>
    /// <param name="template">The template's name (its files are <c>name.language.ext</c> in <c>workflows/templates</c>).</param>
    public WorkflowFeatureBuilder Template<TSender>(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        Services.AddSingleton(new TemplateUse(template, typeof(TSender).FullName ?? typeof(TSender).Name));
        return this;
    }

    /// <summary>Roles definitions may name in <c>roles:</c>.</summary>
    public WorkflowFeatureBuilder Roles(params string[] roles)
    {
        Services.AddWorkflowRoles(roles);
        return this;
    }
}

/// <summary>A template sent from code outside an activity, and the code that sends it (<see cref="WorkflowFeatureBuilder.Template{TSender}"/>).</summary>
/// <param name="Template">The template's name.</param>
/// <param name="Sender">The sending type's full name.</param>
internal sealed record TemplateUse(string Template, string Sender);
