using CartifFlow.Negotiation.Registry;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>A registry change that concerns the person, from the registry's audit log.</summary>
public sealed record PersonChange(DateTimeOffset At, string By, string Trigger, string Details);

/// <summary>
/// A person at <c>/registry/people/{id}</c> (Secretariat): who they are, the registry's changes that concern them, and
/// the forms that change their roles, language or time zone, replace a focal point or chief negotiator, and deactivate
/// them; each a step of the registry (the same as the API's <c>PATCH /api/people/{id}</c>, <c>…/replacement</c>,
/// <c>…/deactivation</c>).
/// </summary>
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.ChangePerson)]
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.ReplacePerson)]
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.DeactivatePerson)]
public sealed class PersonModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : RegistryPageModel(engine, factory, options, time)
{
    public static readonly string[] ChangeFields = ["name", "email", "roles", "language", "timeZone"];
    public static readonly string[] ReplaceFields = ["role", "by", "id", "name", "email", "language", "timeZone"];

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public Person? Subject { get; private set; }

    public IReadOnlyList<Person> PartyPeople { get; private set; } = [];

    public IReadOnlyList<PersonChange> Changes { get; private set; } = [];

    public int OpenSessions { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? By { get; set; }
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public string? NewEmail { get; set; }
    [BindProperty] public string? NewLanguage { get; set; }
    [BindProperty] public string? NewTimeZone { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>The roles this person holds that a replacement takes over.</summary>
    public IReadOnlyList<string> Replaceable => Subject is { Active: true } p
        ? [.. RegistrySteps.SingleHolderRoles.Where(r => p.Roles.Any(x => x.Role == r))]
        : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Name = Subject!.Name;
        Email = Subject.Email;
        Roles = [.. Subject.Roles.Select(RegistrySteps.Name)];
        Language = Subject.Language;
        TimeZone = Subject.TimeZone;
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Required(Name, "change", "name", "person.name-required");
        Required(Email, "change", "email", "person.email-required");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await ChangeAsync(RegistryKeeper.ChangePerson, new JsonObject
        {
            ["person"] = Id,
            ["name"] = Blank(Name),
            ["email"] = Blank(Email),
            ["roles"] = RolesPayload(Roles),
            ["language"] = Blank(Language),
            ["timeZone"] = Blank(TimeZone),
        }, "change", ChangeFields, null, cancellationToken);
        return After(refusal, Here, "changed");
    }

    public async Task<IActionResult> OnPostReplaceAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Blank(By) is null)
        {
            Required(NewName, "replace", "name", "person.name-required");
            Required(NewEmail, "replace", "email", "person.email-required");
            if (Errors.Count > 0)
            {
                return Refused();
            }
        }

        string? replacement = null;
        var refusal = await ChangeAsync(RegistryKeeper.ReplacePerson, new JsonObject
        {
            ["person"] = Id,
            ["role"] = Blank(Role),
            ["by"] = Blank(By),
            ["name"] = Blank(By) is null ? Blank(NewName) : null,
            ["email"] = Blank(By) is null ? Blank(NewEmail) : null,
            ["language"] = Blank(By) is null ? Blank(NewLanguage) : null,
            ["timeZone"] = Blank(By) is null ? Blank(NewTimeZone) : null,
        }, "replace", ReplaceFields, r => replacement = RegistryKeeper.PersonOf(r), cancellationToken);
        return replacement is null ? refusal ?? Refused() : After(refusal, $"/registry/people/{Uri.EscapeDataString(replacement)}", "replaced");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Limit("deactivate", "reason", Reason, 500);
        if (Errors.Count > 0)
        {
            return Refused();
        }

        var refusal = await ChangeAsync(RegistryKeeper.DeactivatePerson, new JsonObject { ["person"] = Id, ["reason"] = Blank(Reason) }, "deactivate", ["reason", "person"], null, cancellationToken);
        return After(refusal, Here, "deactivated");
    }

    private string Here => $"/registry/people/{Uri.EscapeDataString(Id)}";

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        await LoadChoicesAsync(db, cancellationToken);
        Subject = await db.Set<Person>().AsNoTracking().Include(p => p.Roles).FirstOrDefaultAsync(p => p.Id == Id, cancellationToken);
        if (Subject is null)
        {
            return false;
        }

        PartyPeople = Subject.PartyCode is null
            ? []
            : await db.Set<Person>().AsNoTracking().Where(p => p.PartyCode == Subject.PartyCode && p.Active && p.Id != Subject.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        OpenSessions = await db.Set<PersonSession>().CountAsync(s => s.PersonId == Subject.Id && s.EndedAt == null, cancellationToken);
        if (await Engine.FindAsync(NegotiationWorkflows.Registry, RegistrySteps.Key, cancellationToken) is { } registry)
        {
            Changes = [.. (await Engine.GetHistoryAsync(registry.Id, cancellationToken))
                .Where(e => Concerns(e.Payload, Subject.Id))
                .Select(e => new PersonChange(e.At, e.ActorId, e.Trigger, Details(e.Payload)))];
        }

        return true;
    }

    private static readonly string[] PersonFields = ["person", "id", "by"];

    private static bool Concerns(JsonObject payload, string id) =>
        PersonFields.Any(f => payload[f] is JsonValue v && v.TryGetValue<string>(out var s) && s == id);

    private static string Details(JsonObject payload) =>
        string.Join("; ", payload.Where(p => p.Key is not ("name" or "email") && p.Value is not null).Select(p => $"{p.Key}: {(p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value!.ToJsonString())}"));
}
