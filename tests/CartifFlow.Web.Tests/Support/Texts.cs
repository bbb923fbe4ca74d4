using System.Globalization;
using CartifFlow.Web.Pages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Tests.Support;

/// <summary>The pages' texts (PageTexts.resx and its Russian), read as the host reads them, in a language the test names.</summary>
internal static class Texts
{
    private static readonly IStringLocalizer Localizer =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(PageTexts));

    /// <summary>Every key of the neutral (English) file.</summary>
    public static IReadOnlyList<string> Keys => In(Neutral, l => l.GetAllStrings(includeParentCultures: false).Select(s => s.Name).ToList());

    /// <summary>The keys the file of <paramref name="language"/> itself has (a Russian text missing falls back to English, which this tells apart).</summary>
    public static IReadOnlyDictionary<string, string> Own(string language) =>
        In(language == "en" ? Neutral : language, l => l.GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal));

    public static string Get(string language, string key) => In(language, l => l.Text(key));

    public static string Format(string language, string key, params object?[] args) => In(language, l => l.Text(key, args));

    public static string Refusal(string language, CartifFlow.Engine.Runtime.StepResult result) => In(language, l => l.Refusal(result));

    public static string Field(string language, CartifFlow.Web.Workflows.FieldError error) => In(language, l => l.Field(error));

    /// <summary>The neutral file's (English) culture, for listing its keys: English has no file of its own.</summary>
    private const string Neutral = "";

    private static T In<T>(string language, Func<IStringLocalizer, T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return read(Localizer);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
