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
        var machine = Configure(definition, () => state, s => state = s, (_, _) => true, onEntry: null, onExit: null);
        return MermaidGraph.Format(machine.GetInfo());
    }

    internal static StateMachine<string, string> Configure(
        WorkflowDefinition definition,
        Func<string> read,
        Action<string> write,
        Func<string, TransitionDefinition, bool> guard,
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
                    bool Guard() => guard(owner, selected);
                    var description = transition.When ?? (transitions.Count > 1 ? "otherwise" : null);
                    if (transition.Internal)
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
}
