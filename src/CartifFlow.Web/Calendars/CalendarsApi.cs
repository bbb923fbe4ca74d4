using System.Globalization;
using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Calendars;

/// <summary>A holiday as the API shows it.</summary>
public sealed record HolidayView(long Id, string Party, DateOnly Date, string Name, string NameRu, bool Expected);

/// <summary>A holiday to add.</summary>
/// <param name="Date">yyyy-MM-dd.</param>
/// <param name="Name">In English.</param>
/// <param name="NameRu">In Russian (defaults to the English name).</param>
/// <param name="Expected">True while the date depends on the moon or is not announced.</param>
public sealed record AddHolidayRequest(string? Date, string? Name, string? NameRu, bool? Expected);

/// <summary>A deadline to review with the parties' calendars before it is set.</summary>
/// <param name="Deadline">Local time at the seat (<c>2026-07-01T17:00</c>) or an instant with an offset.</param>
/// <param name="From">When it is circulated (default now), the same form.</param>
/// <param name="Parties">The parties taking part (default: every party negotiating now).</param>
/// <param name="Minimum">The working days each party must have (default: the written procedure's minimum).</param>
public sealed record DeadlineReviewRequest(string? Deadline, string? From, IReadOnlyList<string>? Parties, int? Minimum);

/// <summary>
/// The parties' calendars over HTTP (Secretariat): each party's holidays per year, added and removed (each change
/// recorded with who and when), and the review of any deadline (a procedure's, an approval's, a round's, a meeting's)
/// before it is set or extended: where it falls on a weekend, a holiday or outside working hours at a taking-part
/// party, and each party's working days until it.
/// </summary>
internal static class CalendarsApi
{
    public static IEndpointRouteBuilder MapCalendars(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/calendars").WithTags("Calendars").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/{party}/{year:int}", Holidays).WithSummary("A party's weekend and holidays of a year.");
        group.MapPost("/{party}/holidays", Add).WithSummary("Adds a holiday to a party's calendar (recorded with who and when).");
        group.MapDelete("/{party}/holidays/{id:long}", Remove).WithSummary("Removes a holiday from a party's calendar (recorded with who and when).");
        group.MapPost("/deadline-review", Review).WithSummary("Where a deadline falls at each taking-part party (weekend, holiday, outside working hours) and each party's working days until it.");
        return routes;
    }

    private static async Task<IResult> Holidays(string party, int year, ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        if (!await db.Set<Party>().AnyAsync(p => p.Code == party, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such party", detail: $"There is no party '{party}'.");
        }

        var first = new DateOnly(Math.Clamp(year, 1, 9999), 1, 1);
        var last = new DateOnly(Math.Clamp(year, 1, 9999), 12, 31);
        var holidays = await db.Set<PartyHoliday>().AsNoTracking().Where(h => h.PartyCode == party && h.Date >= first && h.Date <= last).ToListAsync(cancellationToken);
        return TypedResults.Ok(holidays.OrderBy(h => h.Date).ThenBy(h => h.Id).Select(View).ToList());
    }

    private static async Task<IResult> Add(string party, AddHolidayRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, TimeProvider time, CancellationToken cancellationToken)
    {
        var faults = PartyHolidays.Check(request.Date, request.Name, request.NameRu, out var date);
        if (faults.Count > 0)
        {
            return WorkflowCommands.Invalid(faults.ToDictionary(f => f.Field, f => new[] { f.Message }, StringComparer.Ordinal));
        }

        await using var db = factory.Create();
        if (!await PartyHolidays.PartyExistsAsync(db, party, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such party", detail: $"There is no party '{party}'.");
        }

        var holiday = await PartyHolidays.AddAsync(db, party, date, request.Name!, request.NameRu, request.Expected == true, user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/api/calendars/{party}/{date.Year}", View(holiday));
    }

    private static async Task<IResult> Remove(string party, long id, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        if (!await PartyHolidays.RemoveAsync(db, party, id, user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such holiday", detail: $"{party} has no holiday {id}.");
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> Review(DeadlineReviewRequest request, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var seat = options.Value.SeatTimeZone;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Deadlines.TryParse(request.Deadline, seat, out var deadline, out var error))
        {
            errors["deadline"] = [error!];
        }

        var from = time.GetUtcNow();
        if (request.From is not null && !Deadlines.TryParse(request.From, seat, out from, out var fromError))
        {
            errors["from"] = [fromError!];
        }

        if (request.Minimum is < 0 or > 60)
        {
            errors["minimum"] = ["Between 0 and 60 working days."];
        }

        await using var db = factory.Create();
        var parties = request.Parties is { Count: > 0 } given
            ? given
            : [.. (await ParticipantDirectory.NegotiatingPartiesAsync(db, from, cancellationToken)).Select(p => p.Code)];
        var known = await db.Set<Party>().AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken);
        if (parties.FirstOrDefault(p => !known.Contains(p)) is { } unknown)
        {
            errors["parties"] = [$"There is no party '{unknown}'."];
        }

        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var calendars = await HolidaySeed.LoadAsync(db, cancellationToken);
        var review = DeadlineReview.Of(calendars, parties, from, deadline, request.Minimum ?? options.Value.MinimumWorkingDays);
        return TypedResults.Ok(new DeadlineCalendarView(review.Minimum, review.Findings, review.WorkingDays, false, null));
    }

    private static HolidayView View(PartyHoliday h) => new(h.Id, h.PartyCode, h.Date, h.Name, h.NameRu, h.Expected);
}
