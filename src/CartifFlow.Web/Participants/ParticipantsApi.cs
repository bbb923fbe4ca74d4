using CartifFlow.Negotiation.Registry;
using CartifFlow.Web.Authentication;
using System.Globalization;
using System.Security.Claims;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CartifFlow.Negotiation;
using CartifFlow.Web.Workflows;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;

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
        group.MapGet("/people", People).WithSummary("People, their roles, party, language and time zone, filtered by party, role, area and whether active (Secretariat).");
        group.MapPost("/people", AddPerson).WithSummary("Add a person: name, e-mail, party, roles (lead-negotiator@TF, technical-expert@DT per area), language, time zone (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPatch("/people/{id}", ChangePerson).WithSummary("Change a person's name, e-mail, roles, language or time zone; what is not given stays (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/people/{id}/replacement", ReplacePerson).WithSummary("Replace a party's focal point or chief negotiator by a new person or an active person of the party, from now (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPost("/people/{id}/deactivation", DeactivatePerson).WithSummary("Deactivate a person: history kept, sessions ended, links dead, no sign-in (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy);
        group.MapPut("/me/preferences", ChoosePreferences).WithSummary("The caller's language (en, ru), time zone (IANA) and daily digest; what is not given stays.");
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

    private static async Task<IResult> ChangeStatus(
        string code, PartyStatusChangeRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, WorkflowEngine engine, TimeProvider time, IOptions<NegotiationOptions> options, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(NegotiationRoles.Secretariat))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the Secretariat records a party's status.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!RegistrySteps.TryStatus(request.Status, out _))
        {
            errors["status"] = ["The status is negotiating, observer or not-participating."];
        }

        // A date is the start of that day at the seat, a time without an offset the seat's local time: the same
        // reading as every other time the Secretariat gives (deadlines, meetings).
        var seat = options.Value.SeatTimeZone;
        var from = RegistryKeeper.EffectiveFrom(request.EffectiveFrom, seat);
        if (from is null)
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

        var result = await RegistryKeeper.FireAsync(engine, user, RegistryKeeper.ChangePartyStatus, new JsonObject
        {
            ["party"] = code,
            ["status"] = request.Status,
            ["effectiveFrom"] = from!.Value.ToString("O", CultureInfo.InvariantCulture),
            ["note"] = request.Note,
        }, cancellationToken);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        var party = (await ParticipantDirectory.PartiesAsync(db, cancellationToken)).Single(p => p.Code == code);
        return TypedResults.Created($"/api/parties/{code}", PartyView.From(party, time.GetUtcNow()));
    }

    private static async Task<IResult> AddPerson(PersonRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var result = await RegistryKeeper.FireAsync(engine, user, RegistryKeeper.AddPerson, request.Payload(), cancellationToken);
        if (!result.Applied)
        {
            return StepProblems.From(result);
        }

        var id = RegistryKeeper.PersonOf(result)!;
        return TypedResults.Created($"/api/people/{id}", await ViewAsync(factory, id, cancellationToken));
    }

    private static async Task<IResult> ChangePerson(string id, PersonRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (request.Id is not null && request.Id != id)
        {
            return CartifFlow.Web.Workflows.WorkflowCommands.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["id"] = ["A person's id does not change."] });
        }

        if (request.Party is not null)
        {
            return CartifFlow.Web.Workflows.WorkflowCommands.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["party"] = ["A person's party does not change: add the person again for the other party."] });
        }

        var payload = request.Payload();
        payload["person"] = id;
        var result = await RegistryKeeper.FireAsync(engine, user, RegistryKeeper.ChangePerson, payload, cancellationToken);
        return result.Applied ? TypedResults.Ok(await ViewAsync(factory, id, cancellationToken)) : StepProblems.From(result);
    }

    private static async Task<IResult> ReplacePerson(string id, ReplacementRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["person"] = id,
            ["role"] = request.Role,
            ["by"] = request.By,
            ["id"] = request.Id,
            ["name"] = request.Name,
            ["email"] = request.Email,
            ["language"] = request.Language,
            ["timeZone"] = request.TimeZone,
        };
        var result = await RegistryKeeper.FireAsync(engine, user, RegistryKeeper.ReplacePerson, payload, cancellationToken);
        return result.Applied ? TypedResults.Ok(await ViewAsync(factory, RegistryKeeper.PersonOf(result)!, cancellationToken)) : StepProblems.From(result);
    }

    private static async Task<IResult> DeactivatePerson(string id, DeactivationRequest? request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var result = await RegistryKeeper.FireAsync(engine, user, RegistryKeeper.DeactivatePerson, new JsonObject { ["person"] = id, ["reason"] = request?.Reason }, cancellationToken);
        return result.Applied ? TypedResults.Ok(await ViewAsync(factory, id, cancellationToken)) : StepProblems.From(result);
    }

    private static async Task<IResult> ChoosePreferences(PreferencesRequest request, ClaimsPrincipal user, ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        var errors = MyPreferences.Check(request?.Language, request?.TimeZone);
        if (request is null || (request.Language is null && request.TimeZone is null && request.Digest is null))
        {
            errors["request"] = new("Give a language (en, ru), a time zone (an IANA name) or the digest choice (true, false).", "preferences-required");
        }

        if (errors.Count > 0)
        {
            return CartifFlow.Web.Workflows.WorkflowCommands.Invalid(errors.ToDictionary(e => e.Key, e => new[] { e.Value.Message }, StringComparer.Ordinal));
        }

        await using var db = factory.Create();
        var person = await MyPreferences.SaveAsync(db, user.FindFirstValue(ClaimTypes.NameIdentifier), request!.Language, request.TimeZone, request.Digest, cancellationToken);
        return person is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person", detail: "The caller is not in the registry.")
            : TypedResults.Ok(new PreferencesRequest(person.Language, person.TimeZone, person.Digest));
    }

    private static async Task<PersonView?> ViewAsync(ICartifFlowDbContextFactory factory, string id, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var person = await db.Set<Person>().AsNoTracking().Include(p => p.Roles).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return person is null ? null : PersonView.From(person);
    }

    private static async Task<Ok<List<AreaView>>> Areas(ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var areas = await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(areas.OrderBy(a => a.Kind).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => new AreaView(a.Code, a.Name, a.NameRu, a.Kind.ToString(), a.Provisional)).ToList());
    }

    private static async Task<Results<Ok<List<PersonView>>, ProblemHttpResult>> People(
        ClaimsPrincipal user, ICartifFlowDbContextFactory factory, string? party, string? role, string? area, string? active, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(NegotiationRoles.Secretariat))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the Secretariat sees the whole registry.");
        }

        await using var db = factory.Create();
        var filter = new PeopleFilter(party, role, area, active ?? PeopleFilter.ActiveOnly);
        var people = await filter.Query(db).OrderBy(p => p.PartyCode).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(people.Select(PersonView.From).ToList());
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

    private static string StatusName(PartyStatus status) => RegistrySteps.StatusName(status);
}

