using CartifFlow.Web.Authentication;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Negotiation;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Monitoring;

/// <summary>The Secretariat's consolidated progress report.</summary>
public sealed record IssueProgressReportRequest(string? Summary, string? OutstandingIssues);

/// <summary>A progress report in a list.</summary>
public sealed record ProgressReportSummary(long Id, string Kind, string Title, string? Area, string IssuedBy, DateTimeOffset IssuedAt, bool? MandateConfirmed);

/// <summary>A progress report in full.</summary>
public sealed record ProgressReportView(long Id, string Kind, string Title, string? Area, string Summary, string? OutstandingIssues, string Markdown, string IssuedBy, DateTimeOffset IssuedAt, bool? MandateConfirmed, string? Guidance, DateTimeOffset? DecidedAt);

/// <summary>
/// Monitoring over HTTP: the working groups' reports to the Chief Negotiators, the Secretariat's consolidated
/// progress reports (issued on the negotiation's monitoring workflow) and the report to the Ministerial Conference.
/// </summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/reports").WithTags("Monitoring and reports").RequireAuthorization();
        group.MapGet("/", List).WithSummary("Every progress report, newest first; ?kind=working-group|consolidated|ministerial.");
        group.MapGet("/{id:long}", Get).WithSummary("One report; ?format=markdown gives the report itself.");
        group.MapPost("/progress", Issue).WithSummary("Issue the consolidated progress report to the Chief Negotiators (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        return routes;
    }

    private static async Task<IResult> List(string? kind, [AsParameters] ApiRequest r)
    {
        ProgressReportKind? filter = kind switch
        {
            null => null,
            "working-group" => ProgressReportKind.WorkingGroup,
            "consolidated" => ProgressReportKind.Consolidated,
            "ministerial" => ProgressReportKind.Ministerial,
            _ => (ProgressReportKind)(-1),
        };
        if (filter == (ProgressReportKind)(-1))
        {
            return WorkflowCommands.Invalid(new() { ["kind"] = ["The kind is working-group, consolidated or ministerial."] });
        }

        await using var db = r.Factory.Create();
        var reports = await db.Set<ProgressReport>().AsNoTracking().Where(x => filter == null || x.Kind == filter).ToListAsync(r.Cancellation);
        return TypedResults.Ok(reports.OrderByDescending(x => x.IssuedAt).ThenByDescending(x => x.Id)
            .Select(x => new ProgressReportSummary(x.Id, KindName(x.Kind), x.Title, x.AreaCode, x.IssuedBy, x.IssuedAt, x.MandateConfirmed)).ToList());
    }

    private static async Task<IResult> Get(long id, string? format, [AsParameters] ApiRequest r)
    {
        await using var db = r.Factory.Create();
        var x = await db.Set<ProgressReport>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, r.Cancellation);
        if (x is null)
        {
            return WorkflowCommands.NotFound("progress report", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return format switch
        {
            null => TypedResults.Ok(new ProgressReportView(x.Id, KindName(x.Kind), x.Title, x.AreaCode, x.Summary, x.OutstandingIssues, x.Markdown, x.IssuedBy, x.IssuedAt, x.MandateConfirmed, x.Guidance, x.DecidedAt)),
            "markdown" or "md" => TypedResults.Text(x.Markdown, "text/markdown; charset=utf-8"),
            _ => WorkflowCommands.Invalid(new() { ["format"] = ["The format is markdown, or none for JSON."] }),
        };
    }

    private static async Task<IResult> Issue(IssueProgressReportRequest request, [AsParameters] ApiRequest r)
    {
        var negotiation = await NegotiationApi.FindAsync(r);
        if (negotiation is null)
        {
            return NegotiationApi.NotStarted();
        }

        var monitoring = (await r.Engine.GetChildrenAsync(negotiation.Id, r.Cancellation)).LastOrDefault(c => c.DefinitionId == NegotiationWorkflows.Monitoring);
        if (monitoring is null)
        {
            return WorkflowCommands.NotFound("monitoring of the negotiation", negotiation.CorrelationKey);
        }

        if (await r.FireAsync(monitoring, "issue-report", new JsonObject { ["summary"] = request.Summary, ["outstandingIssues"] = request.OutstandingIssues }) is { } problem)
        {
            return problem;
        }

        await using var db = r.Factory.Create();
        var issued = await db.Set<ProgressReport>().AsNoTracking().Where(x => x.SourceInstanceId == monitoring.Id).OrderByDescending(x => x.Id).FirstAsync(r.Cancellation);
        return TypedResults.Created($"/api/reports/{issued.Id}", new ProgressReportView(issued.Id, KindName(issued.Kind), issued.Title, issued.AreaCode, issued.Summary, issued.OutstandingIssues, issued.Markdown, issued.IssuedBy, issued.IssuedAt, null, null, null));
    }

    public static string KindName(ProgressReportKind kind) => kind switch
    {
        ProgressReportKind.WorkingGroup => "working-group",
        ProgressReportKind.Consolidated => "consolidated",
        _ => "ministerial",
    };
}
