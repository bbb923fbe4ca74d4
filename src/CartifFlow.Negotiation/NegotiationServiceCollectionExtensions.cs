using CartifFlow.Engine;
using CartifFlow.Negotiation.Participants;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation;

/// <summary>The CARTIF domain's registrations with the engine.</summary>
public static class NegotiationServiceCollectionExtensions
{
    /// <summary>Registers the negotiation's roles (and, as they arrive, its guards, activities and recipients).</summary>
    public static IServiceCollection AddNegotiation(this IServiceCollection services) =>
        services.AddWorkflowRoles([.. NegotiationRoles.All]);
}
