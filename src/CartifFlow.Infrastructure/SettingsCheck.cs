using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartifFlow.Infrastructure;

/// <summary>
/// Checks every setting the host and the command line validate (the options registered with <c>ValidateOnStart</c>) before
/// anything else reads them, so that a wrong setting stops the host with one line per fault instead of .NET's
/// exception output from wherever the setting was first read.
/// </summary>
public static partial class SettingsCheck
{
    /// <summary>The faults found, each naming its setting; empty when every setting is valid.</summary>
    public static IReadOnlyList<string> Faults(IServiceProvider services)
    {
        var validator = services.GetService<IStartupValidator>();
        if (validator is null)
        {
            return [];
        }

        try
        {
            validator.Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return Describe(ex).ToList();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(Describe).ToList();
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The configuration binder's words: "Failed to convert configuration value at 'CartifFlow:Engine:X' to type 'System.Int32'."
            return [ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}"];
        }
    }

    /// <summary>
    /// Data annotations' failures name the options class and its member ("DataAnnotation validation failed for
    /// 'WebOptions' members: 'SignInLinkLifetime' with the error: '…'."); they are given as the setting people write
    /// instead: <c>CartifFlow:Web:SignInLinkLifetime: …</c>. Other failures already name their setting.
    /// </summary>
    private static IEnumerable<string> Describe(OptionsValidationException ex)
    {
        var section = ex.OptionsType.GetField("SectionName")?.GetRawConstantValue() as string;
        foreach (var failure in ex.Failures)
        {
            var match = DataAnnotationFailure().Match(failure);
            yield return match.Success && section is not null
                ? string.Join(", ", match.Groups["members"].Value.Split(',').Select(m => $"{section}:{m.Trim()}")) + ": " + match.Groups["error"].Value
                : failure;
        }
    }

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
