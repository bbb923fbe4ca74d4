using CartifFlow.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Digests;

/// <summary>The daily digest, as the engine knows it: no activity, but a template its sender writes (checked when the definitions load).</summary>
internal static class DigestsFeature
{
    public static IServiceCollection AddDigests(this IServiceCollection services) => services
        .AddSingleton<DailyDigests>()
        .AddWorkflowFeature(f => f.Template<DailyDigests>(DailyDigests.Template));
}
