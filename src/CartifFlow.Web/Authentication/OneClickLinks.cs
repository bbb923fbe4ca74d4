using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Authentication;

/// <summary>
/// What a one-click link says: whose it is, for which procedure (or stage transition: <see cref="OneClickLinks.Approve"/>
/// and <see cref="OneClickLinks.Reject"/> act on one), which action, until when.
/// </summary>
/// <param name="Id">The link's id, recorded when it is used.</param>
/// <param name="PersonId">Whose link.</param>
/// <param name="ProcedureKey">The written procedure's or stage transition's key.</param>
/// <param name="Action">What the link does.</param>
/// <param name="ExpiresAt">Until when it works.</param>
/// <param name="Round">For a stage transition, the proposal's round the link was made in: a revision starts a new round,
/// and a link of an earlier round no longer acts (null in links made before rounds were named).</param>
public sealed record OneClickClaim(Guid Id, string PersonId, string ProcedureKey, string Action, DateTimeOffset ExpiresAt, int? Round = null);

/// <summary>
/// One-click links (<c>/act?t=…</c>): the claim is signed and encrypted with ASP.NET Data Protection, so it cannot be
/// forged or altered; it works until the procedure's (or stage transition's) current deadline, so an extension extends it,
/// and at most 31 days after it was made; its use is recorded so it works once. Written procedures: view and agree; stage transitions: approve and reject.
/// Several nodes must share the Data Protection key ring for links made on one node to open on another.
/// </summary>
public sealed class OneClickLinks(IDataProtectionProvider protection, TimeProvider time, IOptions<WebOptions> options) : IActionLinks
{
    public const string View = "view";
    public const string Agree = "agree";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string TransitionWorkflow = NegotiationWorkflows.StageTransition;
    public const string Attend = "attend";
    public const string Decline = "decline";
    public const string Substitute = "substitute";
    public const string MeetingWorkflow = NegotiationWorkflows.Meeting;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(31);
    private readonly IDataProtector _protector = protection.CreateProtector("CartifFlow.OneClick.v1");

    public JsonObject? For(Person person, IStepContext context)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Definition.Id == MeetingWorkflow)
        {
            return MeetingLinks(person, context);
        }

        // Only a workflow with a deadline takes answers by link.
        if (context.Variables["deadline"] is null)
        {
            return null;
        }

        // The link itself lasts at most 31 days; while it lasts, it acts until the procedure's (or transition's) deadline
        // as it stands when the link is used (ActModel), so that an extension extends the links already sent.
        var expires = context.Now + MaxLifetime;
        var key = context.Instance.CorrelationKey;
        var round = RoundOf(context.Variables);
        return context.Definition.Id == TransitionWorkflow
            ? new JsonObject { [Approve] = Link(person.Id, key, Approve, expires, round), [Reject] = Link(person.Id, key, Reject, expires, round) }
            : new JsonObject { [View] = Link(person.Id, key, View, expires), [Agree] = Link(person.Id, key, Agree, expires) };
    }

    /// <summary>
    /// The workflow each action acts on (the link names the action and one item, an instance of that workflow by its
    /// key). A new kind of link adds its actions here and its handling on the <c>/act</c> page.
    /// </summary>
    private static readonly Dictionary<string, string> Workflows = new(StringComparer.Ordinal)
    {
        [View] = ProcedureWorkflow,
        [Agree] = ProcedureWorkflow,
        [Approve] = TransitionWorkflow,
        [Reject] = TransitionWorkflow,
        [Attend] = MeetingWorkflow,
        [Decline] = MeetingWorkflow,
        [Substitute] = MeetingWorkflow,
    };

    public const string ProcedureWorkflow = NegotiationWorkflows.WrittenProcedure;

    /// <summary>The workflow an action acts on, or null for an action no link has.</summary>
    public static string? WorkflowOf(string action) => Workflows.GetValueOrDefault(action);

    /// <summary>
    /// A meeting's invitee's links: attending, not attending, sending someone else. They work until the meeting begins
    /// (and at most 31 days; a reminder brings fresh ones); each is used once, the latest answer counts.
    /// </summary>
    private JsonObject? MeetingLinks(Person person, IStepContext context)
    {
        if (context.Variables["start"] is not JsonValue v || !v.TryGetValue<string>(out var text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start) || start <= context.Now)
        {
            return null;
        }

        var expires = start < context.Now + MaxLifetime ? start : context.Now + MaxLifetime;
        var key = context.Instance.CorrelationKey;
        return new JsonObject
        {
            [Attend] = Link(person.Id, key, Attend, expires),
            [Decline] = Link(person.Id, key, Decline, expires),
            [Substitute] = Link(person.Id, key, Substitute, expires),
        };
    }

    /// <summary>True when the action answers a meeting's invitation.</summary>
    public static bool OnMeeting(string action) => action is Attend or Decline or Substitute;

    /// <summary>True when the action acts on a stage transition (else on a written procedure).</summary>
    public static bool OnTransition(string action) => action is Approve or Reject;

    /// <summary>The round of a stage transition's proposal, from its variables (1 until it is revised).</summary>
    public static int RoundOf(JsonObject variables) =>
        variables?["round"] is JsonValue v && v.TryGetValue<int>(out var round) ? round : 1;

    /// <summary>A signed link for a person, a procedure and an action (for a stage transition, in a round).</summary>
    public string Link(string personId, string procedureKey, string action, DateTimeOffset expiresAt, int? round = null)
    {
        var claim = new OneClickClaim(Guid.NewGuid(), personId, procedureKey, action, expiresAt, round);
        var token = _protector.Protect(JsonSerializer.Serialize(claim));
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/act?t={Uri.EscapeDataString(token)}";
    }

    /// <summary>The claim of a token, or null when it was not made here or was altered.</summary>
    public OneClickClaim? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4000)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<OneClickClaim>(_protector.Unprotect(token));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>True when the claim has not expired yet.</summary>
    public bool Current(OneClickClaim claim) => claim is not null && time.GetUtcNow() < claim.ExpiresAt;

    /// <summary>True while the procedure or transition the link acts on still has its deadline ahead (a link has none after it).</summary>
    public bool BeforeDeadline(InstanceView instance) =>
        instance?.Variables[instance.DefinitionId == MeetingWorkflow ? "start" : "deadline"] is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var deadline)
        && time.GetUtcNow() < deadline;
}
