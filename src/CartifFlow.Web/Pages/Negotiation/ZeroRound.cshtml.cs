using System.Globalization;
using System.Xml;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Negotiation;

/// <summary>
/// Phase 2: the Secretariat convenes the Zero Round (<c>/negotiation/zero-round</c>), the same checks and engine step as
/// <c>POST /api/negotiation/zero-round</c>. Start and end are local time at the meeting's place.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Negotiation, "convene-zero-round")]
public sealed class ZeroRoundModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty, FormField("zr-title")] public string? Title { get; set; }
    [BindProperty, FormField("zr-format")] public string? Format { get; set; }
    [BindProperty, FormField("zr-place")] public string? Place { get; set; }
    [BindProperty, FormField("zr-timeZone")] public string? TimeZone { get; set; }
    [BindProperty, FormField("zr-start")] public string? Start { get; set; }
    [BindProperty, FormField("zr-end")] public string? End { get; set; }
    [BindProperty, FormField("zr-alongside")] public string? Alongside { get; set; }
    [BindProperty, FormField("zr-agenda")] public string? Agenda { get; set; }

    public InstanceView? Negotiation { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Title ??= T("meeting.kind.zero-round");
        TimeZone ??= "Asia/Ulaanbaatar";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } negotiation)
        {
            Errors["request"] = T("propose.not-started");
            return Refused();
        }

        var zone = string.IsNullOrWhiteSpace(TimeZone) ? Seat : TimeZone.Trim();
        var start = WorkflowCommands.Instant(Start, zone, "start", new Dictionary<string, FieldError>(StringComparer.Ordinal));
        var end = Instant(End, zone, "zr", "end");
        var duration = Duration(start, end, "zr");

        var request = new ConveneMeetingRequest(Blank(Title), "zero-round", Format, Blank(Place), zone, Start, duration, "delegations", null, Blank(Alongside), Blank(Agenda), "zero-round", null, null);
        var (parameters, problems) = MeetingsApi.Check(request, Seat);
        foreach (var (field, error) in problems)
        {
            Errors.TryAdd("zr-" + (field == "duration" ? "end" : field), Field(error));
        }

        if (Errors.Count > 0)
        {
            return Refused();
        }

        var key = await WorkflowCommands.NextKeyAsync(Engine, NegotiationWorkflows.Meeting, $"ZR-{WorkflowCommands.SeatYear(Time, Seat)}", cancellationToken);
        parameters!["key"] = key;
        var refusal = await FireAsync(negotiation, "convene-zero-round", parameters, "zr", ["title", "format", "place", "timeZone", "start", "alongside", "agenda"], cancellationToken);
        return After(refusal, Errors.Count == 0 && refusal is null ? $"/meetings/{key}" : "/negotiation/zero-round", "convened");
    }

    private async Task<InstanceView?> LoadAsync(CancellationToken cancellationToken)
    {
        Negotiation = await Engine.FindAsync(NegotiationWorkflows.Negotiation, Options.Value.NegotiationKey, cancellationToken);
        await PermittedAsync(Negotiation, cancellationToken);
        return Negotiation;
    }
}