/// <summary>A negotiating area.</summary>
public sealed record AreaView(string Code, string Name, string NameRu, string Kind, bool Provisional);

/// <summary>A person of the registry.</summary>
public sealed record PersonView(string Id, string Name, string Email, string? Party, string Language, string TimeZone, IReadOnlyList<string> Roles, bool Active = true)
{
    internal static PersonView From(Person p) => new(p.Id, p.Name, p.Email, p.PartyCode, p.Language, p.TimeZone, [.. p.Roles.Select(RegistrySteps.Name).Order(StringComparer.Ordinal)], p.Active);
}

/// <summary>A person to add, or what to change of one (what is absent stays).</summary>
/// <param name="Id">The new person's id (lower-case letters, digits, dashes); made from the first role, the party and the area when absent.</param>
/// <param name="Name">Full name.</param>
/// <param name="Email">E-mail address (unique).</param>
/// <param name="Party">The party the person acts for (none for Secretariat staff); fixed once added.</param>
/// <param name="Roles">Roles: secretariat, secretariat-lead, focal-point, chief-negotiator, lead-negotiator@AREA, technical-expert@AREA, observer.</param>
/// <param name="Language">en or ru.</param>
/// <param name="TimeZone">IANA time zone (the party's capital when absent).</param>
public sealed record PersonRequest(string? Id, string? Name, string? Email, string? Party, IReadOnlyList<string?>? Roles, string? Language, string? TimeZone)
{
    internal JsonObject Payload() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["email"] = Email,
        ["party"] = Party,
        ["roles"] = Roles is null ? null : new JsonArray([.. Roles.Select(r => JsonValue.Create(r ?? "null"))]),
        ["language"] = Language,
        ["timeZone"] = TimeZone,
    };
}

/// <summary>A focal point's or chief negotiator's replacement: an active person of the same party (<paramref name="By"/>) or a new person.</summary>
/// <param name="Role">focal-point or chief-negotiator (the one the person holds when absent).</param>
/// <param name="By">An active person of the same party who takes the role.</param>
/// <param name="Id">The new person's id, when a new person takes it (made when absent).</param>
/// <param name="Name">The new person's name.</param>
/// <param name="Email">The new person's e-mail address.</param>
/// <param name="Language">The new person's language.</param>
/// <param name="TimeZone">The new person's time zone.</param>
public sealed record ReplacementRequest(string? Role, string? By, string? Id, string? Name, string? Email, string? Language, string? TimeZone);

/// <summary>Why a person is deactivated.</summary>
/// <param name="Reason">E.g. "left the ministry".</param>
public sealed record DeactivationRequest(string? Reason);

/// <summary>A person's own choices.</summary>
/// <param name="Language">en or ru.</param>
/// <param name="TimeZone">IANA time zone deadlines are shown in.</param>
/// <param name="Digest">True for one message a day with reminders and information copies.</param>
public sealed record PreferencesRequest(string? Language, string? TimeZone, bool? Digest);
