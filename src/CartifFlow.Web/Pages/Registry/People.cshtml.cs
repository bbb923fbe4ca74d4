using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>
/// The registry's people at <c>/registry/people</c> (Secretariat): filtered and paged in the database by party, role,
/// area and whether active, each linked to their page.
/// </summary>
public sealed class PeopleModel(ICartifFlowDbContextFactory factory) : CartifPageModel
{
    /// <summary>People per page.</summary>
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? FilterParty { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterRole { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterArea { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterActive { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<Party> Parties { get; private set; } = [];
    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        Areas = [.. (await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(cancellationToken)).OrderBy(a => a.Kind).ThenBy(a => a.Code, StringComparer.Ordinal)];
        var filter = new PeopleFilter(Blank(FilterParty), Blank(FilterRole), Blank(FilterArea), Blank(FilterActive) ?? PeopleFilter.ActiveOnly);
        var query = filter.Query(db);
        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        People = await query.OrderBy(p => p.PartyCode).ThenBy(p => p.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>The link to another page of the same list.</summary>
    public string PageLink(int page) =>
        "/registry/people" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["FilterParty"] = FilterParty, ["FilterRole"] = FilterRole, ["FilterArea"] = FilterArea, ["FilterActive"] = FilterActive,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    /// <summary>A role as the reader reads it (<c>Lead negotiator (TF)</c>).</summary>
    public string RoleName(PersonRole role) => role.AreaCode is null ? T("role." + role.Role) : $"{T("role." + role.Role)} ({role.AreaCode})";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
