using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Outbox;
using DotLiquid;
using DotLiquid.Exceptions;

namespace CartifFlow.Infrastructure.Email;

/// <summary>
/// Renders messages from Liquid templates in <c>&lt;workflows&gt;/templates</c>:
/// <c>&lt;name&gt;.&lt;lang&gt;.subject.liquid</c> (one line), <c>&lt;name&gt;.&lt;lang&gt;.text.liquid</c> (required) and
/// <c>&lt;name&gt;.&lt;lang&gt;.html.liquid</c> (optional: without it the HTML alternative is the shared layout around the
/// text, <see cref="HtmlLayout"/>), in the reader's language or else in English.
/// The outbox model is the templates' data; in HTML templates its strings are HTML-escaped already.
/// A model with <c>with.calendar</c> gets a <c>deadline.ics</c> attachment (<see cref="DeadlineCalendar"/>).
/// </summary>
/// <remarks>
/// Each file is parsed once and kept for the life of the process (absent files are remembered too): templates are
/// edited without recompiling, and a restart picks the changes up.
/// The engine is DotLiquid, not Fluid: Fluid.Core 2.41.1 needs Parlot 1.x, which the package mirror does not have.
/// </remarks>
internal sealed partial class LiquidMessageRenderer(string folder, TimeProvider time, MimeKit.MailboxAddress? organizer = null) : IMessageRenderer
{
    /// <summary>The language used when the reader's has no templates.</summary>
    public const string FallbackLanguage = "en";

    private const SyntaxCompatibility Syntax = SyntaxCompatibility.DotLiquid22a;

    private readonly ConcurrentDictionary<(string Name, string Language), Lazy<TemplateSet?>> _sets = new();

    /// <summary>The template folder.</summary>
    public string Folder { get; } = folder;

    public RenderedMessage Render(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!NamePattern().IsMatch(message.Template))
        {
            throw new MessageRenderingException($"'{message.Template}' is not a template name (letters, digits, '-' and '_').");
        }

        var set = Languages(message.Language).Select(language => Find(message.Template, language)).FirstOrDefault(s => s is not null)
            ?? throw new MessageRenderingException(
                $"No template '{message.Template}' for language '{message.Language}' nor '{FallbackLanguage}': " +
                $"expected {PathOf(message.Template, FallbackLanguage, "text")} in {Folder}.");

        var plain = ToHash(message.Model, html: false);
        var subject = Whitespace().Replace(RenderFile(set.Subject, plain, set.Language), " ").Trim();
        if (subject.Length == 0)
        {
            throw new MessageRenderingException($"The subject of '{message.Template}' ({set.Subject.Path}) rendered empty.");
        }

