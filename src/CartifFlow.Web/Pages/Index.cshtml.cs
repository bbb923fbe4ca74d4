using System.Security.Claims;
using CartifFlow.Engine.Persistence;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Monitoring;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages;

/// <summary>A negotiating area's working group as a lead negotiator or technical expert reaches it from their home.</summary>
/// <param name="Area">The area's code.</param>
/// <param name="Name">The area's name in the reader's language.</param>
/// <param name="Rounds">Its running text-based rounds (key, deadline), where the reader's party takes part in the group.</param>
/// <param name="Sessions">Its working-group sessions ahead (key, title, start).</param>
/// <param name="Reports">The working group's reports to the Chief Negotiators, newest first (id, title, issued).</param>
/// <param name="MayContribute">
/// Whether the reader may contribute to its rounds: a lead negotiator or technical expert of the area whose party is a
/// member of the group; an observer only where the group's terms of reference let observers comment.
/// </param>
public sealed record AreaHome(string Area, string Name, IReadOnlyList<(string Key, DateTimeOffset? Deadline)> Rounds, IReadOnlyList<(string Key, string Title, DateTimeOffset Start)> Sessions, IReadOnlyList<(long Id, string Title, DateTimeOffset IssuedAt)> Reports, bool MayContribute);

/// <summary>
/// Home: signed out, the sign-in page; the Secretariat and the parties' focal points and chief negotiators go where they
/// work (procedures, the country inbox). Lead negotiators and technical experts find their areas' working groups here:
/// the negotiating text, the open rounds, the sessions ahead and the group's reports; observers, what observers may read: the circulated texts,
/// and the working groups their party observes (the text, the open rounds, which they may comment on only where the
/// group's terms of reference allow it, the sessions ahead and the group's reports).
/// </summary>
[Authorize]
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory) : CartifPageModel
{
    public IReadOnlyList<AreaHome> Areas { get; private set; } = [];

    public bool Observer { get; private set; }

    /// <summary>Whether an open round waits for the reader's contribution (else the page says there is nothing to act on).</summary>
    public bool MayAct { get; private set; }

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
        // The working groups the reader's party takes part in, as a member or an observer: a group's rounds are listed
        // only where the reader may open them, and marked read-only where the reader may not contribute.
        var groups = Party is { } party
            ? (await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).Where(g => g.Participants.Any(p => p.PartyCode == party)).ToListAsync(cancellationToken))
                .ToDictionary(g => g.AreaCode, g => (Member: g.Participants.Any(p => p.PartyCode == party && p.Role == WorkingGroupRole.Member), g.ObserversMayComment), StringComparer.Ordinal)
            : [];
        var observed = Observer ? groups.Where(g => !g.Value.Member).Select(g => g.Key).ToList() : [];
        if (codes.Count == 0 && observed.Count == 0)
        {
            return Page();
        }

        var all = codes.Concat(observed).Distinct(StringComparer.Ordinal).ToList();
        var areas = await db.Set<NegotiatingArea>().AsNoTracking().Where(a => all.Contains(a.Code)).ToListAsync(cancellationToken);
        var reports = (await db.Set<ProgressReport>().AsNoTracking()
            .Where(r => r.Kind == ProgressReportKind.WorkingGroup && r.AreaCode != null && all.Contains(r.AreaCode))
            .Select(r => new { r.Id, r.AreaCode, r.Title, r.IssuedAt }).ToListAsync(cancellationToken))
            .OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id).ToList();
        var rounds = await engine.ListRunningAsync(NegotiationWorkflows.TextRound, cancellationToken);
        var meetings = (await engine.ListRunningAsync(NegotiationWorkflows.Meeting, cancellationToken))
            .Where(m => m.Text("kind") == "working-group-session" && m.InstantOf("start") is not null).ToList();
        Areas = [.. areas.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new AreaHome(
            a.Code,
            Lang == "ru" ? a.NameRu : a.Name,
            [.. rounds.Where(r => r.Text("area") == a.Code && groups.ContainsKey(a.Code)).Select(r => (r.CorrelationKey, r.InstantOf("deadline")))],
            [.. meetings.Where(m => m.Text("area") == a.Code).Select(m => (m.CorrelationKey, m.Text("title") ?? m.CorrelationKey, m.InstantOf("start")!.Value)).OrderBy(m => m.Item3)],
            [.. reports.Where(r => r.AreaCode == a.Code).Select(r => (r.Id, r.Title, r.IssuedAt))],
            groups.TryGetValue(a.Code, out var g) && (g.Member ? codes.Contains(a.Code) : Observer && g.ObserversMayComment)))];
        MayAct = Areas.Any(a => a.MayContribute && rounds.Any(r => r.Text("area") == a.Area && r.State == "Commenting"));
        return Page();
    }
}
