using System.Security.Claims;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Approvals;

/// <summary>
/// Who may see a party's pending approvals: its Chief Negotiator, or a lead negotiator of the party holding a current
/// delegation. The engine checks the same again (with the delegator still Chief Negotiator) when an answer is posted.
/// </summary>
internal static class Approvers
{
    public static async Task<bool> MayAnswerAsync(DbContext db, ClaimsPrincipal user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var party = user.FindFirstValue(ApiTokenAuthenticationHandler.PartyClaim);
        if (party is null)
        {
            return false;
        }

        if (user.IsInRole(NegotiationRoles.ChiefNegotiator))
        {
            return true;
        }

        if (!user.IsInRole(NegotiationRoles.LeadNegotiator))
        {
            return false;
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var delegations = await db.Set<ApprovalDelegation>().AsNoTracking().Where(d => d.DelegateId == id && d.PartyCode == party).ToListAsync(cancellationToken);
        return delegations.Any(d => d.IsActiveAt(now));
    }

    /// <summary>The API's per-request bundle, so the pages read transitions exactly as the API does.</summary>
    public static ApiRequest Request(PageModel page, WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        new(page.HttpContext, page.User, engine, factory, options, time, cancellationToken);

    /// <summary>A person's name from the registry (the id when unknown).</summary>
    public static async Task<string> NameAsync(DbContext db, string? personId, CancellationToken cancellationToken)
    {
        if (personId is null)
        {
            return "";
        }

        var person = await ParticipantDirectory.PersonAsync(db, personId, cancellationToken);
        return person?.Name ?? personId;
    }
}
