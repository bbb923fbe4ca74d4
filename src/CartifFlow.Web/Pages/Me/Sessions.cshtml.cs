using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Me;

/// <summary>
/// The signed-in person's open sessions (where and when each started); ends one of them, or every one, this one included
/// ("sign out everywhere"). Only the person's own sessions are listed or ended.
/// </summary>
public sealed class SessionsModel(ICartifFlowDbContextFactory factory, TimeProvider time) : CartifPageModel
{
    public IReadOnlyList<PersonSession> Open { get; private set; } = [];

    public Guid? Current => PageAuthentication.SessionOf(User);

    private string PersonId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Open = await PersonSessions.OpenAsync(db, PersonId, cancellationToken);
    }

    /// <summary>Ends one session of the person's (another browser); ending the current one is signing out.</summary>
    public async Task<IActionResult> OnPostEndAsync(Guid session, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        await PersonSessions.EndAsync(db, PersonId, session, time.GetUtcNow(), cancellationToken);
        return session == Current ? LocalRedirect("/sign-in") : LocalRedirect("/me/sessions");
    }

    /// <summary>Ends every session of the person, this one included.</summary>
    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        await PersonSessions.EndAllAsync(db, PersonId, time.GetUtcNow(), cancellationToken);
        return LocalRedirect("/sign-in");
    }
}
