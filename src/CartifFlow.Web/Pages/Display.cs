using System.Globalization;

namespace CartifFlow.Web.Pages;

/// <summary>How instants read on the pages, as in the e-mails: <c>2026-06-15 14:00 (UTC+05:00, Asia/Almaty)</c>.</summary>
internal static class Display
{
    public static string Instant(DateTimeOffset instant, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{sign}{offset:hh\\:mm}, {zone})");
    }
}