        var text = RenderFile(set.Text, plain, set.Language);
        // A template's own HTML wins; otherwise the shared layout around the text (HtmlLayout), so every message has both.
        var html = set.Html is null ? HtmlLayout.Render(subject, text, set.Language, message.Model) : RenderFile(set.Html, ToHash(message.Model, html: true), set.Language);
        var calendar = DeadlineCalendar.FromModel(message.Model, time.GetUtcNow(), organizer);
        return new RenderedMessage(subject, text, html, set.Language, calendar is null ? null : [calendar]);
    }

    /// <summary>The reader's language as given, its primary subtag (<c>ru</c> for <c>ru-RU</c>), then English; lower case.</summary>
    internal static IEnumerable<string> Languages(string? language)
    {
        var given = (language ?? string.Empty).Trim().ToLowerInvariant().Replace('_', '-');
        var candidates = new List<string>();
        if (NamePattern().IsMatch(given))
        {
            candidates.Add(given);
            var dash = given.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                candidates.Add(given[..dash]);
            }
        }

        candidates.Add(FallbackLanguage);
        return candidates.Distinct(StringComparer.Ordinal);
    }

    private TemplateSet? Find(string name, string language)
    {
        var key = (name, language);
        var set = _sets.GetOrAdd(key, k => new Lazy<TemplateSet?>(() => Load(k.Name, k.Language)));
        try
        {
            return set.Value;
        }
        catch (Exception ex) when (ex is not MessageRenderingException)
        {
            // A file that could not be read just now (I/O) is read again next time rather than failing for good.
            _sets.TryRemove(new KeyValuePair<(string Name, string Language), Lazy<TemplateSet?>>(key, set));
            throw;
        }
    }

    private TemplateSet? Load(string name, string language)
    {
        var textPath = Path.Combine(Folder, PathOf(name, language, "text"));
        if (!File.Exists(textPath))
        {
            return null;
        }

        var subjectPath = Path.Combine(Folder, PathOf(name, language, "subject"));
        if (!File.Exists(subjectPath))
        {
            // A body without a subject is a half-made translation: say so rather than quietly send another language.
            throw new MessageRenderingException($"Template '{name}' in '{language}' has a body ({textPath}) but no subject ({subjectPath}).");
        }

        var htmlPath = Path.Combine(Folder, PathOf(name, language, "html"));
        return new TemplateSet(language, Parse(subjectPath), Parse(textPath), File.Exists(htmlPath) ? Parse(htmlPath) : null);
    }

    private static string PathOf(string name, string language, string part) => $"{name}.{language}.{part}.liquid";

    private static TemplateFile Parse(string path)
    {
        var source = File.ReadAllText(path, Encoding.UTF8);
        try
        {
            return new TemplateFile(path, Template.Parse(source, Syntax));
        }
        catch (LiquidException ex)
        {
            throw new MessageRenderingException($"Template {path} is not valid Liquid: {ex.Message}");
        }
    }

    private static string RenderFile(TemplateFile file, Hash model, string language)
    {
        // A context of our own per rendering: the parsed template is shared between threads, and DotLiquid's
        // default context would keep assigns and registers on the template itself. The first environment takes
        // what tags such as increment write, so the model is never changed.
        var context = new Context(
            [new Hash(), model], new Hash(), new Hash { [LiquidMailFilters.LanguageRegister] = language },
            ErrorsOutputMode.Rethrow, maxIterations: 0, CultureInfo.InvariantCulture, CancellationToken.None)
        {
            SyntaxCompatibilityLevel = Syntax,
        };
        context.AddFilters(typeof(LiquidMailFilters));
        try
        {
            return file.Template.Render(RenderParameters.FromContext(context, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is LiquidException or InvalidOperationException or System.ArgumentException or FormatException or InvalidCastException)
        {
            throw new MessageRenderingException($"Template {file.Path} failed to render: {ex.Message}");
        }
    }

    /// <summary>The model as DotLiquid values: objects as <see cref="Hash"/>, arrays as lists, JSON scalars as strings, numbers and booleans.</summary>
    internal static Hash ToHash(JsonObject node, bool html)
    {
        var hash = new Hash();
        foreach (var (key, value) in node)
        {
            hash[key] = ToValue(value, html);
        }

        return hash;
    }

    private static object? ToValue(JsonNode? node, bool html) => node switch
    {
        null => null,
        JsonObject o => ToHash(o, html),
        JsonArray a => a.Select(n => ToValue(n, html)).ToList(),
        JsonValue v => ToScalar(v, html),
        _ => null,
    };

    private static object? ToScalar(JsonValue value, bool html)
    {
        // Through the JSON text, so values built in code (an int, a Guid) convert like values parsed from the database.
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(value.ToJsonString()) ?? string.Empty;
                return html ? WebUtility.HtmlEncode(text) : text;
            case JsonValueKind.Number:
                var json = value.ToJsonString();
                if (long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return integer;
                }

                return decimal.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record TemplateFile(string Path, Template Template);

    private sealed record TemplateSet(string Language, TemplateFile Subject, TemplateFile Text, TemplateFile? Html);
}

/// <summary>
/// Filters of message templates (DotLiquid names them in snake case: <c>in_zone</c>, <c>date_only</c>).
/// Every public static method of this class is a filter.
/// </summary>
internal static class LiquidMailFilters
{
    internal const string LanguageRegister = "language";

    /// <summary>
    /// <c>{{ variables.deadline | in_zone: recipient.timeZone }}</c>: an ISO instant in an IANA time zone, e.g.
    /// <c>2026-06-10 17:00 (UTC+08:00, Asia/Manila)</c>. Without a zone, or with one this machine does not know,
    /// the time is given in UTC and the text says why. Input that is not an instant comes back unchanged.
    /// </summary>
    public static string? InZone(Context context, object? input, string? zone = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryInstant(input, out var instant))
        {
            return input?.ToString();
        }

        if (TryFindZone(zone, out var timeZone))
        {
            var local = TimeZoneInfo.ConvertTime(instant, timeZone);
            return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} (UTC{Offset(local.Offset)}, {timeZone.Id})");
        }

        var russian = context.Registers[LanguageRegister] is string language && language.StartsWith("ru", StringComparison.Ordinal);
        var why = (string.IsNullOrWhiteSpace(zone), russian) switch
        {
            (true, false) => "no time zone given",
            (true, true) => "часовой пояс не указан",
            (false, false) => $"time zone \"{zone}\" unknown",
            (false, true) => $"часовой пояс «{zone}» неизвестен",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{instant.UtcDateTime:yyyy-MM-dd HH:mm} (UTC; {why})");
    }

    /// <summary>
    /// <c>{{ variables.deadline | date_only: recipient.timeZone, with.seatTimeZone }}</c>: the calendar date
    /// (<c>2026-06-10</c>) of an ISO instant in a zone, else in the fallback zone, else in UTC.
    /// </summary>
    public static string? DateOnly(object? input, string? zone = null, string? fallback = null)
    {
        if (!TryInstant(input, out var instant))
        {
            return input?.ToString();
        }

        var local = TryFindZone(zone, out var timeZone) || TryFindZone(fallback, out timeZone) ? TimeZoneInfo.ConvertTime(instant, timeZone!) : instant.ToUniversalTime();
        return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static bool TryInstant(object? input, out DateTimeOffset instant)
    {
        switch (input)
        {
            case DateTimeOffset value:
                instant = value;
                return true;
            case DateTime value:
                instant = value.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(value, TimeSpan.Zero) : new DateTimeOffset(value);
                return true;
            case string text:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
            default:
                instant = default;
                return false;
        }
    }

    private static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.ArgumentException or System.Security.SecurityException)
        {
            return false;
        }
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
