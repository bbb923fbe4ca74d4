using CartifFlow.Negotiation.Participants;
using Hangfire.Dashboard;

namespace CartifFlow.Web.Authentication;

/// <summary>The Hangfire dashboard is for Secretariat administrators only (signed in with the page cookie).</summary>
internal sealed class AdministratorDashboardAuthorization(string administratorRole) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(NegotiationRoles.Secretariat) && user.IsInRole(administratorRole);
    }
}
