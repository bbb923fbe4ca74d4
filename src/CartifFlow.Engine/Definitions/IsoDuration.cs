using System.Globalization;
using System.Text.RegularExpressions;

namespace CartifFlow.Engine.Definitions;

/// <summary>
/// ISO-8601 durations restricted to fixed lengths: weeks, days, hours, minutes and seconds
/// (<c>P5D</c>, <c>PT12H</c>, <c>P1DT6H</c>, <c>P2W</c>). Years and months are refused because their
/// length depends on the calendar, and a deadline must not.
/// </summary>
public static partial class IsoDuration
{
    [GeneratedRegex(@"^(?<neg>-)?P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+(?:\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The longest duration accepted: 100 years of 365.25 days.</summary>
    public const double MaxDays = 36_525;

    /// <summary>Parses a duration; returns an explanation when the text is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a duration is required (ISO-8601, for example P5D or PT12H)";
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success || text is "P" or "-P" || text.EndsWith('T'))
        {
            error = text.Contains('Y', StringComparison.Ordinal) || HasMonths(text)
                ? $"'{text}' uses years or months, whose length varies; state it in weeks, days or hours"
                : $"'{text}' is not an ISO-8601 duration (for example P5D, PT12H, P1DT6H)";
            return false;
        }

        double Part(string name) => match.Groups[name].Success
            ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture)
            : 0;

        // Bounded before anything is built: a TimeSpan tops out near 29,000 years, and an instant plus a duration must
        // stay inside the calendar, so nothing a workflow schedules may be longer than a century.
        var days = (Part("w") * 7) + Part("d") + (Part("h") / 24) + (Part("m") / 1_440) + (Part("s") / 86_400);
        if (days > MaxDays)
        {
            error = $"'{text}' is longer than 100 years";
            return false;
        }

        value = TimeSpan.FromDays((Part("w") * 7) + Part("d"))
            + TimeSpan.FromHours(Part("h"))
            + TimeSpan.FromMinutes(Part("m"))
            + TimeSpan.FromSeconds(Part("s"));
        if (match.Groups["neg"].Success)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Parses a duration or throws <see cref="FormatException"/>.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Formats a duration the way definitions write it.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var sign = value < TimeSpan.Zero ? "-" : string.Empty;
        value = value.Duration();
        var text = "P";
        if (value.Days > 0)
        {
            text += value.Days.ToString(CultureInfo.InvariantCulture) + "D";
        }

        var time = string.Empty;
        if (value.Hours > 0)
        {
            time += value.Hours.ToString(CultureInfo.InvariantCulture) + "H";
        }

        if (value.Minutes > 0)
        {
            time += value.Minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            time += seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }

        return sign + text + (time.Length > 0 ? "T" + time : string.Empty);
    }

    private static bool HasMonths(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        var datePart = t < 0 ? text : text[..t];
        return datePart.Contains('M', StringComparison.Ordinal);
    }
}
