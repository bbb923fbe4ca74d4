using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Negotiation.Calendars;

/// <summary>
/// A kind of deadline the Secretariat sets or extends, with the minimum of working days that applies to it and how a
/// deadline too short for it is refused (its field, its stable code, its English message).
/// </summary>
/// <param name="Name">written-procedure, transition, round or meeting.</param>
/// <param name="Field">The field the deadline is given in (<c>deadline</c>; a meeting's <c>start</c>).</param>
/// <param name="Code">The refusal's code (the pages' <c>step.{code}</c>): arguments party, working days, minimum.</param>
/// <param name="Rule">How the refusal states the minimum: "{2}" is the minimum.</param>
public sealed record DeadlineKind(string Name, string Field, string Code, string Rule)
{
    /// <summary>A written procedure's deadline for responses (<see cref="NegotiationOptions.MinimumWorkingDays"/>).</summary>
    public static readonly DeadlineKind WrittenProcedure = new("written-procedure", "deadline", "deadline-too-short", "a written procedure gives every party at least {2}");

    /// <summary>The Chief Negotiators' deadline to answer a stage transition (<see cref="NegotiationOptions.TransitionMinimumWorkingDays"/>).</summary>
    public static readonly DeadlineKind Transition = new("transition", "deadline", "transition-deadline-too-short", "the Chief Negotiators' approval gives every party at least {2}");

    /// <summary>A text-based round's deadline for comments (<see cref="NegotiationOptions.RoundMinimumWorkingDays"/>).</summary>
    public static readonly DeadlineKind Round = new("round", "deadline", "round-deadline-too-short", "a text-based round gives every member party at least {2}");

    /// <summary>A meeting's start, its invitations' notice (<see cref="NegotiationOptions.MeetingMinimumWorkingDays"/>).</summary>
    public static readonly DeadlineKind Meeting = new("meeting", "start", "meeting-notice-too-short", "a meeting gives every invited party at least {2} working days' notice");

    /// <summary>The minimum of working days this kind requires under the settings.</summary>
    public int Minimum(NegotiationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Name switch
        {
            "transition" => options.TransitionMinimumWorkingDays,
            "round" => options.RoundMinimumWorkingDays,
            "meeting" => options.MeetingMinimumWorkingDays,
            _ => options.MinimumWorkingDays,
        };
    }
}

/// <summary>A deadline marked urgent by the Secretariat (shorter than the minimum), with the reason the circulation states.</summary>
/// <param name="Urgent">Marked urgent.</param>
/// <param name="Reason">Why it cannot give the usual time.</param>
public sealed record DeadlineUrgency(bool Urgent, string? Reason)
{
    /// <summary>Not marked urgent.</summary>
    public static readonly DeadlineUrgency None = new(false, null);

    /// <summary>
    /// The urgency given with a step (its payload) or a start (its variables): <c>urgent</c> (true or false) and
    /// <c>urgentReason</c>. Urgent without a reason is refused at <c>urgentReason</c>.
    /// </summary>
    public static DeadlineUrgency From(JsonObject source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var urgent = source["urgent"] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) => parsed,
            null => false,
            _ => throw new StepRejectedException("'urgent' must be true or false.", "urgent") { Code = "not-a-boolean", Arguments = ["urgent"] },
        };
        var reason = Reasons.Optional(source, "urgentReason");
        if (urgent && reason is null)
        {
            throw new StepRejectedException("An urgent deadline states why it cannot give the usual time.", "urgentReason") { Code = "urgent-reason-required" };
        }

        return urgent ? new DeadlineUrgency(true, reason) : None;
    }
}

