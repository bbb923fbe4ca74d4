using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.WorkingGroups;

/// <summary>
/// <c>admit-working-group-party</c> (<c>working-group-admission.yaml</c>): a party joins a working group that exists
/// already, as a member (a negotiating party; an observer of the group may become one) or as an observer (any other
/// party of the registry). The group's rows change, not its instance, so that groups on every version of their
/// definition take it; its rounds read the membership at each step, so a member admitted while a round is open
/// comments on it and is reminded. The party, the group's members and the Secretariat are told, the party with the
/// group's current revision and the open round's deadline.
/// </summary>
internal sealed class AdmitWorkingGroupParty(IOpenRound openRound) : IWorkflowActivity
{
    public string Name => "admit-working-group-party";

    public IReadOnlyCollection<string> Templates { get; } = ["working-group-party-admitted"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = StepInput.Variable(context, "area")?.Trim().ToUpperInvariant() ?? throw new StepRejectedException("Name the working group's negotiating area.", "area") { Code = "area-required" };
        var party = StepInput.Variable(context, "party")?.Trim().ToUpperInvariant() ?? throw new StepRejectedException("Name the party to admit.", "party") { Code = "party-required" };
        Reasons.Optional(context.Variables);

        var role = StepInput.Variable(context, "role") == "observer" ? WorkingGroupRole.Observer : WorkingGroupRole.Member;
        var group = await context.Db.Set<WorkingGroup>().Include(g => g.Participants).FirstOrDefaultAsync(g => g.AreaCode == area, context.CancellationToken).ConfigureAwait(false)
            ?? throw new StepRejectedException($"There is no working group for the area '{area}'.", "area") { Code = "working-group-unknown", Arguments = [area] };
        var groupInstance = await context.Db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstAsync(i => i.Id == group.InstanceId, context.CancellationToken).ConfigureAwait(false);
        if (group.StableAt is not null || groupInstance.Status != InstanceStatus.Running)
        {
            throw new StepRejectedException($"The working group {group.Key} has ended; nobody joins it now.", "area", StepOutcome.Closed) { Code = "working-group-closed", Arguments = [group.Key] };
        }

        var registered = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Code == party)
            ?? throw new StepRejectedException($"There is no party '{party}'.", "party") { Code = "party-unknown", Arguments = [party] };
        var existing = group.Participants.FirstOrDefault(p => p.PartyCode == party);
        if (existing?.Role == WorkingGroupRole.Member)
        {
            throw new StepRejectedException($"{party} is a member of the working group {group.Key} already.", "party", StepOutcome.Conflict) { Code = "already-member", Arguments = [party, group.Key] };
        }

        if (role == WorkingGroupRole.Member && registered.StatusAt(context.Now) != PartyStatus.Negotiating)
        {
            throw new StepRejectedException($"{party} is not a negotiating party; only negotiating parties are members of a working group (others may observe).", "party") { Code = "member-not-negotiating", Arguments = [party] };
        }

        if (role == WorkingGroupRole.Observer && existing is not null)
        {
            throw new StepRejectedException($"{party} observes the working group {group.Key} already.", "party", StepOutcome.Conflict) { Code = "already-observer", Arguments = [party, group.Key] };
        }

        if (existing is null)
        {
            group.Participants.Add(new WorkingGroupParticipant { WorkingGroupInstanceId = group.InstanceId, PartyCode = party, Role = role });
        }
        else
        {
            existing.Role = WorkingGroupRole.Member;
            context.Variables["previousRole"] = "observer";
        }

        // The group's key and the normalised codes, for the recipient groups and for whoever reads the instance later.
        context.Variables["area"] = area;
        context.Variables["party"] = party;
        context.Variables["role"] = role == WorkingGroupRole.Member ? "member" : "observer";
        context.Variables["workingGroup"] = group.Key;

        var model = await WorkingGroupSteps.ModelAsync(context, group).ConfigureAwait(false);
        var groupVariables = JsonNode.Parse(groupInstance.VariablesJson) as JsonObject;
        model["workingGroup"]!["document"] = groupVariables?["currentDocument"]?.DeepClone();
        model["admission"] = new JsonObject
        {
            ["party"] = (await NegotiationMessages.PartiesAsync(context, [party]).ConfigureAwait(false))[0]?.DeepClone(),
            ["role"] = context.Variables["role"]!.DeepClone(),
            ["previousRole"] = context.Variables["previousRole"]?.DeepClone(),
            ["reason"] = StepInput.Variable(context, "reason"),
        };
        if (await openRound.ForAsync(context, group).ConfigureAwait(false) is { } round)
        {
            model["round"] = round.Model;
            if (role == WorkingGroupRole.Member)
            {
                // The same entry (same UID) the members had with the round: their calendars keep one event.
                model["calendar"] = round.Calendar;
            }
        }

        await effects.NotifyAsync("working-group-party-admitted", [R.AdmittedParty], [], [R.WorkingGroupMembers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary>The round of a working group that takes comments now, as an admission's message shows it (registered by Rounds).</summary>
internal interface IOpenRound
{
    /// <summary>The open round's model (<c>{ key, revision, document, deadline }</c>) and its calendar entry; null when none is open.</summary>
    Task<(JsonObject Model, JsonObject Calendar)?> ForAsync(IStepContext context, WorkingGroup group);
}
