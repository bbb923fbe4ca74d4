using CartifFlow.Engine.Definitions;
using Stateless;
using Stateless.Graph;

namespace CartifFlow.Engine.Runtime;

/// <summary>Compiles a definition onto a Stateless machine; used for every step and for diagrams.</summary>
public static class WorkflowMachines
{
    /// <summary>The definition as a Mermaid state diagram (Stateless's graph export).</summary>
    public static string ToMermaid(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var state = definition.InitialState;
        var machine = Configure(definition, () => state, s => state = s, guard: null, onEntry: null, onExit: null);
        return MermaidGraph.Format(machine.GetInfo());
    }

    // guard: answers for each transition in a step; null when the machine is only drawn.
    internal static StateMachine<string, string> Configure(
        WorkflowDefinition definition,
        Func<string> read,
        Action<string> write,
        Func<string, TransitionDefinition, bool>? guard,
        Func<StateDefinition, StateMachine<string, string>.Transition, Task>? onEntry,
        Func<StateDefinition, StateMachine<string, string>.Transition, Task>? onExit)
    {
        var machine = new StateMachine<string, string>(read, write);
        foreach (var state in definition.States.Values)
        {
            var config = machine.Configure(state.Name);
            if (state.Parent is not null)
            {
                config.SubstateOf(state.Parent);
            }

            if (state.InitialSubstate is not null)
            {
                config.InitialTransition(state.InitialSubstate);
            }

            if (onEntry is not null)
            {
                config.OnEntryAsync(t => onEntry(state, t), $"entry of {state.Name}");
            }

            if (onExit is not null)
            {
                config.OnExitAsync(t => onExit(state, t), $"exit of {state.Name}");
            }

            foreach (var (trigger, transitions) in state.On)
            {
                foreach (var transition in transitions)
                {
                    var selected = transition;
                    var owner = state.Name;
                    bool Guard() => guard is null || guard(owner, selected);
                    var description = transition.When
                        ?? (transitions.Count > 1 ? "otherwise" : null)
                        ?? (transition.Internal ? string.Join(", ", transition.Actions.Select(Describe)) : null);
                    if (guard is null && description is null)
                    {
                        // Drawing only: an unguarded transition is drawn without a condition.
                        if (transition.Internal)
                        {
                            config.InternalTransition(trigger, _ => { });
                        }
                        else if (transition.To == state.Name)
                        {
                            config.PermitReentry(trigger);
                        }
                        else
                        {
                            config.Permit(trigger, transition.To!);
                        }
                    }
                    else if (transition.Internal)
                    {
                        config.InternalTransitionIf(trigger, _ => Guard(), _ => { }, description);
                    }
                    else if (transition.To == state.Name)
                    {
                        config.PermitReentryIf(trigger, Guard, description);
                    }
                    else
                    {
                        config.PermitIf(trigger, transition.To!, Guard, description);
                    }
                }
            }
        }

        return machine;
    }

    private static string Describe(ActivityDefinition activity) => activity switch
    {
        CustomActivity a => a.Name,
        NotifyActivity n => $"notify {n.Template}",
        TimerActivity t => $"timer {t.Name}",
        CancelTimerActivity c => $"cancel {c.Name}",
        SetActivity s => $"set {s.Variable}",
        StartChildActivity c => $"start {c.Workflow}",
        _ => activity.GetType().Name,
    };
}
