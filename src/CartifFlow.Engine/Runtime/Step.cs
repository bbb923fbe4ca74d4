using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Runtime;

/// <summary>One step in progress: everything it changes is tracked by <see cref="Db"/> and saved at once.</summary>
internal sealed class Step(
    TransitionRunner engine,
    WorkflowDbContext db,
    WorkflowInstanceRecord instance,
    WorkflowDefinition definition,
    string trigger,
    JsonObject payload,
    Actor actor,
    DateTimeOffset now,
    StepSignals signals,
    CancellationToken cancellationToken) : IStepContext, IStepEffects
{
    private readonly List<TimerRecord> _addedTimers = [];

    public WorkflowInstanceRecord Instance { get; } = instance;
    public WorkflowDefinition Definition { get; } = definition;
    public JsonObject Variables { get; } = JsonNode.Parse(instance.VariablesJson)!.AsObject();
    public string Trigger { get; } = trigger;
    public JsonObject Payload { get; } = payload;
    public Actor Actor { get; } = actor;
    public DateTimeOffset Now { get; } = now;
    public WorkflowDbContext Db { get; } = db;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the unit of work will tell the dispatchers once it commits; shared by nested steps.</summary>
    public StepSignals Signals { get; } = signals;

    /// <summary>The instance's stored pending timers (tracked), when the caller loaded them with the instance; else read on first use.</summary>
    public List<TimerRecord>? PendingTimers { get; set; }

    /// <summary>The state the current activity belongs to (owner of timers it starts).</summary>
    public string? ActivityState { get; set; }

    public async Task RunAsync(IReadOnlyList<ActivityDefinition> activities, string? ownerState)
    {
        foreach (var activity in activities)
        {
            ActivityState = ownerState;
            await RunAsync(activity).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ActivityDefinition activity)
    {
        switch (activity)
        {
            case NotifyActivity n:
                var with = new JsonObject();
                foreach (var (key, expression) in n.With)
                {
                    with[key] = Resolve(expression)?.DeepClone();
                }

                await NotifyAsync(n.Template, n.To, n.Cc, n.Info, with).ConfigureAwait(false);
                break;
            case TimerActivity t:
                await StartTimerAsync(t).ConfigureAwait(false);
                break;
            case CancelTimerActivity c:
                await CancelTimersAsync(t => t.Name == c.Name).ConfigureAwait(false);
                break;
            case SetActivity s:
                Variables[s.Variable] = Resolve(s.Value)?.DeepClone();
                break;
            case StartChildActivity c:
                await engine.StartChildAsync(this, c).ConfigureAwait(false);
                break;
            case CustomActivity a:
                await engine.Activity(a.Name).ExecuteAsync(this, this).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unsupported activity {activity.GetType().Name}.");
        }
    }

    public JsonNode? Resolve(string expression)
    {
        if (!expression.StartsWith('$'))
        {
            return JsonValue.Create(expression);
        }

        var name = expression[1..];
        return name switch
        {
            "now" => JsonValue.Create(Now),
            "instance.key" => JsonValue.Create(Instance.CorrelationKey),
            "instance.id" => JsonValue.Create(Instance.Id),
            _ when name.StartsWith("payload.", StringComparison.Ordinal) => Payload[name["payload.".Length..]],
            _ when name.StartsWith("child.", StringComparison.Ordinal) => (Payload["child"] as JsonObject)?[name["child.".Length..]],
            _ => Variables[name],
        };
    }

    /// <summary>The reminder calendar, when the application has one (read once per step).</summary>
    private async Task<IReminderSchedule?> ReminderScheduleAsync()
    {
        if (!_scheduleRead)
        {
            _scheduleRead = true;
            _schedule = engine.ReminderCalendar is { } calendar
                ? await calendar.ForStepAsync(this).ConfigureAwait(false)
                : null;
        }

        return _schedule;
    }

    private IReminderSchedule? _schedule;
    private bool _scheduleRead;

    private async Task StartTimerAsync(TimerActivity t)
    {
        var owner = ActivityState ?? Instance.State;
        var schedule = t.Kind == TimerKind.Before ? await ReminderScheduleAsync().ConfigureAwait(false) : null;
        foreach (var (planned, payload) in DueTimes(t))
        {
            // A reminder fires at the earliest time one of its readers needs it (their previous working day); each
            // reader's message then waits for their own time (NotifyAsync). Never before now: a reminder is never skipped.
            var due = planned;
            if (schedule is not null)
            {
                payload["due"] = planned;
                var earliest = schedule.Earliest(planned);
                due = earliest < Now ? Now : earliest;
            }

            var record = new TimerRecord
            {
                Id = Guid.CreateVersion7(),
                InstanceId = Instance.Id,
                Name = t.Name,
                Trigger = t.Fires,
                OwnerState = owner,
                DueAt = EngineClock.Truncate(due),
                Status = TimerStatus.Pending,
                PayloadJson = payload.ToJsonString(),
                CreatedAt = Now,
            };
            Db.Timers.Add(record);
            _addedTimers.Add(record);
            Signals.EarliestTimer = Signals.EarliestTimer is null || due < Signals.EarliestTimer ? due : Signals.EarliestTimer;
        }
    }

    private IEnumerable<(DateTimeOffset Due, JsonObject Payload)> DueTimes(TimerActivity t)
    {
        switch (t.Kind)
        {
            case TimerKind.At:
                yield return (Instant(t.Expression), new JsonObject { ["timer"] = t.Name });
                break;
            case TimerKind.After:
                var duration = IsoDuration.Parse(Text(t.Expression));
                yield return (Now + duration, new JsonObject { ["timer"] = t.Name });
                break;
            case TimerKind.Before:
                var anchor = Instant(t.Expression);
                var offsets = t.Offsets!.StartsWith('$') ? Resolve(t.Offsets) : JsonNode.Parse(t.Offsets);
                foreach (var offset in offsets?.AsArray().Select(o => o!.GetValue<string>()) ?? [])
                {
                    var due = anchor - IsoDuration.Parse(offset);
                    if (due > Now)
                    {
                        yield return (due, new JsonObject { ["timer"] = t.Name, ["offset"] = offset, ["anchor"] = anchor });
                    }
                }

                break;
        }
    }

    private DateTimeOffset Instant(string expression)
    {
        var node = Resolve(expression) ?? throw new StepRejectedException($"{expression} has no value; a timer needs an instant", expression.TrimStart('$'));
        return node.GetValueKind() == JsonValueKind.String
            ? DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
            : throw new StepRejectedException($"{expression} is not an instant", expression.TrimStart('$'));
    }

    private string Text(string expression) =>
        (Resolve(expression) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
        ?? throw new StepRejectedException($"{expression} has no value", expression.TrimStart('$'));

    public async Task CancelTimersAsync(Func<TimerRecord, bool> which)
    {
        // Read once per step: a step that leaves nested states (or ends the instance) cancels several times.
        // The rows are tracked, so what this step changed in them since is what the next call sees.
        PendingTimers ??= Db.Entry(Instance).State == EntityState.Added
            ? []
            : await Db.Timers
                .Where(t => t.InstanceId == Instance.Id && t.Status == TimerStatus.Pending)
                .ToListAsync(CancellationToken).ConfigureAwait(false);
        foreach (var timer in PendingTimers.Concat(_addedTimers).Distinct().Where(t => t.Status == TimerStatus.Pending && which(t)))
        {
            timer.Status = TimerStatus.Cancelled;
            timer.CompletedAt = Now;
        }
    }

    public async Task NotifyAsync(string template, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info, JsonObject? model = null)
    {
        var envelopes = await engine.Recipients.ResolveAsync(this, to, cc, info).ConfigureAwait(false);
        // A reminder (a step fired by a before-timer planned with the calendar) waits for each reader's working day.
        var reminderDue = Payload["due"] is JsonValue d && d.TryGetValue<DateTimeOffset>(out var planned) && Payload["offset"] is not null ? planned : (DateTimeOffset?)null;
        var schedule = reminderDue is null ? null : await ReminderScheduleAsync().ConfigureAwait(false);
        foreach (var envelope in envelopes)
        {
            var sendAt = schedule is null ? Now : EngineClock.Truncate(schedule.For(reminderDue!.Value, envelope));
            if (sendAt < Now)
            {
                sendAt = Now;
            }

            var message = new JsonObject
            {
                ["workflow"] = Definition.Id,
                ["instanceId"] = Instance.Id,
                ["correlationKey"] = Instance.CorrelationKey,
                ["state"] = Instance.State,
                ["trigger"] = Trigger,
                ["actor"] = Actor.Id,
                ["at"] = Now,
                ["variables"] = Variables.DeepClone(),
                ["payload"] = Payload.DeepClone(),
                ["with"] = model?.DeepClone() ?? new JsonObject(),
                ["recipient"] = envelope.Model?.DeepClone() ?? new JsonObject(),
            };
            Db.Outbox.Add(new OutboxMessageRecord
            {
                Id = Guid.CreateVersion7(),
                InstanceId = Instance.Id,
                AuditSequence = Instance.AuditSequence + 1,
                Template = template,
                Language = envelope.Language,
                TimeZone = envelope.TimeZone,
                ToJson = JsonSerializer.Serialize(envelope.To),
                CcJson = JsonSerializer.Serialize(envelope.Cc),
                ModelJson = message.ToJsonString(),
                // Reminders and information copies to a reader on a daily digest wait for it; everything else goes at once.
                Status = envelope.Digest && (reminderDue is not null || envelope.Information) ? OutboxStatus.Held : OutboxStatus.Pending,
                CreatedAt = Now,
                NextAttemptAt = sendAt,
            });
            Signals.Outbox++;
        }
    }


    public async Task ReplanTimersAsync(string timerName)
    {
        // Cancel the pending ones; start them again if the current state (or a superstate) declares them.
        // A state that does not declare them (e.g. one about to be left for a state that does) plans none.
        await CancelTimersAsync(t => t.Name == timerName).ConfigureAwait(false);
        foreach (var state in Definition.Lineage(Instance.State))
        {
            var timers = state.Entry.OfType<TimerActivity>().Where(t => t.Name == timerName).ToList();
            if (timers.Count == 0)
            {
                continue;
            }

            ActivityState = state.Name;
            foreach (var t in timers)
            {
                await StartTimerAsync(t).ConfigureAwait(false);
            }

            return;
        }
    }

    Task IStepEffects.NotifyAsync(string template, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info, JsonObject? model) =>
        NotifyAsync(template, to, cc, info, model);

    public void Commit() => Instance.VariablesJson = Variables.ToJsonString();
}

/// <summary>Outbox rows and the earliest timer a unit of work wrote, and one of its audit events.</summary>
internal sealed class StepSignals
{
    public int Outbox { get; set; }

    public DateTimeOffset? EarliestTimer { get; set; }

    /// <summary>
    /// The unit of work's first audit event: found in the database exactly when the unit of work committed (one
    /// transaction), which is how a save whose answer was lost is read back.
    /// </summary>
    public AuditEventRecord? Witness { get; set; }
}
