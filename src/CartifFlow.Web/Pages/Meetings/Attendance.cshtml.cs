using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Web.Meetings;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Pages.Meetings;

/// <summary>
/// The Secretariat sees who attends a meeting from each invited delegation (their latest answer to the invitation's
/// one-click links or the API), who goes in an invitee's place, and for a meeting in person each delegation's members.
/// Read only; the same view as <c>GET /api/meetings/{key}/attendance</c>.
/// </summary>
public sealed class AttendanceModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory) : CartifPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public AttendanceView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        View = await MeetingsApi.AttendanceAsync(engine, factory, Key, cancellationToken);
        return View is null ? NotFound() : Page();
    }
}
