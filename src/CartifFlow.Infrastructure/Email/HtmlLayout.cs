using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CartifFlow.Infrastructure.Email;

/// <summary>
/// The HTML alternative of a message that has no HTML template of its own: one shared layout around the message's
/// own plain text, in the reader's language, so every message reads the same in Outlook as in a text reader and no
/// translation is kept twice. The subject is the heading; paragraphs stay paragraphs; a paragraph that introduces
/// times (<c>Deadline:</c> then indented <c>2026-06-10 17:00 (UTC+05:00, Asia/Almaty), your time</c> lines) becomes a
/// table with a row per time zone; the reader's one-click links (<c>recipient.links</c>) become buttons; other web
/// addresses become links. Everything is HTML-escaped; the result loads nothing from elsewhere (no images, no
/// scripts, no style sheets).
/// </summary>
internal static partial class HtmlLayout
{
    /// <summary>The HTML document for a message whose subject and plain text are given.</summary>
    public static string Render(string subject, string text, string language, JsonObject model)
    {
        var links = LinksOf(model);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width\">\n<title>").Append(Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"font-family: Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a; max-width: 42em;\">\n")
            .Append("<h1 style=\"font-size: 20px;\">").Append(Encode(subject)).Append("</h1>\n");
        foreach (var paragraph in Paragraphs(text))
        {
            AppendParagraph(html, paragraph, links);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendParagraph(StringBuilder html, List<string> lines, Dictionary<string, string> links)
    {
        // Buttons: lines "Label: <one of the reader's links>".
        var buttons = lines.Select(l => ButtonLine().Match(l)).ToList();
        if (buttons.Any(m => m.Success && links.ContainsKey(m.Groups["url"].Value)))
        {
            var intro = lines.Where((_, i) => !(buttons[i].Success && links.ContainsKey(buttons[i].Groups["url"].Value))).ToList();
            if (intro.Count > 0)
            {
                html.Append("<p>").Append(string.Join("<br>\n", intro.Select(l => Inline(l.Trim())))).Append("</p>\n");
            }

            html.Append("<p>");
            foreach (var match in buttons.Where(m => m.Success && links.ContainsKey(m.Groups["url"].Value)))
            {
                html.Append("<a href=\"").Append(Encode(match.Groups["url"].Value)).Append("\" style=\"display: inline-block; margin: 4px 8px 4px 0; padding: 10px 18px; background: #0b5394; color: #ffffff; text-decoration: none; border-radius: 4px; font-weight: bold;\">")
                    .Append(Encode(match.Groups["label"].Value.Trim())).Append("</a>\n");
            }

            html.Append("</p>\n");
            return;
        }

        // Times: "Deadline:" followed by indented "<time> (UTC+hh:mm, Zone), whose time" lines.
        if (lines.Count >= 2 && lines[0].TrimEnd().EndsWith(':') && !char.IsWhiteSpace(lines[0][0])
            && lines.Skip(1).All(l => TimeLine().IsMatch(l)))
        {
            html.Append("<table style=\"border-collapse: collapse; margin: 8px 0;\">\n<caption style=\"text-align: left; font-weight: bold; padding-bottom: 4px;\">")
                .Append(Encode(lines[0].Trim().TrimEnd(':'))).Append("</caption>\n");
            foreach (var line in lines.Skip(1))
            {
                var match = TimeLine().Match(line);
                html.Append("<tr><th scope=\"row\" style=\"text-align: left; font-weight: normal; padding: 4px 16px 4px 0; border-bottom: 1px solid #dddddd;\">")
                    .Append(Encode(match.Groups["whose"].Value.Trim())).Append("</th><td style=\"padding: 4px 0; border-bottom: 1px solid #dddddd;\"><strong>")
                    .Append(Encode(match.Groups["time"].Value.Trim())).Append("</strong></td></tr>\n");
            }

            html.Append("</table>\n");
            return;
        }

        // A list: lines after the first that start with "- ".
        if (lines.Count >= 2 && lines.Skip(1).All(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
        {
            html.Append("<p>").Append(Inline(lines[0].Trim())).Append("</p>\n<ul>\n");
            foreach (var line in lines.Skip(1))
            {
                html.Append("<li>").Append(Inline(line.TrimStart()[2..].Trim())).Append("</li>\n");
            }

            html.Append("</ul>\n");
            return;
        }

        html.Append("<p>").Append(string.Join("<br>\n", lines.Select(l => Indented(l)))).Append("</p>\n");
    }

    private static string Indented(string line)
    {
        var trimmed = line.TrimStart();
        var indent = line.Length - trimmed.Length;
        return (indent >= 2 ? "&nbsp;&nbsp;&nbsp;&nbsp;" : string.Empty) + Inline(trimmed.TrimEnd());
    }

    /// <summary>Escapes a line and turns its web addresses into links.</summary>
    private static string Inline(string line)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Url().Matches(line))
        {
            result.Append(Encode(line[last..match.Index]));
            var url = match.Value;
            result.Append("<a href=\"").Append(Encode(url)).Append("\">").Append(Encode(url)).Append("</a>");
            last = match.Index + match.Length;
        }

        return result.Append(Encode(line[last..])).ToString();
    }

    /// <summary>The text's paragraphs (separated by blank lines), each a list of its lines.</summary>
    private static List<List<string>> Paragraphs(string text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(current);
                    current = [];
                }

                continue;
            }

            current.Add(line.TrimEnd());
        }

        if (current.Count > 0)
        {
            paragraphs.Add(current);
        }

        return paragraphs;
    }

    private static Dictionary<string, string> LinksOf(JsonObject model)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (model["recipient"] is JsonObject recipient && recipient["links"] is JsonObject own)
        {
            foreach (var (name, value) in own)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var url) && url.StartsWith("http", StringComparison.Ordinal))
                {
                    links[url] = name;
                }
            }
        }

        return links;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"^\s*(?<label>[^:]{1,80}):\s+(?<url>https?://\S+)\s*$")]
    private static partial Regex ButtonLine();

    [GeneratedRegex(@"^\s+(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2} \([^)]*\)),\s*(?<whose>.+)$")]
    private static partial Regex TimeLine();

    [GeneratedRegex(@"https?://[^\s<>""]+[^\s<>"".,;:!?)]")]
    private static partial Regex Url();
}
