using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Runtime;

/// <summary>Who may fire a trigger: the roles its declaration names and, for a trigger done for a party, the actor's own party only.</summary>
internal static class TriggerAuthorization
{
    /// <summary>
    /// A refusal when <paramref name="actor"/> may not fire <paramref name="trigger"/>, else null; for a trigger done for
    /// a party, sets <c>payload.party</c> to the actor's party.
    /// </summary>
    public static StepResult? Authorize(WorkflowDefinition definition, string trigger, Actor actor, JsonObject payload)
    {
        if (!definition.Triggers.TryGetValue(trigger, out var declared))
        {
            return new StepResult(StepOutcome.NotPermitted, null, $"A {definition.Id} has no trigger '{trigger}'.", "trigger");
        }

        if (!declared.Roles.Any(actor.Roles.Contains))
        {
            return new StepResult(StepOutcome.Forbidden, null, $"'{trigger}' may be done only by {string.Join(" or ", declared.Roles)}.")
            {
                Code = "role-may-not",
                Arguments = [trigger],
            };
        }

        if (declared.ForParty)
        {
            if (actor.Party is null)
            {
                return new StepResult(StepOutcome.Forbidden, null, $"'{trigger}' is done for a party, and {actor.Id} belongs to none.")
                {
                    Code = "actor-has-no-party",
                    Arguments = [trigger],
                };
            }

            if (payload["party"] is JsonValue p && p.TryGetValue<string>(out var party) && !string.Equals(party, actor.Party, StringComparison.Ordinal))
            {
                return new StepResult(StepOutcome.Forbidden, null, $"{actor.Id} acts for {actor.Party} and may not act for {party}.", "party")
                {
                    Code = "not-own-party",
                    Arguments = [actor.Party, party],
                };
            }

            payload["party"] = actor.Party;
        }

        return null;
    }
}
