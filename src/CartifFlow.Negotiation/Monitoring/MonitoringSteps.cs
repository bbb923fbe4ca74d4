using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using R = CartifFlow.Negotiation.Participants.NegotiationRecipients;

namespace CartifFlow.Negotiation.Monitoring;

/// <summary>The message model of a progress-report notice.</summary>
internal static class ReportMessages
{
    public static JsonObject Model(IStepContext context, ProgressReport report) => new()
    {
        ["report"] = new JsonObject
        {
            ["title"] = report.Title,
            ["summary"] = report.Summary,
            ["outstandingIssues"] = report.OutstandingIssues,
            ["markdown"] = report.Markdown,
            ["issuedAt"] = StepInput.Iso(report.IssuedAt),
            ["conference"] = StepInput.Variable(context, "conference"),
        },
        ["seatTimeZone"] = StepInput.SeatTimeZone(context),
    };
}

/// <summary><c>plan-progress-reports</c>: the first report falls due one period after monitoring starts.</summary>
internal sealed class PlanProgressReports : IWorkflowActivity
{
    public string Name => "plan-progress-reports";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        // An end already past (a typo, or the default year's end when the negotiation starts after it) would end
        // monitoring at once, for good: nothing starts it again.
        if (StepInput.InstantVariable(context, "until") is { } until && until <= context.Now)
        {
            throw new StepRejectedException($"Monitoring would end at once: 'monitoringUntil' ({until:u}) must be in the future.", "monitoringUntil") { Code = "not-in-future", Arguments = ["monitoringUntil"] };
        }

        ReportingSchedule.Start(context, "period");
        return Task.CompletedTask;
    }
}

/// <summary><c>request-progress-report</c>: the reporting period came round; the Secretariat is asked to compile the consolidated progress report.</summary>
internal sealed class RequestProgressReport : IWorkflowActivity
{
    public string Name => "request-progress-report";

    public IReadOnlyCollection<string> Templates { get; } = ["progress-report-due"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        await ReportingSchedule.AdvanceAsync(context, effects, "period", "cycle").ConfigureAwait(false);
        var cycle = StepInput.IntegerVariable(context, "cycle") + 1;
        context.Variables["cycle"] = cycle;
        var model = new JsonObject
        {
            ["cycle"] = cycle,
            ["period"] = StepInput.Variable(context, "period"),
            ["seatTimeZone"] = StepInput.SeatTimeZone(context),
        };
        await effects.NotifyAsync("progress-report-due", [R.Secretariat], [], [], model).ConfigureAwait(false);
    }
}

/// <summary>
/// <c>issue-progress-report</c>: the Secretariat's consolidated progress report (with ADB support), compiled with
/// the state of the negotiation, goes to the Chief Negotiators, with focal points in copy.
/// </summary>
internal sealed class IssueProgressReport : IWorkflowActivity
{
    public string Name => "issue-progress-report";

    public IReadOnlyCollection<string> Templates { get; } = ["progress-report"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var summary = StepInput.RequiredText(context.Payload, "summary", "The report needs the Secretariat's summary of progress.", code: "report-summary-required", 50_000);
        var issues = StepInput.Text(context.Payload, "outstandingIssues");
        var number = StepInput.IntegerVariable(context, "reports") + 1;
        // Numbered across the negotiation: a roadmap loaded after 2026 has its own monitoring, and its reports follow 2026's.
        var serial = await context.Db.Set<ProgressReport>().CountAsync(r => r.Kind == ProgressReportKind.Consolidated, context.CancellationToken).ConfigureAwait(false) + 1;
        var report = await ProgressReportWriter.WriteAsync(context, ProgressReportKind.Consolidated, $"CARTIF consolidated progress report no. {serial}", summary, issues).ConfigureAwait(false);
        context.Db.Set<ProgressReport>().Add(report);
        context.Variables["reports"] = number;
        await effects.NotifyAsync("progress-report", [R.ChiefNegotiators], [R.FocalPoints], [R.Observers, R.Secretariat], ReportMessages.Model(context, report)).ConfigureAwait(false);
    }
}

/// <summary><c>submit-ministerial-report</c>: the consolidated report goes to the CAREC Ministerial Conference; the parties are told.</summary>
internal sealed class SubmitMinisterialReport : IWorkflowActivity
{
    public string Name => "submit-ministerial-report";

