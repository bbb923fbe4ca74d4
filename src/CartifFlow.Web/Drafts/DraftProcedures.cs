using System.Globalization;
using System.Security.Claims;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Drafts;

/// <summary>
/// Written procedures launched from the draft on provisions, for the API and the draft's pages: the request checked
/// field by field, then the same launch as <c>POST /api/procedures</c>; the circulation's step puts the provisions
/// under procedure, refusing a stale revision or a provision already under procedure.
/// </summary>
public sealed class DraftProcedures(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
{
    /// <summary>Launches the procedure; the outcome has its key, or the faults by field, or the engine's refusal.</summary>
    internal async Task<LaunchOutcome> LaunchAsync(ClaimsPrincipal user, string area, DraftText? current, DraftProcedureRequest request, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var proposals = new List<ProvisionProposal>();
        foreach (var (item, index) in (request.Provisions ?? []).Select((p, i) => (p, i)))
        {
            var field = $"provisions[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (item is null || string.IsNullOrWhiteSpace(item.Provision) || item.Provision.Length > 100)
            {
                errors[field] = new("Name the provision by its stable id.", "draft-provision-required");
                continue;
            }

            if (item.Wording is { Length: > ProceduresOnProvisions.MaxWording })
            {
                errors[field] = new($"A provision's final wording has at most {ProceduresOnProvisions.MaxWording} characters.", "procedure-wording-too-long", ProceduresOnProvisions.MaxWording.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            proposals.Add(new ProvisionProposal(item.Provision.Trim(), item.Choices, string.IsNullOrWhiteSpace(item.Wording) ? null : item.Wording.Trim()));
        }

        if (request.Provisions is null || request.Provisions.Count == 0)
        {
            errors["provisions"] = new("Choose one or more provisions of the draft.", "procedure-provisions-required");
        }
        else if (request.Provisions.Count > ProceduresOnProvisions.MaxProvisions)
        {
            errors["provisions"] = new($"A written procedure takes at most {ProceduresOnProvisions.MaxProvisions} provisions.", "procedure-provisions-too-many", ProceduresOnProvisions.MaxProvisions.ToString(CultureInfo.InvariantCulture));
        }

        if (errors.Count > 0)
        {
            return new LaunchOutcome(null, errors, null);
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? DefaultTitle(current, proposals) : request.Title;
        var launch = new LaunchProcedureRequest(area, title, null, null, null, request.Mode, request.Deadline, null, null, null, request.Urgent, request.UrgentReason);
        return await WrittenProceduresApi.LaunchAsync(launch, user.ToActor(), engine, factory, options.Value, time, cancellationToken, idempotencyKey, new ProvisionsLaunch(request.BasedOn, proposals));
    }

    /// <summary>"Proposed final wording: Article 5, paragraph 2; Article 7, paragraph 1", at most 500 characters.</summary>
    public static string DefaultTitle(DraftText? current, IEnumerable<ProvisionProposal> proposals)
    {
        var labels = proposals.Select(p => (current is null ? null : DraftProvisions.Find(current, p.Provision)?.Label) ?? p.Provision);
        var title = "Proposed final wording: " + string.Join("; ", labels);
        return title.Length <= 500 ? title : string.Concat(title.AsSpan(0, 499), "…");
    }
}
