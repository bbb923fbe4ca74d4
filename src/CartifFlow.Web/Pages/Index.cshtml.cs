using System.Security.Claims;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages;

/// <summary>A negotiating area's working group as a lead negotiator or technical expert reaches it from their home.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Name">The area's name in the reader's language.</param>
/// <param name="Rounds">Its open text-based rounds (key, deadline).</param>
/// <param name="Sessions">Its working-group sessions ahead (key, title, start).</param>
public sealed record AreaHome(string Area, string Name, IReadOnlyList<(string Key, DateTimeOffset? Deadline)> Rounds, IReadOnlyList<(string Key, string Title, DateTimeOffset Start)> Sessions);

/// <summary>
/// Home: signed out, the sign-in page; the Secretariat and the parties' focal points and chief negotiators go where they
/// work (procedures, the country inbox). Lead negotiators and technical experts find their areas' working groups here:
/// the negotiating text, the open rounds and the sessions ahead; observers, what observers may read (the circulated texts).
/// </summary>
[Authorize]
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory) : CartifPageModel
{
    public IReadOnlyList<AreaHome> Areas { get; private set; } = [];

    public bool Observer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsInRole(NegotiationRoles.Secretariat))
        {
            return Redirect("/procedures");
        }

        if (Party is not null && (User.IsInRole(NegotiationRoles.FocalPoint) || User.IsInRole(NegotiationRoles.ChiefNegotiator)))
        {
            return Redirect("/inbox");
        }

        Observer = User.IsInRole(NegotiationRoles.Observer);
        await using var db = factory.Create();
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var codes = await db.Set<PersonRole>().AsNoTracking()
            .Where(r => r.PersonId == id && r.AreaCode != null && (r.Role == NegotiationRoles.LeadNegotiator || r.Role == NegotiationRoles.TechnicalExpert))
            .Select(r => r.AreaCode!).Distinct().ToListAsync(cancellationToken);
        if (codes.Count == 0)
        {
            return Page();
        }

        var areas = await db.Set<NegotiatingArea>().AsNoTracking().Where(a => codes.Contains(a.Code)).ToListAsync(cancellationToken);
        var rounds = (await engine.ListAsync(NegotiationWorkflows.TextRound, cancellationToken)).Where(r => r.Status == InstanceStatus.Running).ToList();
        var meetings = (await engine.ListAsync(NegotiationWorkflows.Meeting, cancellationToken))
            .Where(m => m.Status == InstanceStatus.Running && m.Text("kind") == "working-group-session" && m.InstantOf("start") is not null).ToList();
        Areas = [.. areas.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new AreaHome(
            a.Code,
            Lang == "ru" ? a.NameRu : a.Name,
            [.. rounds.Where(r => r.Text("area") == a.Code).Select(r => (r.CorrelationKey, r.InstantOf("deadline")))],
            [.. meetings.Where(m => m.Text("area") == a.Code).Select(m => (m.CorrelationKey, m.Text("title") ?? m.CorrelationKey, m.InstantOf("start")!.Value)).OrderBy(m => m.Item3)]))];
        return Page();
    }
}
