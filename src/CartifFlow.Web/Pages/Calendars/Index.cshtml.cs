using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Calendars;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Calendars;

/// <summary>
/// The Secretariat keeps each party's public holidays per year at <c>/calendars</c>: the year's holidays of a party
/// (shipped from <c>workflows/registry/holidays-YYYY.yaml</c>, then kept here), a form to add one and a button to
/// remove each, with the same checks as <c>/api/calendars</c>; every change is recorded with who and when, and the
/// party's recent changes are listed under its holidays.
/// </summary>
public sealed class IndexModel(ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options) : CartifFormPageModel
{
    /// <summary>The party asked for (<c>?party=KAZ</c>).</summary>
    [BindProperty(Name = "party", SupportsGet = true)] public string? Of { get; set; }

    [BindProperty(Name = "year", SupportsGet = true)] public int? Year { get; set; }

    [BindProperty] public string? Date { get; set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty, FormField("nameRu")] public string? NameRu { get; set; }

    [BindProperty] public bool Expected { get; set; }

    [BindProperty] public long? Id { get; set; }

    /// <summary>The holiday just added or removed (shown once, after the redirect).</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public IReadOnlyList<Party> Parties { get; private set; } = [];

    public PartyCalendar? Calendar { get; private set; }

    public IReadOnlyList<PartyHoliday> Holidays { get; private set; } = [];

    public IReadOnlyList<PartyHolidayChange> Changes { get; private set; } = [];

    /// <summary>The party shown: the one asked for, else the first.</summary>
    public string? Shown { get; private set; }

    public int ShownYear { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        if (!await LoadAsync(cancellationToken) || Shown is null)
        {
            return NotFound();
        }

        foreach (var fault in PartyHolidays.Check(Date, Name, NameRu, out _))
        {
            Errors[fault.Field] = T("holidays.error." + fault.Code);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        _ = PartyHolidays.Check(Date, Name, NameRu, out var date);
        await PartyHolidays.AddAsync(db, Shown, date, Name!, NameRu, Expected, User.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow(), cancellationToken);
        return Redirect($"/calendars?party={Uri.EscapeDataString(Shown)}&year={date.Year}&done=added");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        if (!await LoadAsync(cancellationToken) || Shown is null)
        {
            return NotFound();
        }

        if (Id is not { } id || !await PartyHolidays.RemoveAsync(db, Shown, id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow(), cancellationToken))
        {
            Errors["remove"] = T("holidays.error.unknown");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect($"/calendars?party={Uri.EscapeDataString(Shown)}&year={ShownYear}&done=removed");
    }

    public string HolidayName(PartyHoliday holiday) => Lang == "ru" ? holiday.NameRu : holiday.Name;

    /// <summary>Reads the parties and the shown party's year; false for a party that does not exist.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        Parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        var seat = TimeZoneInfo.FindSystemTimeZoneById(options.Value.SeatTimeZone);
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : TimeZoneInfo.ConvertTime(time.GetUtcNow(), seat).Year;
        var asked = string.IsNullOrWhiteSpace(Of) ? null : Of.Trim().ToUpperInvariant();
        Shown = asked ?? (Parties.Count > 0 ? Parties[0].Code : null);
        if (asked is not null && Parties.All(p => p.Code != asked))
        {
            Shown = null;
            return false;
        }

        if (Shown is null)
        {
            return true;
        }

        var first = new DateOnly(ShownYear, 1, 1);
        var last = new DateOnly(ShownYear, 12, 31);
        var party = Shown;
        Calendar = await db.Set<PartyCalendar>().AsNoTracking().FirstOrDefaultAsync(c => c.PartyCode == party, cancellationToken);
        Holidays = [.. (await db.Set<PartyHoliday>().AsNoTracking().Where(h => h.PartyCode == party && h.Date >= first && h.Date <= last).ToListAsync(cancellationToken)).OrderBy(h => h.Date).ThenBy(h => h.Id)];
        Changes = [.. (await db.Set<PartyHolidayChange>().AsNoTracking().Where(c => c.PartyCode == party).ToListAsync(cancellationToken)).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(20)];
        return true;
    }
}
