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
/// what was typed. Elsewhere (a route value, a page without field errors) it is a short 400 page naming the field.
/// </summary>
internal sealed class TextInputPageFilter(Microsoft.Extensions.Localization.IStringLocalizer<PageTexts> pageTexts) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var lang = PageLanguage.Of(context.HttpContext);
        foreach (var (name, value) in context.HandlerArguments)
        {
            if (value is string text && TextInput.FirstRefused(text) is { } c)
            {
                context.Result = RefusalPage(lang, name, c);
                return;
            }
        }

        var refused = context.HandlerInstance.GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(BindPropertyAttribute), inherit: true) && p.CanRead && p.CanWrite)
            .Select(p => (Property: p, Value: p.GetValue(context.HandlerInstance) as string))
            .Select(p => (p.Property, p.Value, Refused: TextInput.FirstRefused(p.Value)))
            .Where(p => p.Refused is not null)
            .ToList();
        if (refused.Count == 0)
        {
            await next();
            return;
        }

        if (context.HandlerInstance is not IFieldErrors page || context.HandlerInstance is not PageModel model)
        {
            context.Result = RefusalPage(lang, refused[0].Property.Name, refused[0].Refused!.Value);
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

    private ContentResult RefusalPage(string lang, string field, char c)
    {
        var title = pageTexts.Text("text-refused.title");
        var message = pageTexts.Text("text-refused", field, ((int)c).ToString("X4", CultureInfo.InvariantCulture));
        return new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = $"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)} — CartifFlow</title><link rel=\"stylesheet\" href=\"/cartifflow.css\"></head>"
                + $"<body><main id=\"main\"><h1>{System.Net.WebUtility.HtmlEncode(title)}</h1><p class=\"error\" role=\"alert\" id=\"{System.Net.WebUtility.HtmlEncode(field)}-error\">{System.Net.WebUtility.HtmlEncode(message)}</p>"
                + "</main></body></html>",
        };
    }
}