/// <summary>
/// The one review of a deadline the Secretariat sets or extends (a written procedure's, a stage transition's, a
/// text-based round's, a meeting's): <see cref="DeadlineReview"/> at every taking-part party with the parties'
/// calendars, refused when it leaves a party fewer working days than the kind's minimum unless marked urgent with a
/// reason. The review and the urgency are kept in the instance's variables (<c>deadlineReview</c>, <c>urgent</c>,
/// <c>urgentReason</c>), which the views and the circulation read.
/// </summary>
public sealed class DeadlineReviews(IOptions<NegotiationOptions> options)
{
    /// <summary>
    /// Reviews <paramref name="deadline"/> for the parties from the step's instant and keeps the review with the
    /// instance; a deadline too short for the kind is refused at its field unless <paramref name="urgency"/> says urgent.
    /// With <paramref name="applyMinimum"/> false the deadline is only reviewed (where no urgency can be given).
    /// </summary>
    public async Task<DeadlineReview> ReviewAsync(IStepContext context, DeadlineKind kind, IEnumerable<string> parties, DateTimeOffset deadline, DeadlineUrgency urgency, bool applyMinimum = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(urgency);
        var calendars = await HolidaySeed.LoadAsync(context.Db, context.CancellationToken).ConfigureAwait(false);
        var review = DeadlineReview.Of(calendars, parties, context.Now, deadline, applyMinimum ? kind.Minimum(options.Value) : 0);
        if (review.TooShort && !urgency.Urgent)
        {
            var shortest = review.Short.OrderBy(w => w.WorkingDays).ThenBy(w => w.Party, StringComparer.Ordinal).First();
            string[] arguments = [shortest.Party, shortest.WorkingDays.ToString(CultureInfo.InvariantCulture), review.Minimum.ToString(CultureInfo.InvariantCulture)];
            var rule = string.Format(CultureInfo.InvariantCulture, kind.Rule, arguments[0], arguments[1], arguments[2]);
            throw new StepRejectedException(
                $"The deadline leaves {shortest.Party} {shortest.WorkingDays} working days; {rule}. Set a later {(kind.Field == "start" ? "start" : "deadline")}, or mark it urgent with a reason.",
                kind.Field) { Code = kind.Code, Arguments = arguments };
        }

        context.Variables["deadlineReview"] = review.ToJson();
        context.Variables["urgent"] = urgency.Urgent;
        context.Variables["urgentReason"] = urgency.Reason;
        return review;
    }

    /// <summary>The urgency for a circulation's message model (<c>urgency</c>: the minimum and the reason), or null when not urgent.</summary>
    public static JsonObject? UrgencyModel(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables["urgent"] is not JsonValue u || !u.TryGetValue<bool>(out var urgent) || !urgent)
        {
            return null;
        }

        return new JsonObject
        {
            ["minimum"] = variables["deadlineReview"]?["minimum"]?.DeepClone(),
            ["reason"] = variables["urgentReason"]?.DeepClone(),
        };
    }

    /// <summary>
    /// A parent's step marks the deadline of the child it starts next (<paramref name="workflow"/>, <paramref name="key"/>)
    /// urgent: the child's definition takes no urgency of its own from the parent, so it is handed over in the same
    /// transaction (<see cref="UrgentDeadline"/>) and read by the child's review (<see cref="HandedOverAsync"/>).
    /// Nothing is written when not urgent.
    /// </summary>
    public static void HandOver(IStepContext context, string workflow, string key, DeadlineUrgency urgency)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(urgency);
        if (!urgency.Urgent)
        {
            return;
        }

        context.Db.Set<UrgentDeadline>().Add(new UrgentDeadline
        {
            Workflow = workflow,
            CorrelationKey = key,
            Reason = urgency.Reason!,
            MarkedBy = context.Actor.Id,
            MarkedAt = context.Now,
        });
    }

    /// <summary>The urgency a parent's step handed over for the instance of this step (none when it handed over nothing).</summary>
    public static async Task<DeadlineUrgency> HandedOverAsync(IStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workflow = context.Instance.DefinitionId;
        var key = context.Instance.CorrelationKey;
        var set = context.Db.Set<UrgentDeadline>();
        var handed = set.Local.Where(u => u.Workflow == workflow && u.CorrelationKey == key).OrderByDescending(u => u.MarkedAt).FirstOrDefault()
            ?? await set.AsNoTracking().Where(u => u.Workflow == workflow && u.CorrelationKey == key).OrderByDescending(u => u.Id).FirstOrDefaultAsync(context.CancellationToken).ConfigureAwait(false);
        return handed is null ? DeadlineUrgency.None : new DeadlineUrgency(true, handed.Reason);
    }
}
