using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Procedures;

/// <summary>The launch form: the same validation and engine call as <c>POST /api/procedures</c>.</summary>
public sealed class LaunchModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifPageModel
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

    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string Seat => options.Value.SeatTimeZone;

    public IHtmlContent ErrorFor(string field) => Errors.TryGetValue(field, out var message)
        ? new HtmlContentBuilder().AppendHtml($"<p id=\"{field}-error\" class=\"error\">").Append(message).AppendHtml("</p>")
        : HtmlString.Empty;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAreasAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new LaunchProcedureRequest(Area, Title, Text, null, null, Mode, Deadline, null, null, null);
        var outcome = await WrittenProceduresApi.LaunchAsync(request, User.ToActor(), engine, factory, options.Value, time, cancellationToken);
        if (outcome.Key is { } key)
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(key)}");
        }

        var errors = outcome.Errors.ToDictionary(e => e.Key, e => Field(e.Value), StringComparer.Ordinal);
        if (outcome.Refusal is { } refusal)
        {
            errors[refusal.Field ?? "request"] = Refusal(refusal);
        }

        Errors = errors;
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
