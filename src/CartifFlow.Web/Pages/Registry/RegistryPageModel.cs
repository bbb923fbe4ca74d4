using CartifFlow.Negotiation.Registry;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Web.Participants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.Registry;

/// <summary>
/// A registry page with a form (Secretariat): the parties, areas, roles and time zones the forms offer, and each form's
/// step fired on the registry through <see cref="RegistryKeeper"/>, as the API does.
/// </summary>
public abstract class RegistryPageModel(WorkflowEngine engine, ICartifFlowDbContextFactory factory, IOptions<NegotiationOptions> options, TimeProvider time)
    : ProcessPageModel(engine, factory, options, time)
{
    /// <summary>Roles held for the whole party (or with no party): checkboxes of their own.</summary>
    public static readonly string[] WholeRoles = [NegotiationRoles.FocalPoint, NegotiationRoles.ChiefNegotiator, NegotiationRoles.Observer, NegotiationRoles.Secretariat, NegotiationRoles.SecretariatLead];

    public IReadOnlyList<Party> Parties { get; private set; } = [];

    public IReadOnlyList<NegotiatingArea> Areas { get; private set; } = [];

    public static IReadOnlyList<string> TimeZones => RegistryKeeper.TimeZones;

    protected async Task LoadChoicesAsync(CartifFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        Parties = await ParticipantDirectory.PartiesAsync(db, cancellationToken);
        Areas = [.. (await db.Set<NegotiatingArea>().AsNoTracking().ToListAsync(cancellationToken)).OrderBy(a => a.Kind).ThenBy(a => a.Code, StringComparer.Ordinal)];
    }

    /// <summary>The role checkboxes' values (<c>focal-point</c>, <c>lead-negotiator@TF</c>).</summary>
    public IEnumerable<(string Value, string Label)> RoleChoices() =>
        WholeRoles.Select(r => (r, T("role." + r)))
            .Concat(RegistrySteps.AreaRoles.SelectMany(r => Areas.Select(a => ($"{r}@{a.Code}", $"{T("role." + r)} — {a.Code} ({(Lang == "ru" ? a.NameRu : a.Name)})"))));

    public string PartyName(Party party) => $"{party.Code} — {(Lang == "ru" ? party.NameRu : party.Name)}";

    /// <summary>
    /// Fires a registry step; null when it was done, else the refusal at its field of the form (<c>{form}-{field}</c>,
    /// else <c>{form}</c>), or 403 when the engine says the reader may not.
    /// </summary>
    protected async Task<IActionResult?> ChangeAsync(string trigger, JsonObject payload, string form, string[] fields, Action<StepResult>? applied, CancellationToken cancellationToken)
    {
        var result = await RegistryKeeper.FireAsync(Engine, User, trigger, payload, cancellationToken);
        if (result.Applied)
        {
            applied?.Invoke(result);
            return null;
        }

        if (result.Outcome == StepOutcome.Forbidden)
        {
            return Forbid();
        }

        Refuse(result, form, fields);
        return null;
    }

    /// <summary>The checked roles as the registry takes them.</summary>
    protected static JsonArray RolesPayload(IEnumerable<string>? roles) => [.. (roles ?? []).Select(r => JsonValue.Create(r))];
}

/// <summary>The role checkboxes of a registry form.</summary>
public sealed record RoleChoicesView(RegistryPageModel Page, string Form, IReadOnlyCollection<string> Checked);
