using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Participants;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Me;

/// <summary>
/// Each person's own page at <c>/me</c>: who the registry says they are, their language and time zone (IANA) and the
/// daily digest choice (the same as <c>PUT /api/me/preferences</c>), and the way to their sessions. Only the person's
/// own record is read or changed.
/// </summary>
public sealed class IndexModel(ICartifFlowDbContextFactory factory) : CartifFormPageModel
{
    public Person? Self { get; private set; }

    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string? Digest { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    private string PersonId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Self = await ParticipantDirectory.PersonAsync(db, PersonId, cancellationToken);
        if (Self is null)
        {
            return NotFound();
        }

        Language = Self.Language;
        TimeZone = Self.TimeZone;
        Digest = Self.Digest ? "daily" : "each";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Self = await ParticipantDirectory.PersonAsync(db, PersonId, cancellationToken);
        if (Self is null)
        {
            return NotFound();
        }

        AddErrors(MyPreferences.Check(Language ?? "", TimeZone ?? ""), "me-");

        if (Digest is not ("daily" or "each"))
        {
            Errors["me-digest"] = T("step.not-a-boolean", "digest");
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await MyPreferences.SaveAsync(db, PersonId, Language, TimeZone, Digest == "daily", cancellationToken);
        // The language just chosen is the pages' language too: the switch's cookie would otherwise keep the old one.
        Response.Cookies.Delete(PageLanguage.Cookie);
        return LocalRedirect("/me?done=saved");
    }
}
