using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.SignIn;

/// <summary>
/// The e-mailed link: GET only shows a confirmation (mail scanners that follow links change nothing);
/// POST consumes the single-use token and starts the cookie session.
/// </summary>
public sealed class SignInLinkModel(ICartifFlowDbContextFactory factory, TimeProvider time) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Valid { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Valid = await SignInLinks.PeekAsync(db, Token, time.GetUtcNow(), cancellationToken) == SignInLinkOutcome.Accepted;
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var (outcome, person) = await SignInLinks.ConsumeAsync(db, Token, time.GetUtcNow(), cancellationToken);
        if (outcome != SignInLinkOutcome.Accepted || person is null)
        {
            Valid = false;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PageAuthentication.Principal(person, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect("/");
    }
}
