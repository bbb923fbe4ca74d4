using System.Text.Json.Nodes;
using CartifFlow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Engine.Runtime;

/// <summary>
/// Starts instances: checks the request and binds its parameters, answers a start whose idempotency key an earlier start
/// took with that start's instance (or refuses it when it asked for something else), refuses a correlation key in use,
/// then enters the initial states and commits.
/// </summary>
internal sealed class IdempotentStarts(IWorkflowDbContextFactory dbFactory, TransitionRunner runner, StepCommitter committer)
{
    private readonly IWorkflowDbContextFactory _dbFactory = dbFactory;
    private readonly TransitionRunner _runner = runner;
    private readonly StepCommitter _committer = committer;

    /// <summary>Starts an instance pinned to the requested (or newest) version of a definition (see <see cref="WorkflowEngine.StartAsync"/>).</summary>
    public async Task<StepResult> StartAsync(StartRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!_runner.Catalog.TryGet(request.DefinitionId, request.Version, out var definition))
        {
            return new StepResult(StepOutcome.NotFound, null, $"There is no workflow '{request.DefinitionId}'{(request.Version is { } v ? $" version {v}" : string.Empty)}.", "definitionId");
        }

        if (!definition.StartedBy.Any(actor.Roles.Contains))
        {
            return new StepResult(StepOutcome.Forbidden, null, $"Only {string.Join(" or ", definition.StartedBy)} may start a {definition.Id}.")
            {
                Code = "may-not-start",
                Arguments = [definition.Id],
            };
        }

        if (string.IsNullOrWhiteSpace(request.CorrelationKey) || request.CorrelationKey.Length > 200)
        {
            return new StepResult(StepOutcome.Invalid, null, "A correlation key of 1 to 200 characters is required.", "correlationKey");
        }

        if (ParameterBinding.TooLong(request.Parameters, "parameters") is { } tooLong)
        {
            return tooLong;
        }

        if (request.IdempotencyKey is { } token && (string.IsNullOrWhiteSpace(token) || token.Length > WorkflowEngine.MaxIdempotencyKey))
        {
            return new StepResult(StepOutcome.Invalid, null, $"An idempotency key has 1 to {WorkflowEngine.MaxIdempotencyKey} characters.", "idempotencyKey") { Code = "idempotency-key-invalid" };
        }

        var (variables, refused) = ParameterBinding.Bind(definition, request.Parameters);
        if (refused is not null)
        {
            return refused;
        }

        await using var db = _dbFactory.CreateDbContext();
        if (request.IdempotencyKey is { } idempotencyKey
            && await ReplayAsync(db, definition.Id, idempotencyKey, actor, variables, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        if (await db.Instances.AnyAsync(i => i.DefinitionId == definition.Id && i.CorrelationKey == request.CorrelationKey, cancellationToken).ConfigureAwait(false))
        {
            return new StepResult(StepOutcome.Conflict, null, $"A {definition.Id} with key '{request.CorrelationKey}' exists already.", "correlationKey")
            {
                Code = "key-exists",
                Arguments = [request.CorrelationKey],
            };
        }

        Step step;
        try
        {
            step = await _runner.StartCoreAsync(db, definition, request.CorrelationKey, variables, actor, parent: null, parentTrigger: null, cancellationToken).ConfigureAwait(false);
            step.Instance.StartToken = request.IdempotencyKey;
            await _runner.FinishAsync(step).ConfigureAwait(false);
        }
        catch (StepRejectedException ex)
        {
            return ex.ToResult(null);
        }

        return await _committer.SaveAsync(db, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The answer to a start whose idempotency key an earlier start took, or null when none did: that start's
    /// instance when the same actor asked with the same parameters (the start event's payload), else a refusal.
    /// </summary>
    public static async Task<StepResult?> ReplayAsync(WorkflowDbContext db, string definitionId, string token, Actor actor, JsonObject variables, CancellationToken cancellationToken)
    {
        var earlier = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.DefinitionId == definitionId && i.StartToken == token, cancellationToken).ConfigureAwait(false);
        if (earlier is null)
        {
            return null;
        }

        var start = await db.AuditEvents.AsNoTracking().Where(a => a.InstanceId == earlier.Id).OrderBy(a => a.Sequence)
            .Select(a => new { a.ActorId, a.PayloadJson }).FirstAsync(cancellationToken).ConfigureAwait(false);
        if (start.ActorId == actor.Id && JsonNode.DeepEquals(JsonNode.Parse(start.PayloadJson), variables))
        {
            return new StepResult(StepOutcome.Applied, InstanceView.From(earlier)) { Replayed = true };
        }

        return new StepResult(StepOutcome.Conflict, null, "This idempotency key was used for a different request; use a new key for a new request.", "idempotencyKey")
        {
            Code = "idempotency-key-reused",
        };
    }
}
