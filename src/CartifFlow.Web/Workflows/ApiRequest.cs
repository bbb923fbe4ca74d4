using System.Security.Claims;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Web.Authentication;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Workflows;

/// <summary>What the negotiation's endpoints need per request, bound with <c>[AsParameters]</c>.</summary>
/// <param name="Http">The request.</param>
/// <param name="User">The signed-in person.</param>
/// <param name="Engine">The workflow engine: every change goes through it.</param>
/// <param name="Factory">Reads of domain rows.</param>
/// <param name="Options">The negotiation's settings (seat time zone, negotiation key).</param>
/// <param name="Time">The clock.</param>
/// <param name="Cancellation">The request's cancellation.</param>
internal readonly record struct ApiRequest(
    HttpContext Http,
    ClaimsPrincipal User,
    WorkflowEngine Engine,
    ICartifFlowDbContextFactory Factory,
    IOptions<NegotiationOptions> Options,
    TimeProvider Time,
    CancellationToken Cancellation)
{
    /// <summary>The same bundle for a page, so that a page reads and fires exactly as the API does.</summary>
    public static ApiRequest For(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.HttpContext, page.User, engine, factory, options, time, cancellationToken);
    }

    /// <summary>The seat's time zone.</summary>
    public string Seat => Options.Value.SeatTimeZone;

    /// <summary>The engine's view of the caller.</summary>
    public Actor Actor => User.ToActor();

    /// <summary>True when the caller is Secretariat staff.</summary>
    public bool IsSecretariat => User.IsInRole(CartifFlow.Negotiation.Participants.NegotiationRoles.Secretariat);

    /// <summary>What the caller may fire on an instance now.</summary>
    public Task<IReadOnlyList<string>> YouMayAsync(Guid instanceId) => Engine.GetPermittedTriggersAsync(instanceId, Actor, Cancellation);

    /// <summary>
    /// Starts a workflow with the request's <c>Idempotency-Key</c> (<see cref="IdempotencyKeys"/>). A replay's
    /// instance is the first start's, whose key can differ from <paramref name="key"/> when it was generated.
    /// </summary>
    public async Task<StepResult> StartAsync(string workflow, string key, System.Text.Json.Nodes.JsonObject? parameters)
    {
        var result = await Engine.StartAsync(new StartRequest(workflow, key, parameters, IdempotencyKey: IdempotencyKeys.From(Http)), Actor, Cancellation);
        IdempotencyKeys.MarkReplayed(Http, result.Replayed);
        return result;
    }

    /// <summary>Fires a trigger with the request's If-Match; null when applied, else the ProblemDetails.</summary>
    public Task<IResult?> FireAsync(InstanceView instance, string trigger, System.Text.Json.Nodes.JsonObject payload) =>
        WorkflowCommands.FireAsync(Engine, instance, trigger, payload, User, Http, Cancellation);

    /// <summary>
    /// Fires a trigger (as <see cref="FireAsync"/>) and answers as every endpoint that changes an instance does: 200 with
    /// the instance as <paramref name="view"/> reads it now, its version as the ETag; or the refusal's ProblemDetails.
    /// </summary>
    public async Task<IResult> FireAndShowAsync<TView>(InstanceView instance, string trigger, System.Text.Json.Nodes.JsonObject payload, Func<Task<TView?>> view)
        where TView : class, IVersionedView
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(view);
        if (await FireAsync(instance, trigger, payload) is { } problem)
        {
            return problem;
        }

        var shown = await view() ?? throw new InvalidOperationException($"Instance {instance.Id} could not be read after its step.");
        WorkflowCommands.ETag(Http, shown.Version);
        return TypedResults.Ok(shown);
    }
}

/// <summary>An instance as the API shows it, with the version a client sends back as If-Match (the ETag).</summary>
internal interface IVersionedView
{
    /// <summary>The instance's version.</summary>
    int Version { get; }
}
