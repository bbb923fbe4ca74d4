using System.Security.Claims;
using CartifFlow.Negotiation.Approvals;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Approvals;

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
