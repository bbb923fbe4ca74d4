using System.Globalization;
using System.Security.Claims;
using CartifFlow.Web.Authentication;
using Microsoft.AspNetCore.Localization;

namespace CartifFlow.Web.Pages;

/// <summary>
/// The language of the pages, by request localisation: the language switch's cookie (a choice made in this browser),
/// else the signed-in person's preference from the registry, else the browser's Accept-Language, else English.
/// The API is not localised (its problem details are for programs).
/// </summary>
internal static class PageLanguage
{
    /// <summary>The cookie the language switch sets (its value is the language's code).</summary>
    public const string Cookie = "cartifflow-lang";

    /// <summary>The languages of the pages, the neutral one (that of <c>PageTexts.resx</c>) first.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "ru"];

    public static IServiceCollection AddPageLanguage(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(c => Result(c.Request.Cookies[Cookie])),
                new CustomRequestCultureProvider(c => Result(c.User.FindFirstValue(PageAuthentication.LanguageClaim))),
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return services;
    }

    /// <summary>The request's language (after <c>UseRequestLocalization</c>): one of <see cref="Supported"/>.</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;
        var language = culture.TwoLetterISOLanguageName;
        return Supported.Contains(language) ? language : Supported[0];
    }

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);

    private static Task<ProviderCultureResult?> Result(string? language) =>
        Task.FromResult(IsSupported(language) ? new ProviderCultureResult(language!) : null);
}
