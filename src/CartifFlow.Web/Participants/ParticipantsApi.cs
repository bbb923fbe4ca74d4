using CartifFlow.Web.Authentication;
using System.Globalization;
using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation;
using CartifFlow.Web.WrittenProcedures;

namespace CartifFlow.Web.Participants;

/// <summary>A person's choice of e-mail: a daily digest of reminders and information copies, or one message each.</summary>
/// <param name="Daily">True for the daily digest (08:00 in the person's time zone).</param>
public sealed record DigestChoice(bool? Daily);

/// <summary>The participants registry: parties and their status over time, negotiating areas, people.</summary>
internal static class ParticipantsApi
{
    public static IEndpointRouteBuilder MapParticipants(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Participants").RequireAuthorization();
        group.MapGet("/parties", Parties).WithSummary("The CAREC countries with their status now and its history.");
        group.MapPost("/parties/{code}/status-changes", ChangeStatus).WithSummary("Record a change of a party's status with effect from a date (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapGet("/negotiating-areas", Areas).WithSummary("The Framework Agreement and the protocols.");
        group.MapGet("/people", People).WithSummary("People, their roles, party, language and time zone (Secretariat).");
        group.MapPut("/me/digest", ChooseDigest).WithSummary("The caller chooses a daily digest (true) for their reminders and information copies, or one message each (false).");
        return routes;
    }

    private static async Task<IResult> ChooseDigest(DigestChoice choice, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        if (choice?.Daily is null)
        {
            return CartifFlow.Web.Workflows.WorkflowCommands.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["daily"] = ["Say true for a daily digest, false for one message each."] });
        }

        await using var db = factory.Create();
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person", detail: "The caller is not in the registry.");
        }

        person.Digest = choice.Daily.Value;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new DigestChoice(person.Digest));
    }

    private static async Task<Ok<List<PartyView>>> Parties(ICartifFlowDbContextFactory factory, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var now = time.GetUtcNow();
        var parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        return TypedResults.Ok(parties.Select(p => PartyView.From(p, now)).ToList());
    }

    private static async Task<Results<Created<PartyView>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        string code, PartyStatusChangeRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, TimeProvider time, IOptions<NegotiationOptions> options, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(NegotiationRoles.Secretariat))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the Secretariat records a party's status.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PartyStatus status = default;
        if (request.Status is null || !Enum.TryParse(request.Status.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out status) || !Enum.IsDefined(status))
        {
            errors["status"] = ["The status is negotiating, observer or not-participating."];
        }

        // A date is the start of that day at the seat, a time without an offset the seat's local time: the same
        // reading as every other time the Secretariat gives (deadlines, meetings).
        var seat = options.Value.SeatTimeZone;
        DateTimeOffset from = default;
        var isDate = DateTime.TryParseExact(request.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        if (request.EffectiveFrom is null
            || !Deadlines.TryParse(isDate ? day.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : request.EffectiveFrom, seat, out from, out _))
        {
            errors["effectiveFrom"] = [$"The date it takes effect is required, between {Deadlines.FirstYear} and {Deadlines.LastYear}: 2026-07-01 (the start of that day at the seat, {seat}), local time at the seat (2026-07-01T09:00) or an instant with an offset."];
        }

        if (request.Note is { Length: > 500 })
        {
            errors["note"] = ["A note has at most 500 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var db = factory.Create();
        if (!await db.Set<Party>().AnyAsync(p => p.Code == code, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such party", detail: $"There is no party '{code}'.");
        }

        db.Set<PartyStatusChange>().Add(new PartyStatusChange { PartyCode = code, Status = status, EffectiveFrom = from.ToUniversalTime(), Note = request.Note });
        await db.SaveChangesAsync(cancellationToken);
        var party = (await ParticipantDirectory.PartiesAsync(db, cancellationToken)).Single(p => p.Code == code);
        return TypedResults.Created($"/api/parties/{code}", PartyView.From(party, time.GetUtcNow()));
    }

    private static async Task<Ok<List<AreaView>>> Areas(ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var areas = await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(areas.OrderBy(a => a.Kind).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => new AreaView(a.Code, a.Name, a.NameRu, a.Kind.ToString(), a.Provisional)).ToList());
    }

    private static async Task<Results<Ok<List<PersonView>>, ProblemHttpResult>> People(ClaimsPrincipal user, ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(NegotiationRoles.Secretariat))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the Secretariat sees the whole registry.");
        }

        await using var db = factory.Create();
        var people = await ParticipantDirectory.PeopleAsync(db, cancellationToken);
        return TypedResults.Ok(people.Select(p => new PersonView(
            p.Id, p.Name, p.Email, p.PartyCode, p.Language, p.TimeZone,
            [.. p.Roles.Select(r => r.AreaCode is null ? r.Role : $"{r.Role}@{r.AreaCode}")])).ToList());
    }
}

/// <summary>Record a party's new status.</summary>
/// <param name="Status">negotiating, observer or not-participating.</param>
/// <param name="EffectiveFrom">When it takes effect: a date (midnight UTC) or an instant with an offset.</param>
/// <param name="Note">Why (e.g. "signed the Bishkek Declaration").</param>
public sealed record PartyStatusChangeRequest(string? Status, string? EffectiveFrom, string? Note);

/// <summary>A status with effect from a date.</summary>
public sealed record PartyStatusView(string Status, DateTimeOffset EffectiveFrom, string? Note);

/// <summary>A party.</summary>
public sealed record PartyView(string Code, string Name, string NameRu, string StatusNow, IReadOnlyList<PartyStatusView> History)
{
    internal static PartyView From(Party p, DateTimeOffset now) => new(
        p.Code, p.Name, p.NameRu, StatusName(p.StatusAt(now)),
        [.. p.StatusChanges.OrderBy(c => c.EffectiveFrom).Select(c => new PartyStatusView(StatusName(c.Status), c.EffectiveFrom, c.Note))]);

    private static string StatusName(PartyStatus status) => status switch
    {
        PartyStatus.Negotiating => "negotiating",
        PartyStatus.Observer => "observer",
        _ => "not-participating",
    };
}

/// <summary>A negotiating area.</summary>
public sealed record AreaView(string Code, string Name, string NameRu, string Kind, bool Provisional);

/// <summary>A person of the registry.</summary>
public sealed record PersonView(string Id, string Name, string Email, string? Party, string Language, string TimeZone, IReadOnlyList<string> Roles);
