using CartifFlow.Engine;
using CartifFlow.Infrastructure.Email;
using CartifFlow.Infrastructure.Jobs;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Infrastructure;

/// <summary>The whole application's composition, shared by the web host and the command line.</summary>
public static class CartifFlowServiceCollectionExtensions
{
    /// <summary>Database, engine, negotiation domain, e-mail and, unless <paramref name="backgroundWork"/> is false, Hangfire.</summary>
    public static IServiceCollection AddCartifFlow(this IServiceCollection services, bool backgroundWork = true)
    {
        services.AddCartifFlowDatabase();
        services.AddNegotiation();
        services.AddWorkflowEngine();
        services.AddCartifFlowEmail();
        if (backgroundWork)
        {
            services.AddCartifFlowJobs();
        }

        return services;
    }
}
