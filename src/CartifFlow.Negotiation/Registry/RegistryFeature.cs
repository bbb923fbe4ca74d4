using CartifFlow.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Registry;

/// <summary>The registry kept by the Secretariat (people, their roles, the parties' status), as the engine knows it.</summary>
internal static class RegistryFeature
{
    public static IServiceCollection AddRegistry(this IServiceCollection services) => services
        .AddWorkflowFeature(f => f
            .Activity<AddPerson>()
            .Activity<ChangePerson>()
            .Activity<ReplacePerson>()
            .Activity<DeactivatePerson>()
            .Activity<RecordPartyStatus>());
}
