using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Approvals;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Pages.Delegation;

/// <summary>A delegation of the party's approvals, as the page lists it.</summary>
public sealed record DelegationRow(string Key, string Delegate, DateTimeOffset From, DateTimeOffset Until, string? Reason, string State, bool ActiveNow, bool Open);

/// <summary>
/// The Chief Negotiator names a lead negotiator of their own party to approve stage transitions for a period, sees
/// the party's delegations and revokes a current one. Times are entered in the Chief Negotiator's own time zone.
/// Both actions go through the delegation workflow, which checks the delegate, the period and overlaps.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Delegation, OffersTriggerAttribute.Start)]
[OffersTrigger(NegotiationWorkflows.Delegation, "revoke")]
public sealed class DelegationModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Delegate { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? Until { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Key { get; set; }

    public IReadOnlyList<Person> LeadNegotiators { get; private set; } = [];

    public IReadOnlyList<DelegationRow> Delegations { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Delegate))
        {
            errors["delegate"] = [T("delegation.delegate-required")];
        }

        var times = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var from = WorkflowCommands.Instant(From, Zone, "from", times, required: false);
        var until = WorkflowCommands.Instant(Until, Zone, "until", times);
        foreach (var (field, error) in times)
        {
            errors[field] = [Field(error)];
        }

        if (errors.Count == 0)
        {
            var key = await WorkflowCommands.NextKeyAsync(engine, DelegationsApi.Workflow, $"DEL-{Party}", cancellationToken);
            var parameters = WorkflowCommands.Clean(new JsonObject
            {
                ["delegate"] = Delegate!.Trim(), ["from"] = from, ["until"] = until, ["reason"] = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim(), ["seatTimeZone"] = options.Value.SeatTimeZone,
            });
            var result = await engine.StartAsync(new StartRequest(DelegationsApi.Workflow, key, parameters, IdempotencyKey: Submission), User.ToActor(), cancellationToken);
            if (result.Applied)
            {
                return Redirect($"/delegation?done={Uri.EscapeDataString(result.Instance!.CorrelationKey)}");
            }

            if (result.Outcome == StepOutcome.Forbidden)
            {
                return Forbid();
            }

            AddRefusal(result, "delegate", "from", "until", "reason");
        }

        AddErrors(errors);
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        var instance = string.IsNullOrEmpty(Key) ? null : await engine.FindAsync(DelegationsApi.Workflow, Key, cancellationToken);
        if (instance is null)
        {
            return NotFound();
        }

        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance.Id, "revoke", User.ToActor(), [], cancellationToken);
        if (result.Applied)
        {
            return Redirect($"/delegation?done={Uri.EscapeDataString(Key!)}");
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        Errors["request"] = Refusal(result);
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var party = Party!;
        var now = time.GetUtcNow();
        await using var db = factory.Create();
        var people = await ParticipantDirectory.PeopleAsync(db, cancellationToken);
        LeadNegotiators = [.. people.Where(p => p.PartyCode == party && p.Holds(NegotiationRoles.LeadNegotiator)).OrderBy(p => p.Name, StringComparer.Ordinal)];
        var rows = await db.Set<ApprovalDelegation>().AsNoTracking().Where(d => d.PartyCode == party).ToListAsync(cancellationToken);
        var delegations = new List<DelegationRow>();
        foreach (var row in rows.OrderByDescending(d => d.ValidFrom))
        {
            var instance = await engine.GetInstanceAsync(row.Id, cancellationToken);
            var name = people.FirstOrDefault(p => p.Id == row.DelegateId)?.Name ?? row.DelegateId;
            delegations.Add(new DelegationRow(row.Key, name, row.ValidFrom, row.ValidUntil, row.Reason, instance?.State ?? "", row.IsActiveAt(now), instance?.Status == Engine.Persistence.InstanceStatus.Running));
        }

        Delegations = delegations;
    }
}
