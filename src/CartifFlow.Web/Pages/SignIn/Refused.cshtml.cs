using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.SignIn;

/// <summary>Where an identity from the OpenID Connect provider that matches no registry person ends: no session, a 403 that says why.</summary>
public sealed class SignInRefusedModel : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public string MessageKey { get; private set; } = "sign-in.refused.failed";

    public void OnGet()
    {
        MessageKey = Enum.TryParse<OpenIdConnectRefusal>(Reason, ignoreCase: true, out var refusal) && Enum.IsDefined(refusal)
            ? "sign-in.refused." + refusal.ToString().ToLowerInvariant()
            : "sign-in.refused.failed";
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
