using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>
/// Adds a person at <c>/registry/people/new</c> (Secretariat): name, e-mail, party, roles (lead negotiators and technical
/// experts per area), language and time zone; a step of the registry (the same as <c>POST /api/people</c>).
/// </summary>
[OffersTrigger(NegotiationWorkflows.Registry, OffersTriggerAttribute.Start)]
[OffersTrigger(NegotiationWorkflows.Registry, RegistryKeeper.AddPerson)]
public sealed class NewPersonModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : RegistryPageModel(engine, factory, options, time)
{
    public static readonly string[] Fields = ["id", "name", "email", "party", "roles", "language", "timeZone"];

    [BindProperty] public string? PersonId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? PartyCode { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? TimeZone { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = Factory.Create();
        await LoadChoicesAsync(db, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await using (var db = Factory.Create())
        {
            await LoadChoicesAsync(db, cancellationToken);
        }

        Required(Name, "add", "name", "person.name-required");
        Required(Email, "add", "email", "person.email-required");
        if (Errors.Count > 0)
        {
            return Refused();
        }

        string? added = null;
        var refusal = await ChangeAsync(RegistryKeeper.AddPerson, new JsonObject
        {
            ["id"] = Blank(PersonId),
            ["name"] = Blank(Name),
            ["email"] = Blank(Email),
            ["party"] = Blank(PartyCode),
            ["roles"] = RolesPayload(Roles),
            ["language"] = Blank(Language),
            ["timeZone"] = Blank(TimeZone),
        }, "add", Fields, r => added = RegistryKeeper.PersonOf(r), cancellationToken);
        return added is null ? refusal ?? Refused() : After(refusal, $"/registry/people/{Uri.EscapeDataString(added)}", "added");
    }
}
