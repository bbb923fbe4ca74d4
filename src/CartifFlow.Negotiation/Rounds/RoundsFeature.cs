using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>The text rounds of working groups, as the engine knows them.</summary>
internal static class RoundsFeature
{
    public static IServiceCollection AddRounds(this IServiceCollection services) => services
        .AddSingleton<IOpenRound, OpenTextRound>()
        .AddWorkflowFeature(f => f
        .Activity<CirculateRevision>()
        .Activity<RecordRoundComment>()
        .Activity<RemindRoundMembers>()
        .Activity<ExtendRoundDeadline>()
        .Activity<CloseComments>()
        .Activity<RecordConsolidationDecision>()
        .Activity<RecordSecretariatDrafting>()
        .Activity<RecordConsolidatedRevision>()
        .Activity<CirculateConsolidatedRevision>()
        .Recipients(R.RoundNonCommenters, async s =>
        {
            var group = await WorkingGroupDirectory.FindForStepAsync(s.Context).ConfigureAwait(false);
            var commented = await CommentedPartiesAsync(s).ConfigureAwait(false);
            return s.Holding(NegotiationRoles.FocalPoint, WorkingGroupsFeature.Members(s, group).Where(p => !commented.Contains(p)).ToHashSet(StringComparer.Ordinal));
        }));

    private static async Task<HashSet<string>> CommentedPartiesAsync(RecipientScope scope)
    {
        var context = scope.Context;
        var id = context.Instance.Id;
        var stored = await context.Db.Set<RoundComment>().AsNoTracking().Where(c => c.RoundInstanceId == id)
            .Select(c => c.PartyCode).Distinct().ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var pending = context.Db.ChangeTracker.Entries<RoundComment>().Where(e => e.State == EntityState.Added && e.Entity.RoundInstanceId == id).Select(e => e.Entity.PartyCode);
        return stored.Concat(pending).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>The round of a working group that takes comments now (told to a party admitted meanwhile).</summary>
internal sealed class OpenTextRound : IOpenRound
{
    public async Task<(JsonObject Model, JsonObject Calendar)?> ForAsync(IStepContext context, WorkingGroup group)
    {
        var open = await context.Db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.ParentId == group.InstanceId && i.DefinitionId == TextRound.WorkflowId && i.Status == InstanceStatus.Running && i.State == "Commenting")
            .OrderByDescending(i => i.CreatedAt)
            .FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        if (open is null || JsonNode.Parse(open.VariablesJson) is not JsonObject variables
            || variables["deadline"]?.GetValue<string>() is not { } deadline)
        {
            return null;
        }

        var round = new TextRound(
            open.CorrelationKey,
            group.AreaCode,
            group.Key,
            int.TryParse(variables["revision"]?.ToString(), CultureInfo.InvariantCulture, out var revision) ? revision : group.CurrentRevision,
            variables["document"]?.GetValue<string>(),
            null,
            DateTimeOffset.Parse(deadline, CultureInfo.InvariantCulture),
            StepInput.SeatTimeZone(context));
        var model = new JsonObject
        {
            ["key"] = round.Key,
            ["revision"] = round.Revision,
            ["document"] = round.Document,
            ["deadline"] = StepInput.Iso(round.Deadline),
        };
        return (model, round.Calendar());
    }
}
