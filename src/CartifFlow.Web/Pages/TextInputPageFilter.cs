using System.Globalization;
using System.Reflection;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CartifFlow.Web.Pages;

/// <summary>
/// Every text a page binds (its <c>[BindProperty]</c> strings and its handlers' string arguments) passes
/// <see cref="TextInput"/>; the handler does not run on a refused one. On a page with field errors
/// (<see cref="IFieldErrors"/>) the answer is the page again, 400, with the error at the field in the reader's
/// language: the page's GET handler reads what the page shows (the refused texts kept out of it), and the form keeps
/// what was typed. Elsewhere (a route value, a filter in the address, a page without field errors: the sign-in and
/// one-click pages) it is the error page, 400, in the site's layout and the reader's language, naming the field in
/// words with a way back (<see cref="RefusedText"/>).
/// </summary>
internal sealed class TextInputPageFilter(Microsoft.Extensions.Localization.IStringLocalizer<PageTexts> pageTexts) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        foreach (var (name, value) in context.HandlerArguments)
        {
            if (value is string text && (TextInput.FirstRefused(text) ?? (NulFormFields.Of(context.HttpContext).Contains(name) ? (char?)'\0' : null)) is { } c)
            {
                context.Result = RefusalPage(context.HttpContext, name, c);
                return;
            }
        }

        // A NUL was taken out of the form before it was read (NulFormFields): its field is refused as if it were there.
        var nul = NulFormFields.Of(context.HttpContext);
        var refused = context.HandlerInstance.GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(BindPropertyAttribute), inherit: true) && p.CanRead && p.CanWrite)
            .Select(p => (Property: p, Value: p.GetValue(context.HandlerInstance) as string))
            .Select(p => (p.Property, p.Value, Refused: TextInput.FirstRefused(p.Value) ?? (nul.Contains(p.Property.GetCustomAttribute<BindPropertyAttribute>()?.Name ?? p.Property.Name) ? (char?)'\0' : null)))
            .Where(p => p.Refused is not null)
            .ToList();
        if (refused.Count == 0)
        {
            await next();
            return;
        }

        // A GET has no form to show the error at (a filter in the address, a link's value): the error page says it.
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || context.HandlerInstance is not IFieldErrors page || context.HandlerInstance is not PageModel model)
        {
            context.Result = RefusalPage(context.HttpContext, refused[0].Property.Name, refused[0].Refused!.Value);
            return;
        }

        // The page as its GET shows it, without the refused texts (PostgreSQL cannot take a NUL in a query).
        foreach (var (property, _, _) in refused)
        {
            property.SetValue(model, null);
        }

        var shown = await ShowAsync(context, model);
        if (shown is not null and not PageResult)
        {
            context.Result = shown; // the GET refuses the reader (not found, forbidden): that answer stands
            return;
        }

        var handler = context.HandlerMethod?.Name is { Length: > 0 } h ? h.ToLowerInvariant() : null;
        foreach (var (property, value, c) in refused)
        {
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method))
            {
                property.SetValue(model, value); // the form keeps what was typed
            }

            var message = pageTexts.Text("text-refused.field", ((int)c!.Value).ToString("X4", CultureInfo.InvariantCulture));
            foreach (var key in ErrorKeys(property, handler))
            {
                page.Errors[key] = message;
            }
        }

        context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Result = model.Page();
    }

    /// <summary>Where the page shows a property's error: its declared key, else the keys its name gives.</summary>
    internal static IEnumerable<string> ErrorKeys(PropertyInfo property, string? handler)
    {
        var declared = property.GetCustomAttributes<FormFieldAttribute>().ToList();
        var chosen = declared.FirstOrDefault(a => a.Handler is not null && string.Equals(a.Handler, handler, StringComparison.OrdinalIgnoreCase))
            ?? declared.FirstOrDefault(a => a.Handler is null);
        if (chosen is { } key)
        {
            return [key.Key];
        }

        var name = property.Name;
        var camel = char.ToLowerInvariant(name[0]) + name[1..];
        var keys = new List<string>();
        if (handler is not null)
        {
            keys.Add($"{handler}-{camel}");
        }

        var second = name.Skip(1).ToList().FindIndex(char.IsUpper) + 1;
        if (second > 0)
        {
            keys.Add($"{char.ToLowerInvariant(name[0])}{name[1..second]}-{char.ToLowerInvariant(name[second])}{name[(second + 1)..]}");
        }

        keys.Add(camel);
        return keys;
    }

    /// <summary>Runs the page's GET handler (its parameters from the route and the query) and returns its result.</summary>
    private static async Task<IActionResult?> ShowAsync(PageHandlerExecutingContext context, PageModel model)
    {
        var get = model.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name is "OnGetAsync" or "OnGet");
        if (get is null)
        {
            return null;
        }

        var arguments = get.GetParameters().Select(p => Argument(context, p)).ToArray();
        var returned = get.Invoke(model, arguments);
        switch (returned)
        {
            case Task<IActionResult> withResult:
                return await withResult;
            case Task task:
                await task;
                return null;
            default:
                return returned as IActionResult;
        }
    }

    private static object? Argument(PageHandlerExecutingContext context, ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.HttpContext.RequestAborted;
        }

        if (context.HandlerArguments.TryGetValue(parameter.Name!, out var bound))
        {
            return bound;
        }

        var raw = context.RouteData.Values.TryGetValue(parameter.Name!, out var route) ? route?.ToString() : context.HttpContext.Request.Query[parameter.Name!].FirstOrDefault();
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (raw is null)
        {
            return parameter.HasDefaultValue ? parameter.DefaultValue : (parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null ? Activator.CreateInstance(parameter.ParameterType) : null);
        }

        try
        {
            return type == typeof(string) ? raw : Convert.ChangeType(raw, type, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null ? Activator.CreateInstance(parameter.ParameterType) : null;
        }
    }

    /// <summary>
    /// The error page of a refused text (400): kept with the request and shown by the error page the status code
    /// re-executes (<c>/error/400</c>), in the site's layout and the reader's language, the field named in words.
    /// </summary>
    private static StatusCodeResult RefusalPage(HttpContext context, string field, char c)
    {
        RefusedText.Keep(context, new RefusedText(field, c));
        return new StatusCodeResult(StatusCodes.Status400BadRequest);
    }
}
