using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages;

/// <summary>Home: signed out, the sign-in page; signed in, where the person works.</summary>
[Authorize]
public sealed class IndexModel : CartifPageModel
{
    public IActionResult OnGet()
    {
        if (User.IsInRole(NegotiationRoles.Secretariat))
        {
            return Redirect("/procedures");
        }

        if (Party is not null && (User.IsInRole(NegotiationRoles.FocalPoint) || User.IsInRole(NegotiationRoles.ChiefNegotiator)))
        {
            return Redirect("/inbox");
        }

        return Page();
    }
}
