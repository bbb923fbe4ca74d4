using CartifFlow.Web.Authentication;
using CartifFlow.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.SignIn;

/// <summary>
/// Asks for an e-mail address and sends a sign-in link (the answer is the same whether or not the address is known);
/// when an OpenID Connect provider is configured, offers it beside the link (or instead of it).
/// </summary>
[EnableRateLimiting(Edge.SignInPolicy)]
public sealed class SignInModel(IOptions<OpenIdConnectSignInOptions> provider) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public string? EmailError { get; private set; }

    public bool Sent { get; private set; }

    /// <summary>The provider's name on its button, or null when none is configured.</summary>
    public string? Provider => provider.Value.Enabled ? provider.Value.DisplayName : null;

    /// <summary>Whether the e-mailed link is offered.</summary>
    public bool EmailLink => !provider.Value.Enabled || provider.Value.EmailLinkSignIn;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromServices] SignInMail mail, [FromServices] SignInThrottle throttle, [FromServices] SharedSignInLimits limits, CancellationToken cancellationToken)
    {
        if (!EmailLink)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 320)
        {
            EmailError = T("sign-in.email-required");
            return Page();
        }

        // This node's limit first (no database work for a flood), then the limits every node shares.
        if (!throttle.TryAcquire(Email) || !await limits.AllowAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), Email, cancellationToken))
        {
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        // Queued for a worker whether or not the address is known: the answer comes before anything is looked up.
        mail.Request(Email);
        Sent = true;
        return Page();
    }

    /// <summary>Off to the provider; it comes back to the callback path, where the identity is matched to a registry person.</summary>
    public IActionResult OnPostProvider()
    {
        if (Provider is null)
        {
            return NotFound();
        }

        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = back }, OpenIdConnectSignIn.Scheme);
    }
}
