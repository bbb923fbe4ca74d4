using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Meetings;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Meetings;

/// <summary>One area's outcome at the Zero Round, as the form sends it.</summary>
public sealed class AreaOutcomeInput
{
    public string? Area { get; set; }
    public string? Convergence { get; set; }
    public string? Divergence { get; set; }
    public string? Flexibility { get; set; }
}

/// <summary>
/// One meeting at <c>/meetings/{key}</c>: its details, sessions and outcome; the Secretariat reschedules it, cancels it
/// or records its outcome (for the Zero Round: convergence, divergence and flexibility per session's area, the working
/// groups, modalities, timeline and documentation practice agreed) — the engine steps of <c>/api/meetings/{key}/…</c>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Meeting, "reschedule")]
[OffersTrigger(NegotiationWorkflows.Meeting, "cancel")]
[OffersTrigger(NegotiationWorkflows.Meeting, "record-outcome")]
public sealed class MeetingModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";

    public MeetingView? Meeting { get; private set; }

    public InstanceView? Instance { get; private set; }

    [BindProperty, FormField("reschedule-start")] public string? NewStart { get; set; }
    [BindProperty, FormField("reschedule-end")] public string? NewEnd { get; set; }
    [BindProperty, FormField("reschedule-place")] public string? NewPlace { get; set; }
    [BindProperty] public string? RescheduleReason { get; set; }
    [BindProperty] public bool RescheduleUrgent { get; set; }
    [BindProperty] public string? RescheduleUrgentReason { get; set; }

    /// <summary>The minimum of working days' notice every invited party must have.</summary>
    public int Minimum => Options.Value.MeetingMinimumWorkingDays;
    [BindProperty] public string? CancelReason { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Decisions { get; set; }
    [BindProperty] public string? Attendance { get; set; }
    [BindProperty] public List<AreaOutcomeInput> Areas { get; set; } = [];
    [BindProperty] public string? WorkingGroups { get; set; }
    [BindProperty] public string? Modalities { get; set; }
    [BindProperty] public string? Timeline { get; set; }
    [BindProperty] public string? DocumentationPractice { get; set; }

    public bool ZeroRound => Meeting?.Kind == "zero-round";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRescheduleAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var zone = Meeting!.TimeZone;
        var start = Instant(NewStart, zone, "reschedule", "start");
        var end = Instant(NewEnd, zone, "reschedule", "end", required: false);
        var duration = Duration(start, end, "reschedule");

        Limit("reschedule", "place", NewPlace, FieldError.Short);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "reschedule", new JsonObject { ["start"] = start, ["duration"] = duration, ["place"] = Blank(NewPlace), ["reason"] = Blank(RescheduleReason), ["urgent"] = RescheduleUrgent, ["urgentReason"] = Blank(RescheduleUrgentReason) }, "reschedule", ["start", "place", "reason", "urgentReason"], cancellationToken);
        return After(refusal, $"/meetings/{Uri.EscapeDataString(Key)}", "reschedule");
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var refusal = await FireAsync(Instance!, "cancel", new JsonObject { ["reason"] = Blank(CancelReason) }, "cancel", ["reason"], cancellationToken);
        return After(refusal, $"/meetings/{Uri.EscapeDataString(Key)}", "cancel");
    }

    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var payload = new JsonObject
        {
            ["summary"] = Blank(Summary),
            ["decisions"] = Blank(Decisions),
            ["attendance"] = WorkflowCommands.Codes(CodeList(Attendance)),
        };
        if (ZeroRound)
        {
            // Each session's area needs its three assessments: said at the field, as the engine would refuse the first missing one.
            for (var i = 0; i < Areas.Count; i++)
            {
                foreach (var (field, value, code) in new[] { ("convergence", Areas[i].Convergence, "step.convergence-required"), ("divergence", Areas[i].Divergence, "step.divergence-required"), ("flexibility", Areas[i].Flexibility, "step.flexibility-required") })
                {
                    Required(value, "outcome", $"areas-{i}-{field}", code);
                }
            }

            payload["areas"] = new JsonArray([.. Areas.Select(a => (JsonNode)WorkflowCommands.Clean(new JsonObject
            {
                ["area"] = Blank(a.Area), ["convergence"] = Blank(a.Convergence), ["divergence"] = Blank(a.Divergence), ["flexibility"] = Blank(a.Flexibility),
            }))]);
            payload["workingGroups"] = WorkflowCommands.Codes(CodeList(WorkingGroups));
            payload["modalities"] = Blank(Modalities);
            payload["timeline"] = Blank(Timeline);
            payload["documentationPractice"] = Blank(DocumentationPractice);
        }

        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await FireAsync(Instance!, "record-outcome", payload, "outcome", ["summary", "decisions", "attendance", "areas", "workingGroups", "modalities", "timeline", "documentationPractice"], cancellationToken);
        return After(refusal, $"/meetings/{Uri.EscapeDataString(Key)}", "record-outcome");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Instance = await Engine.FindAsync(NegotiationWorkflows.Meeting, Key, cancellationToken);
        if (Instance is null)
        {
            return false;
        }

        Meeting = await MeetingsApi.ViewAsync(Api(cancellationToken), Key);
        await PermittedAsync(Instance, cancellationToken);
        if (Areas.Count == 0)
        {
            Areas = [.. Meeting!.Sessions.Select(s => s.Area).Distinct(StringComparer.Ordinal).Select(a => new AreaOutcomeInput { Area = a })];
        }

        return true;
    }
}
