using System.Text;

namespace CartifFlow.Negotiation;

/// <summary>
/// What people typed, made safe to put into an exported Markdown document (a procedure's record, a progress report):
/// HTML's special characters become entities, so that no tag survives in any renderer, and Markdown's become literal
/// (backslash-escaped), so that a title cannot turn into a link, an image, a heading or a table column.
/// The HTML exports encode with <see cref="System.Net.WebUtility.HtmlEncode(string)"/>.
/// </summary>
public static class ExportText
{
    /// <summary>Markdown punctuation that can start formatting, a link, an image, code, a heading or a table cell.</summary>
    private const string MarkdownSpecials = "\\`*_[]#!|~";

    /// <summary>Text within a line or a paragraph; newlines are kept.</summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                _ when MarkdownSpecials.Contains(c, StringComparison.Ordinal) => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Text in a table cell: escaped, on one line.</summary>
    public static string Cell(string? text) => Markdown(text).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>A block quoted line by line (<c>&gt; </c>), escaped.</summary>
    public static string Quote(string text) =>
        string.Join('\n', (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => "> " + Markdown(l)));
}
