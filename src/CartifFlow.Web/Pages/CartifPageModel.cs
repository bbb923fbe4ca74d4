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

    /// <summary>
    /// A workflow state's name in the reader's language (<c>state.{workflow}.{state}</c> in the pages' texts), e.g.
    /// <c>StateName("text-round", "Commenting")</c>: every page that shows an instance's state names it so.
    /// </summary>
    public string StateName(string workflow, string state) => Texts.StateName(workflow, state);

    /// <summary>A state's name and, for the Secretariat's generic workflow pages, the engine's id beside it: <c>Open for comments (Commenting)</c>.</summary>
    public string StateNameAndId(string workflow, string? state) =>
        state is null ? string.Empty : StateName(workflow, state) is var name && name != state ? $"{name} ({state})" : state;

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

    /// <summary>
    /// The names of every phase, a loaded roadmap's included (<see cref="CartifFlow.Negotiation.Phases.PhaseNames"/>):
    /// read before the handler runs for a page that <see cref="ShowsPhases"/>, else the 2026 phases' names only.
    /// </summary>
    internal CartifFlow.Negotiation.Phases.PhaseNames PhaseNames { get; set; } = CartifFlow.Negotiation.Phases.PhaseNames.Seeded;

    /// <summary>True for a page that names negotiation phases: <see cref="PageTextsFilter"/> reads the loaded roadmaps' phases for it.</summary>
    public virtual bool ShowsPhases => false;

    /// <summary>A negotiation phase's name in the reader's language: a state of negotiation.yaml, or a phase of a loaded roadmap.</summary>
    public string Phase(string code) => PhaseNames.In(code, Lang);
}

/// <summary>
/// Gives every page of the site its texts in the reader's language before its handler runs, and to a page that names
/// phases (<see cref="CartifPageModel.ShowsPhases"/>) the names of the loaded roadmaps' phases.
/// </summary>
internal sealed class PageTextsFilter(IStringLocalizer<PageTexts> texts, CartifFlow.Infrastructure.Persistence.ICartifFlowDbContextFactory factory) : IAsyncPageFilter
{
    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerInstance is CartifPageModel page)
        {
            page.Texts = texts;
            if (page.ShowsPhases)
            {
                await using var db = factory.Create();
                page.PhaseNames = await CartifFlow.Negotiation.Phases.PhaseNames.ReadAsync(db, context.HttpContext.RequestAborted);
            }
        }
    }

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next();
    }
}
