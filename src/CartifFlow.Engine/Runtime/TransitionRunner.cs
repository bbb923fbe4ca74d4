using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stateless;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Runs a step in its unit of work, in memory: selects the transition a trigger takes (innermost state first, first
/// guard that holds), runs its actions and, through the Stateless machine, the exit and entry actions of the states it
/// leaves and enters; records the audit event; completes the instance and tells its parent. Also enters a new
/// instance's initial states (a start, or a child a step starts). Saves nothing: <see cref="StepCommitter"/> does.
/// </summary>
internal sealed class TransitionRunner
{
    /// <summary>The trigger a start records.</summary>
    public const string StartTrigger = "(start)";

    private readonly Dictionary<string, IWorkflowGuard> _guards;
    private readonly Dictionary<string, IWorkflowActivity> _activities;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Definition versions seen recorded in the database (rows are never removed): later starts skip the read.
    private readonly ConcurrentDictionary<string, bool> _recordedDefinitions = new(StringComparer.Ordinal);

    /// <summary>Each party's working days for reminders, when the application has them.</summary>
    public IReminderCalendar? ReminderCalendar { get; init; }

    public TransitionRunner(WorkflowCatalog catalog, IEnumerable<IWorkflowGuard> guards, IEnumerable<IWorkflowActivity> activities, IRecipientResolver recipients, TimeProvider time, ILogger logger)
    {
        Catalog = catalog;
        _guards = guards.ToDictionary(g => g.Name, StringComparer.Ordinal);
        _activities = activities.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Recipients = recipients;
        _time = time;
        _logger = logger;
    }

    public WorkflowCatalog Catalog { get; }

    public IRecipientResolver Recipients { get; }

    public IWorkflowActivity Activity(string name) => _activities[name];

    /// <summary>Finds the transition a trigger takes: innermost state first, first transition whose guard holds.</summary>
    public async Task<(StateDefinition Owner, TransitionDefinition Transition)?> SelectAsync(Step step)
    {
        foreach (var state in step.Definition.Lineage(step.Instance.State))
        {
            if (!state.On.TryGetValue(step.Trigger, out var transitions))
            {
                continue;
            }

            foreach (var transition in transitions)
            {
                if (transition.When is null || await _guards[transition.When].EvaluateAsync(step).ConfigureAwait(false))
                {
                    return (state, transition);
                }
            }
        }

        return null;
    }

    /// <summary>Runs the selected transition; returns a refusal, or null when the step is ready to save.</summary>
    public async Task<StepResult?> FireCoreAsync(Step step)
    {
        var selected = await SelectAsync(step).ConfigureAwait(false);
        if (selected is null)
        {
            var declared = step.Definition.Lineage(step.Instance.State).Any(s => s.On.ContainsKey(step.Trigger));
            var why = declared
                ? $"'{step.Trigger}' is not possible now: no condition for it holds in {step.Instance.State}."
                : $"'{step.Trigger}' is not possible in {step.Instance.State}.";
            return new StepResult(StepOutcome.NotPermitted, InstanceView.From(step.Instance), why)
            {
                Code = declared ? "not-possible-now" : "not-possible-in-state",
                Arguments = [step.Trigger, step.Instance.State],
            };
        }

        var (owner, transition) = selected.Value;
        await step.RunAsync(transition.Actions, owner.Name).ConfigureAwait(false);
        if (!transition.Internal)
        {
            var machine = BuildMachine(step, owner.Name, transition);
            await machine.FireAsync(step.Trigger).ConfigureAwait(false);
        }

        await FinishAsync(step).ConfigureAwait(false);
        return null;
    }

    /// <summary>Records the step: audit event, completion and the parent's trigger.</summary>
    public async Task FinishAsync(Step step)
    {
        step.Commit();
        var instance = step.Instance;
        var fromState = step.Trigger == StartTrigger ? string.Empty : (step.Db.Entry(instance).Property(i => i.State).OriginalValue ?? string.Empty);
        if (step.Db.Entry(instance).State == EntityState.Added)
        {
            fromState = string.Empty;
        }

        var audit = new AuditEventRecord
        {
            InstanceId = instance.Id,
            Sequence = instance.AuditSequence + 1,
            At = step.Now,
            ActorId = step.Actor.Id,
            ActorParty = step.Actor.Party,
            Trigger = step.Trigger,
            FromState = fromState,
            ToState = instance.State,
            PayloadJson = step.Payload.ToJsonString(),
            PreviousHash = instance.AuditHead,
            Hash = string.Empty,
        };
        audit.Hash = AuditChain.Compute(audit);
        step.Db.AuditEvents.Add(audit);
        step.Signals.Witness ??= audit;
        instance.AuditSequence = audit.Sequence;
        instance.AuditHead = audit.Hash;
        instance.UpdatedAt = step.Now;
        instance.Version++;

        if (step.Definition.States[instance.State].Final && instance.Status == InstanceStatus.Running)
        {
            instance.Status = InstanceStatus.Completed;
            instance.CompletedAt = step.Now;
            await step.CancelTimersAsync(_ => true).ConfigureAwait(false);
            if (instance.ParentId is { } parentId && instance.ParentTrigger is { } parentTrigger)
            {
                await NotifyParentAsync(step, parentId, parentTrigger).ConfigureAwait(false);
            }
        }

    }

    private async Task NotifyParentAsync(Step child, Guid parentId, string trigger)
    {
        var parent = child.Db.Instances.Local.FirstOrDefault(i => i.Id == parentId)
            ?? await child.Db.Instances.FirstAsync(i => i.Id == parentId, child.CancellationToken).ConfigureAwait(false);
        if (parent.Status != InstanceStatus.Running)
        {
            return;
        }

        var payload = new JsonObject
        {
            ["child"] = new JsonObject
            {
                ["id"] = child.Instance.Id,
                ["workflow"] = child.Definition.Id,
                ["key"] = child.Instance.CorrelationKey,
                ["state"] = child.Instance.State,
                ["variables"] = child.Variables.DeepClone(),
            },
        };
        var definition = Catalog.Get(parent.DefinitionId, parent.DefinitionVersion);
        var step = new Step(this, child.Db, parent, definition, trigger, payload, Actor.System, child.Now, child.Signals, child.CancellationToken);
        var refused = await FireCoreAsync(step).ConfigureAwait(false);
        if (refused is not null)
        {
            _logger.LogWarning("Parent {Parent} did not take {Trigger} from child {Child}: {Message}", parentId, trigger, child.Instance.Id, refused.Message);
        }
    }

    /// <summary>Builds the Stateless machine for one step; guards answer only for the selected transition.</summary>
    private static StateMachine<string, string> BuildMachine(Step step, string owner, TransitionDefinition selected)
    {
        var machine = WorkflowMachines.Configure(
            step.Definition,
            () => step.Instance.State,
            s => step.Instance.State = s,
            (state, transition) => state == owner && ReferenceEquals(transition, selected),
            onEntry: (state, _) => step.RunAsync(state.Entry, state.Name),
            onExit: async (state, _) =>
            {
                await step.RunAsync(state.Exit, state.Name).ConfigureAwait(false);
                await step.CancelTimersAsync(t => t.OwnerState == state.Name).ConfigureAwait(false);
            });
        return machine;
    }

    public async Task StartChildAsync(Step parent, StartChildActivity activity)
    {
        if (!Catalog.TryGet(activity.Workflow, activity.Version, out var definition))
        {
            throw new InvalidOperationException($"Workflow {activity.Workflow} is not loaded.");
        }

        var parameters = new JsonObject();
        foreach (var (name, expression) in activity.With)
        {
            parameters[name] = parent.Resolve(expression)?.DeepClone();
        }

        var (variables, refused) = ParameterBinding.Bind(definition, parameters);
        if (refused is not null)
        {
            throw new StepRejectedException($"Cannot start {definition.Id}: {refused.Message}", refused.Field) { Code = refused.Code, Arguments = refused.Arguments };
        }

        var key = activity.Key is null
            ? $"{parent.Instance.CorrelationKey}/{definition.Id}/{parent.Instance.AuditSequence + 1}"
            : parent.Resolve(activity.Key)?.ToString() ?? throw new StepRejectedException($"{activity.Key} has no value", activity.Key);
        // A key in use is a conflict to report, not a unique index to trip over at the commit (checked against the
        // database and against children this unit of work has started already).
        var taken = parent.Db.Instances.Local.Any(i => i.DefinitionId == definition.Id && i.CorrelationKey == key)
            || await parent.Db.Instances.AnyAsync(i => i.DefinitionId == definition.Id && i.CorrelationKey == key, parent.CancellationToken).ConfigureAwait(false);
        if (taken)
        {
            throw new StepRejectedException($"A {definition.Id} with key '{key}' exists already.", "key", StepOutcome.Conflict)
            {
                Code = "key-exists",
                Arguments = [key],
            };
        }

        var child = await StartCoreAsync(parent.Db, definition, key, variables, Actor.System, parent.Instance, activity.OnComplete, parent.CancellationToken, parent.Signals).ConfigureAwait(false);
        await FinishAsync(child).ConfigureAwait(false);
    }

    public async Task<Step> StartCoreAsync(WorkflowDbContext db, WorkflowDefinition definition, string key, JsonObject variables, Actor actor, WorkflowInstanceRecord? parent, string? parentTrigger, CancellationToken cancellationToken, StepSignals? signals = null)
    {
        var now = EngineClock.Now(_time);
        var instance = new WorkflowInstanceRecord
        {
            Id = Guid.CreateVersion7(),
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationKey = key,
            State = definition.InitialState,
            Status = InstanceStatus.Running,
            VariablesJson = variables.ToJsonString(),
            ParentId = parent?.Id,
            ParentTrigger = parentTrigger,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
            AuditSequence = 0,
            AuditHead = AuditChain.Genesis,
        };
        db.Instances.Add(instance);
        await EnsureDefinitionRecordedAsync(db, definition, now, cancellationToken).ConfigureAwait(false);
        var step = new Step(this, db, instance, definition, StartTrigger, variables.DeepClone().AsObject(), actor, now, signals ?? new StepSignals(), cancellationToken);

        // Enter the initial state and, through 'initial', its sub-states, outermost first.
        var path = new List<string> { definition.InitialState };
        while (definition.States[path[^1]].InitialSubstate is { } sub)
        {
            path.Add(sub);
        }

        foreach (var state in path)
        {
            await step.RunAsync(definition.States[state].Entry, state).ConfigureAwait(false);
        }

        instance.State = path[^1];
        return step;
    }

    private async Task EnsureDefinitionRecordedAsync(WorkflowDbContext db, WorkflowDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Once seen in the database, a definition version stays recorded (rows are never removed): later starts skip
        // the read. This is per definition, not per instance.
        if (_recordedDefinitions.ContainsKey(definition.Key) || db.Definitions.Local.Any(d => d.Id == definition.Id && d.Version == definition.Version))
        {
            return;
        }

        if (await db.Definitions.AnyAsync(d => d.Id == definition.Id && d.Version == definition.Version, cancellationToken).ConfigureAwait(false))
        {
            _recordedDefinitions.TryAdd(definition.Key, true);
            return;
        }

        db.Definitions.Add(new DefinitionRecord { Id = definition.Id, Version = definition.Version, Source = definition.Source, SourceHash = definition.SourceHash, FirstLoadedAt = now });
    }
}
