namespace CartifFlow.Web.Pages;

/// <summary>
/// A text a page refused before its handler ran (a route value, a filter in the address, the sign-in or one-click
/// page's field): kept with the request for the error page (<c>/error/400</c>), which names the field in words in the
/// reader's language, in the site's layout, with a way back.
/// </summary>
/// <param name="Field">The field or route value as the page binds it (<c>Email</c>, <c>key</c>, <c>t</c>).</param>
/// <param name="Character">The refused character.</param>
public sealed record RefusedText(string Field, char Character)
{
    private const string Item = "CartifFlow.RefusedText";

    /// <summary>Keeps the refusal with the request.</summary>
    public static void Keep(HttpContext context, RefusedText refused)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[Item] = refused;
    }

    /// <summary>The refusal kept with the request, or null.</summary>
    public static RefusedText? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(Item, out var value) ? value as RefusedText : null;
    }

    /// <summary>The field's name as the page texts key it (<c>field.email</c>).</summary>
    public string TextKey => "field." + Field.ToLowerInvariant();
}