    public IReadOnlyCollection<string> Templates { get; } = ["ministerial-report-submitted"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var summary = StepInput.RequiredText(context.Payload, "summary", "The report needs its summary: key milestones and the outcome of the year.", code: "report-summary-required", 50_000);
        var issues = StepInput.Text(context.Payload, "outstandingIssues");
        var recommendation = StepInput.RequiredText(context.Payload, "recommendation", "State what the Conference is asked to decide (e.g. to confirm the mandate for continued negotiations).", code: "recommendation-required");
        if (summary.Length + recommendation.Length > 49_000)
        {
            // Kept together as the report's summary (at most 50,000 characters).
            throw new StepRejectedException($"The summary and the recommendation together are {summary.Length + recommendation.Length:N0} characters long; at most 49,000 are kept.", "recommendation") { Code = "too-long", Arguments = ["recommendation", (summary.Length + recommendation.Length).ToString(CultureInfo.InvariantCulture), "49000"] };
        }
        if (StepInput.Text(context.Payload, "conference", 200) is { } conference)
        {
            context.Variables["conference"] = conference;
        }

        var title = $"Report to the {StepInput.Variable(context, "conference")}";
        var report = await ProgressReportWriter.WriteAsync(context, ProgressReportKind.Ministerial, title, $"{summary}\n\n**Recommendation:** {recommendation}", issues).ConfigureAwait(false);
        context.Db.Set<ProgressReport>().Add(report);
        context.Variables["recommendation"] = recommendation;
        context.Variables["submittedAt"] = StepInput.Iso(context.Now);
        await effects.NotifyAsync("ministerial-report-submitted", [R.ChiefNegotiators], [R.FocalPoints], [R.Observers, R.Secretariat], ReportMessages.Model(context, report)).ConfigureAwait(false);
    }
}

/// <summary><c>record-ministerial-decision</c>: the Conference confirmed the mandate for the next phase, or did not; its guidance is kept.</summary>
internal sealed class RecordMinisterialDecision : IWorkflowActivity
{
    public string Name => "record-ministerial-decision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var confirmed = StepInput.Boolean(context.Payload, "mandateConfirmed") ?? throw new StepRejectedException("Say whether the Conference confirmed the mandate (mandateConfirmed: true or false).", "mandateConfirmed") { Code = "mandate-decision-required" };
        var guidance = StepInput.RequiredText(context.Payload, "guidance", "Record the Conference's guidance.", code: "guidance-required");
        var report = await MinisterialReport.RowAsync(context).ConfigureAwait(false);
        report.MandateConfirmed = confirmed;
        report.Guidance = guidance;
        report.DecidedAt = context.Now;
        context.Variables["mandateConfirmed"] = confirmed;
        context.Variables["guidance"] = guidance;
    }
}

/// <summary><c>announce-ministerial-decision</c>: on the decision, every delegation, observer and the Secretariat are told.</summary>
internal sealed class AnnounceMinisterialDecision : IWorkflowActivity
{
    public string Name => "announce-ministerial-decision";

    public IReadOnlyCollection<string> Templates { get; } = ["ministerial-decision"];

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var report = await MinisterialReport.RowAsync(context).ConfigureAwait(false);
        var model = ReportMessages.Model(context, report);
        model["mandateConfirmed"] = report.MandateConfirmed;
        model["guidance"] = report.Guidance;
        await effects.NotifyAsync("ministerial-decision", [R.Delegations], [], [R.Observers, R.Secretariat], model).ConfigureAwait(false);
    }
}

/// <summary><c>decision-confirms-mandate</c>: the decision being recorded confirms the mandate.</summary>
internal sealed class DecisionConfirmsMandate : IWorkflowGuard
{
    public string Name => "decision-confirms-mandate";

    public ValueTask<bool> EvaluateAsync(IStepContext context) =>
        ValueTask.FromResult(context.Payload["mandateConfirmed"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True);
}

/// <summary>The ministerial report of the step's instance.</summary>
internal static class MinisterialReport
{
    public static async Task<ProgressReport> RowAsync(IStepContext context)
    {
        var id = context.Instance.Id;
        var local = context.Db.Set<ProgressReport>().Local.FirstOrDefault(r => r.SourceInstanceId == id && r.Kind == ProgressReportKind.Ministerial);
        return local ?? await context.Db.Set<ProgressReport>()
            .FirstAsync(r => r.SourceInstanceId == id && r.Kind == ProgressReportKind.Ministerial, context.CancellationToken).ConfigureAwait(false);
    }
}
