using System.Security.Claims;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CartifFlow.Web.Pages;

/// <summary>What every page knows: the reader's language and time zone, and their texts.</summary>
public abstract class CartifPageModel : PageModel
{
    public string Lang => Texts.Language(HttpContext);

    /// <summary>The signed-in person's time zone (UTC when unknown).</summary>
    public string Zone => User.FindFirstValue(PageAuthentication.TimeZoneClaim) is { Length: > 0 } zone ? zone : "UTC";

    public string? Party => User.FindFirstValue(ApiTokenAuthenticationHandler.PartyClaim);

    public string T(string key) => Texts.Get(Lang, key);

    public string T(string key, params object?[] args) => Texts.Format(Lang, key, args);

    /// <summary>An engine refusal in the reader's language.</summary>
    public string Refusal(CartifFlow.Engine.Runtime.StepResult result) => Texts.Refusal(Lang, result);

    /// <summary>A field's fault from a check shared with the API, in the reader's language.</summary>
    private protected string Field(CartifFlow.Web.Workflows.FieldError error) => Texts.Field(Lang, error);

    /// <summary>The pager of a list page, in the reader's language.</summary>
    public Pager PagerFor<TItem>(ListPage<TItem> page, string id = "pager", string parameter = "p") =>
        new(page.Number, page.PageCount, T("pager"), T("pager.previous"), T("pager.next"), T("pager.position", page.Number, page.PageCount, page.Total), id, parameter);

    /// <summary>The names of the phases of roadmaps loaded after 2026 (data), for the pages that read them (<see cref="ReadLoadedPhasesAsync"/>).</summary>
    private Dictionary<string, CartifFlow.Negotiation.Phases.RoadmapPhase> LoadedPhases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A negotiation phase's name in the reader's language: a state of negotiation.yaml, or a phase of a loaded roadmap.</summary>
    public string Phase(string code) =>
        LoadedPhases.TryGetValue(code, out var loaded) ? (Lang == "ru" ? loaded.TitleRu : loaded.Title)
        : Lang == "ru" ? CartifFlow.Negotiation.Phases.NegotiationPhases.NameRu(code) : CartifFlow.Negotiation.Phases.NegotiationPhases.Name(code);

    /// <summary>Reads the phases of the loaded roadmaps, so that <see cref="Phase"/> names them.</summary>
    private protected async Task<IReadOnlyList<CartifFlow.Negotiation.Phases.RoadmapPhase>> ReadLoadedPhasesAsync(CartifFlow.Infrastructure.Persistence.ICartifFlowDbContextFactory factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = factory.Create();
        var phases = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Set<CartifFlow.Negotiation.Phases.RoadmapPhase>(), cancellationToken);
        LoadedPhases = phases.ToDictionary(p => p.Code, StringComparer.Ordinal);
        return [.. phases.OrderBy(p => p.StartsOn).ThenBy(p => p.Order)];
    }
}
