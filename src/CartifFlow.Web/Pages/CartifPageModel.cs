using System.Security.Claims;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CartifFlow.Web.Pages;

/// <summary>What every page knows: the reader's language and time zone, and their texts.</summary>
public abstract class CartifPageModel : PageModel
{
    private IStringLocalizer? _texts;

    /// <summary>The reader's language (request localisation, see <see cref="PageLanguage"/>): <c>en</c> or <c>ru</c>.</summary>
    public string Lang => PageLanguage.Of(HttpContext);

    /// <summary>The pages' texts in the reader's language (given to every page by <see cref="PageTextsFilter"/>).</summary>
    internal IStringLocalizer Texts
    {
        get => _texts ?? throw new InvalidOperationException("The page's texts are given by PageTextsFilter, which did not run.");
        set => _texts = value;
    }

    /// <summary>The signed-in person's time zone (UTC when unknown).</summary>
    public string Zone => User.FindFirstValue(PageAuthentication.TimeZoneClaim) is { Length: > 0 } zone ? zone : "UTC";

    public string? Party => User.FindFirstValue(ApiTokenAuthenticationHandler.PartyClaim);

    public string T(string key) => Texts.Text(key);

    public string T(string key, params object?[] args) => Texts.Text(key, args);

    /// <summary>True when the pages have the text <paramref name="key"/> (for keys made of a prefix and a value).</summary>
    public bool HasText(string key) => Texts.Has(key);

    /// <summary>An engine refusal in the reader's language.</summary>
    public string Refusal(CartifFlow.Engine.Runtime.StepResult result) => Texts.Refusal(result);

    /// <summary>A field's fault from a check shared with the API, in the reader's language.</summary>
    private protected string Field(CartifFlow.Web.Workflows.FieldError error) => Texts.Field(error);

    /// <summary>Time left before a deadline, in the reader's language (<c>3 d 4 h 5 min</c>), or that it has passed.</summary>
    public string Remaining(TimeSpan left) => left <= TimeSpan.Zero
        ? T("inbox.past")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(int)left.TotalDays} {T("unit.d")} {left.Hours} {T("unit.h")} {left.Minutes} {T("unit.min")}");

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

/// <summary>Gives every page of the site its texts in the reader's language before its handler runs.</summary>
internal sealed class PageTextsFilter(IStringLocalizer<PageTexts> texts) : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
        if (context.HandlerInstance is CartifPageModel page)
        {
            page.Texts = texts;
        }
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
