using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WorkingGroups;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Rounds;

/// <summary>A round in the list.</summary>
public sealed record RoundRow(string Key, string Area, int Revision, string State, DateTimeOffset? Deadline);

/// <summary>
/// Text-based rounds at <c>/rounds</c>: every one for the Secretariat; for a party's people, those of the working
/// groups their party is a member or observer of (open ones first), each with its deadline in the reader's time.
/// </summary>
public sealed class IndexModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? DueBy { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int? PageNumber { get; set; }

    /// <summary>The states of <c>workflows/text-round.yaml</c>, for the filter.</summary>
    public static IReadOnlyList<string> States { get; } = ["Commenting", "Consolidating", "Consolidated"];

    public ListPage<RoundRow> Rounds { get; private set; } = ListPages.Empty<RoundRow>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var secretariat = User.IsInRole(NegotiationRoles.Secretariat);
        if (!secretariat && Party is null)
        {
            return Forbid();
        }

        await using var db = Factory.Create();
        var groups = await db.Set<WorkingGroup>().AsNoTracking().Include(g => g.Participants).ToListAsync(cancellationToken);
        var visible = groups.Where(g => secretariat || g.Participants.Any(p => p.PartyCode == Party)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        DateTimeOffset? dueBefore = DueBy is { } day ? ListPages.StartOfDay(day.AddDays(1), Seat) : null;
        Rounds = ListPages.Of<RoundRow>([.. (await Engine.ListAsync(NegotiationWorkflows.TextRound, cancellationToken))
            .Where(i => visible.Contains(i.Text("workingGroup") ?? string.Empty))
            .Where(i => string.IsNullOrEmpty(Area) || string.Equals(i.Text("area"), Area.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(i => string.IsNullOrEmpty(State) || i.State == State)
            .Where(i => dueBefore is null || (i.InstantOf("deadline") is { } d && d < dueBefore))
            .Select(i => new RoundRow(i.CorrelationKey, i.Text("area") ?? string.Empty, i.IntegerOf("revision") ?? 0, i.State, i.InstantOf("deadline")))
            .OrderBy(r => r.State switch { "Commenting" => 0, "Consolidating" => 1, _ => 2 }).ThenBy(r => r.Deadline ?? DateTimeOffset.MaxValue).ThenBy(r => r.Key, StringComparer.Ordinal)], PageNumber);
        return Page();
    }
}
