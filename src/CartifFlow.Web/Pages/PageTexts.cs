using System.Globalization;
using CartifFlow.Engine.Runtime;
using CartifFlow.Web.Workflows;
using Microsoft.Extensions.Localization;

namespace CartifFlow.Web.Pages;

/// <summary>
/// The pages' texts: <c>PageTexts.resx</c> beside this file (English, the neutral language) and <c>PageTexts.ru.resx</c>
/// (Russian), read through <see cref="IStringLocalizer{PageTexts}"/> in the request's language (<see cref="PageLanguage"/>).
/// A language more is one file more (<c>PageTexts.{language}.resx</c>) and its name in <see cref="PageLanguage.Supported"/>.
/// </summary>
internal sealed class PageTexts
{
    private PageTexts()
    {
    }
}

/// <summary>Reading the pages' texts: a missing key is a fault of the pages (never shown as the bare key).</summary>
internal static class PageTextsExtensions
{
    public static string Text(this IStringLocalizer texts, string key)
    {
        var text = texts[key];
        return text.ResourceNotFound ? throw new KeyNotFoundException($"No page text '{key}'.") : text.Value;
    }

    public static string Text(this IStringLocalizer texts, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, texts.Text(key), args);

    /// <summary>True when the pages have the text <paramref name="key"/>.</summary>
    public static bool Has(this IStringLocalizer texts, string key) => !texts[key].ResourceNotFound;

    /// <summary>
    /// A workflow state's name in the reader's language: the text <c>state.{workflow}.{state}</c> (e.g.
    /// <c>state.text-round.Commenting</c>), written for every state of every loaded definition version
    /// (<c>StateNamesTests</c>). The state itself only for one no loaded version has any longer (a finished instance
    /// of a version removed from <c>workflows/</c>).
    /// </summary>
    public static string StateName(this IStringLocalizer texts, string workflow, string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var key = "state." + workflow + "." + state;
        return texts.Has(key) ? texts.Text(key) : state;
    }

    /// <summary>An engine refusal in the reader's language: by its code when the pages know it, else the engine's English text.</summary>
    public static string Refusal(this IStringLocalizer texts, StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return texts.Coded(result.Code, StatesNamed(texts, result), result.Message ?? result.Outcome.ToString());
    }

    /// <summary>The refusal's arguments, the instance's state (the second argument of the engine's "not possible" refusals) by its name.</summary>
    private static IReadOnlyList<string> StatesNamed(IStringLocalizer texts, StepResult result) =>
        result is { Code: "not-possible-in-state" or "not-possible-now", Instance: { } instance, Arguments: [var trigger, var state] }
            ? [trigger, texts.StateName(instance.DefinitionId, state)]
            : result.Arguments;

    /// <summary>A field's fault from a check the pages share with the API, in the reader's language (as <see cref="Refusal"/>).</summary>
    public static string Field(this IStringLocalizer texts, FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return texts.Coded(error.Code, error.Arguments, error.Message);
    }

    private static string Coded(this IStringLocalizer texts, string? code, IReadOnlyList<string> arguments, string english) =>
        code is not null && texts.Has("step." + code) ? texts.Text("step." + code, [.. arguments]) : english;
}
