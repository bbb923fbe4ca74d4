using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation.Workflows;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>The launch form: the same validation and engine call as <c>POST /api/procedures</c>.</summary>
[OffersTrigger(NegotiationWorkflows.WrittenProcedure, OffersTriggerAttribute.Start)]
public sealed class LaunchModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    [BindProperty]
    public string? Area { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Mode { get; set; }

    [BindProperty]
    public string? Deadline { get; set; }

    /// <summary>Shorter than the minimum of working days at every party, with a reason the circulation states.</summary>
    [BindProperty]
    public bool Urgent { get; set; }

    [BindProperty]
    public string? UrgentReason { get; set; }

    /// <summary>The minimum of working days every party must have.</summary>
    public int Minimum => options.Value.MinimumWorkingDays;

    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];

    public string Seat => options.Value.SeatTimeZone;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAreasAsync(cancellationToken);

    /// <summary>Launches the procedure; the same form sent again shows the procedure it launched (<see cref="CartifFormPageModel.Submission"/>).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new LaunchProcedureRequest(Area, Title, Text, null, null, Mode, Deadline, null, null, null, Urgent, UrgentReason);
        var outcome = await WrittenProceduresApi.LaunchAsync(request, User.ToActor(), engine, factory, options.Value, time, cancellationToken, Submission);
        if (outcome.Key is { } key)
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(key)}");
        }

        AddErrors(outcome.Errors);

        if (outcome.Refusal is { } refusal)
        {
            // A refusal of something the form has no field for (the generated key, the submission) is said above it.
            AddRefusal(refusal, "area", "title", "text", "mode", "deadline", "urgentReason");
        }

        await LoadAreasAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAreasAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Areas = await db.Set<NegotiatingArea>().AsNoTracking().OrderBy(a => a.Code).ToListAsync(cancellationToken);
    }
}
