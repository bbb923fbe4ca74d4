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

    /// <summary>A negotiation phase's name in the reader's language.</summary>
    public string Phase(string code) => Lang == "ru" ? CartifFlow.Negotiation.Phases.NegotiationPhases.NameRu(code) : CartifFlow.Negotiation.Phases.NegotiationPhases.Name(code);
}
