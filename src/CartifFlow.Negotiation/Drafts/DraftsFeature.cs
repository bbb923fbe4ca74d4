using CartifFlow.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>The areas' negotiating texts, as the engine knows them.</summary>
internal static class DraftsFeature
{
    public static IServiceCollection AddDrafts(this IServiceCollection services) => services.AddWorkflowFeature(f => f
        .Activity<OpenDraft>()
        .Activity<RecordImportedRevision>()
        .Activity<RecordEditedProvision>()
        .Activity<CirculateDraftRevision>());
}
