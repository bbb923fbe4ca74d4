using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.SignIn;

/// <summary>
/// The e-mailed link: GET only shows a confirmation (mail scanners that follow links change nothing);
/// POST consumes the single-use token and starts the cookie session. Both refuse every link while sign-in by link is
/// switched off (<see cref="OpenIdConnectSignInOptions.EmailLinkSignIn"/>).
/// </summary>
public sealed class SignInLinkModel(ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<OpenIdConnectSignInOptions> provider) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Valid { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Valid = LinksOn && await SignInLinks.PeekAsync(db, Token, time.GetUtcNow(), cancellationToken) == SignInLinkOutcome.Accepted;
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    private bool LinksOn => !provider.Value.Enabled || provider.Value.EmailLinkSignIn;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!LinksOn)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

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
