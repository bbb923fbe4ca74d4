using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.SignIn;

/// <summary>Asks for an e-mail address and sends a sign-in link; the answer is the same whether or not the address is known.</summary>
public sealed class SignInModel : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public string? EmailError { get; private set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromServices] SignInMail mail, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 320)
        {
            EmailError = T("sign-in.email-required");
            return Page();
        }

        await mail.SendAsync(Email, cancellationToken);
        Sent = true;
        return Page();
    }
}
