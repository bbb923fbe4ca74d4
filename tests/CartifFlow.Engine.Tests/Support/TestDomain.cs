using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Engine.Tests.Support;

/// <summary>Guards true when as many parties answered as <c>$expected</c>.</summary>
internal sealed class AllAnswered : IWorkflowGuard
{
    public string Name => "all-answered";

    public ValueTask<bool> EvaluateAsync(IStepContext context) =>
        ValueTask.FromResult((context.Variables["answers"] as JsonObject)?.Count >= context.Variables["expected"]!.GetValue<long>());
}

/// <summary>Records the party's answer; refuses a missing one.</summary>
internal sealed class RecordAnswer : IWorkflowActivity
{
    public string Name => "record-answer";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var answer = context.Payload["answer"]?.GetValue<string>() ?? throw new StepRejectedException("An answer is required.", "answer");
        var answers = context.Variables["answers"] as JsonObject ?? [];
        answers[context.Payload["party"]!.GetValue<string>()] = answer;
        context.Variables["answers"] = answers;
        return Task.CompletedTask;
    }
}

internal sealed class CountReminder : IWorkflowActivity
{
    public string Name => "count-reminder";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["reminders-sent"] = (context.Variables["reminders-sent"]?.GetValue<long>() ?? 0) + 1;
        return Task.CompletedTask;
    }
}

/// <summary>Moves the deadline to <c>payload.deadline</c> and plans the deadline and reminder timers again.</summary>
internal sealed class MoveDeadline : IWorkflowActivity
{
    public string Name => "move-deadline";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["deadline"] = context.Payload["deadline"]!.DeepClone();
        await effects.ReplanTimersAsync("deadline");
        await effects.ReplanTimersAsync("reminder");
    }
}

/// <summary>Writes a message and a variable, then fails: the step must leave nothing behind.</summary>
internal sealed class Explode : IWorkflowActivity
{
    public string Name => "explode";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        await effects.NotifyAsync("opened", ["focal-points"], [], []);
        context.Variables["exploded"] = true;
        throw new InvalidOperationException("boom");
    }
}

/// <summary>When armed, holds each caller until <see cref="Parties"/> have arrived, so steps overlap for certain.</summary>
internal sealed class Rendezvous : IWorkflowActivity
{
    private readonly object _gate = new();
    private TaskCompletionSource? _all;
    private int _arrived;

    public string Name => "rendezvous";

    public int Parties { get; private set; }

    public void Arm(int parties)
    {
        Parties = parties;
        _arrived = 0;
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        TaskCompletionSource? all;
        lock (_gate)
        {
            all = _all;
            if (all is null)
            {
                return;
            }

            if (++_arrived == Parties)
            {
                all.TrySetResult();
            }
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>Focal points of two parties, in their languages.</summary>
internal sealed class TestRecipients : IRecipientResolver
{
    public IReadOnlySet<string> Groups { get; } = new HashSet<string> { "focal-points", "observers" };

    public Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info)
    {
        var envelopes = new List<Envelope>();
        if (to.Contains("focal-points"))
        {
            envelopes.Add(new Envelope([new MailAddress("fp.kaz@example.org", "FP Kazakhstan")], [], "ru", "Asia/Almaty"));
            envelopes.Add(new Envelope([new MailAddress("fp.mon@example.org", "FP Mongolia")], [], "en", "Asia/Ulaanbaatar"));
        }

        return Task.FromResult<IReadOnlyList<Envelope>>(envelopes);
    }
}

/// <summary>The outbox delivery's test double: records what it was given, fails when told to.</summary>
internal sealed class RecordingDelivery : IOutboxDelivery
{
    private readonly List<OutboxMessage> _delivered = [];

    public IReadOnlyList<OutboxMessage> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    public Func<OutboxMessage, DeliveryResult?>? Fail { get; set; }

    /// <summary>Awaited before each message is sent: a test holds a slow send here.</summary>
    public Func<OutboxMessage, Task>? BeforeSend { get; set; }

    /// <summary>
    /// Holds the next <paramref name="sends"/> sends (later ones pass) until <see cref="SendHold.Release"/>;
    /// <see cref="SendHold.Held"/> completes once all of them are waiting.
    /// </summary>
    public SendHold Hold(int sends = 1)
    {
        var hold = new SendHold(sends);
        BeforeSend = hold.WaitAsync;
        return hold;
    }

    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>();
        foreach (var message in messages)
        {
            if (BeforeSend is { } hold)
            {
                await hold(message);
            }

            cancellationToken.ThrowIfCancellationRequested(); // as a real transport stops on its token

            var failure = Fail?.Invoke(message);
            if (failure is not null)
            {
                results.Add(failure);
                continue;
            }

            lock (_delivered)
            {
                _delivered.Add(message);
            }

            results.Add(new DeliveryResult(message.Id, true));
        }

        return results;
    }
}

/// <summary>A slow send a test holds: see <see cref="RecordingDelivery.Hold"/>.</summary>
internal sealed class SendHold(int sends)
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public Task Held => _held.Task;

    public void Release() => _released.TrySetResult();

    public Task WaitAsync(OutboxMessage message)
    {
        var n = Interlocked.Increment(ref _waiting);
        if (n > sends)
        {
            return Task.CompletedTask;
        }

        if (n == sends)
        {
            _held.TrySetResult();
        }

        return _released.Task;
    }
}
