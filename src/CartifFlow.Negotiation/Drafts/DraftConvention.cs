using System.Text;
using System.Text.RegularExpressions;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>
/// The text convention shared by Markdown and Word (docs/drafts.md, "Import convention"): writing content, and the
/// patterns of headings, numbers and reservations.
/// </summary>
internal static partial class DraftConvention
{
    public const string DeleteWord = "delete";
    public const string SupportedBy = "supported by";

    [GeneratedRegex(@"^Article\s+(?<number>[0-9]+[A-Za-z]*|[IVXLC]+)\s*(?:(?:[:.]|\s[\u2013\u2014-])\s*(?<title>.*))?$")]
    public static partial Regex ArticleHeading();

    [GeneratedRegex(@"^Article\b")]
    public static partial Regex ArticleStart();

    [GeneratedRegex(@"^(?:Part|Chapter|Section)\s+[0-9A-Za-z]+(?:\s*(?:[:.]|\s[\u2013\u2014-]).*)?$")]
    public static partial Regex PartHeading();

    [GeneratedRegex(@"^(?<number>[0-9]+(?:[a-z]+)?)\.\s+")]
    public static partial Regex ParagraphNumber();

    [GeneratedRegex(@"^\((?<number>[a-z]{1,4})\)\s+")]
    public static partial Regex SubParagraphNumber();

    [GeneratedRegex(@"^Reservations?\b")]
    public static partial Regex ReservationStart();

    [GeneratedRegex(@"^Reservations?\s*\((?<parties>[^()]*)\)\s*:\s*(?<text>.*)$")]
    public static partial Regex Reservation();

    [GeneratedRegex(@"\s+\{#(?<id>[A-Za-z0-9_-]*)\}\s*$")]
    public static partial Regex TrailingId();

    [GeneratedRegex(@"^[ivxlc]+$")]
    public static partial Regex Roman();

    [GeneratedRegex(@"\s+")]
    public static partial Regex Whitespace();

    public static string Collapse(string text) => Whitespace().Replace(text, " ");

    /// <summary>The value of a lowercase roman numeral, or 0.</summary>
    public static int RomanValue(string s)
    {
        if (!Roman().IsMatch(s))
            return 0;
        var total = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var v = Value(s[i]);
            total += i + 1 < s.Length && Value(s[i + 1]) > v ? -v : v;
        }
        return total;

        static int Value(char c) => c switch { 'i' => 1, 'v' => 5, 'x' => 10, 'l' => 50, 'c' => 100, _ => 0 };
    }

    /// <summary>
    /// The level of a sub-paragraph label "(x)": 2 when it continues a roman series or starts one ("(i)" after a letter
    /// other than "(h)"), 1 otherwise.
    /// </summary>
    public static int SubLevel(string letters, DraftParagraphDraft? previous)
    {
        if (previous is null || RomanValue(letters) == 0)
            return 1;
        var previousLetters = previous.Number.Trim('(', ')');
        if (previous.Level == 2)
            return RomanValue(letters) == RomanValue(previousLetters) + 1 ? 2 : 1;
        if (previous.Level == 1 && letters == "i" && previousLetters != "h")
            return 2;
        return 1;
    }

    public static void WriteContent(StringBuilder builder, IEnumerable<Segment> content, bool withIds, bool inOption, IBracketMarks? marks = null)
    {
        foreach (var segment in content)
        {
            switch (segment)
            {
                case TextSegment text:
                    WriteText(builder, text.Text, inOption);
                    break;
                case Bracket bracket:
                    WriteBracket(builder, bracket, withIds, marks);
                    break;
            }
        }
    }

    public static void WriteBracket(StringBuilder builder, Bracket bracket, bool withIds, IBracketMarks? marks = null)
    {
        marks?.Open(builder, bracket);
        for (var i = 0; i < bracket.Options.Count; i++)
        {
            if (i > 0)
                builder.Append(' ');
            var option = bracket.Options[i];
            builder.Append('[');
            if (option.Content.Count == 0)
            {
                builder.Append(DeleteWord);
            }
            else
            {
                var start = builder.Length;
                WriteContent(builder, option.Content, withIds, inOption: true, marks);
                var written = builder.ToString(start, builder.Length - start);
                if (written == DeleteWord)
                {
                    builder.Insert(start, '\\');
                }
                else if (written.EndsWith(')') && option.Content[^1] is TextSegment)
                {
                    // A parenthesis ending the wording would read back as attribution: escape its "(".
                    var open = written.LastIndexOf('(');
                    if (open >= 0)
                        builder.Insert(start + open, '\\');
                }
            }
            WriteAttribution(builder, option);
            builder.Append(']');
        }
        if (marks is not null)
        {
            marks.Close(builder, bracket);
            return;
        }
        if (bracket.Footnote is { } footnote)
        {
            builder.Append("^[");
            foreach (var c in footnote)
            {
                if (c is '[' or ']' or '\\')
                    builder.Append('\\');
                builder.Append(c);
            }
            builder.Append(']');
        }
        if (withIds && bracket.Id.Length > 0)
            builder.Append("{#").Append(bracket.Id).Append('}');
    }

    public static string Attribution(BracketOption option)
    {
        var builder = new StringBuilder();
        WriteAttribution(builder, option);
        return builder.ToString().Trim();
    }

    private static void WriteAttribution(StringBuilder builder, BracketOption option)
    {
        if (option.ProposedBy.Count == 0 && option.SupportedBy.Count == 0)
            return;
        builder.Append(" (");
        builder.AppendJoin(", ", option.ProposedBy);
        if (option.SupportedBy.Count > 0)
        {
            if (option.ProposedBy.Count > 0)
                builder.Append("; ");
            builder.Append(SupportedBy).Append(' ').AppendJoin(", ", option.SupportedBy);
        }
        builder.Append(')');
    }

    /// <summary>Writes text escaping what the reader would take for markup.</summary>
    public static void WriteText(StringBuilder builder, string text, bool inOption)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '[' or ']' or '\\' or '{')
                builder.Append('\\');
            else if (inOption && c == '/' && i > 0 && text[i - 1] == ' ' && i + 1 < text.Length && text[i + 1] == ' ')
                builder.Append('\\');
            builder.Append(c);
        }
    }

    /// <summary>The content of an option as written in the convention, without attribution.</summary>
    public static string OptionText(BracketOption option)
    {
        if (option.Content.Count == 0)
            return DeleteWord;
        var builder = new StringBuilder();
        WriteContent(builder, option.Content, withIds: false, inOption: true);
        return builder.ToString();
    }

    /// <summary>A paragraph's line: "1. content", "(a) content" or the content of an unnumbered paragraph.</summary>
    public static string ParagraphLine(DraftParagraph paragraph, bool withIds, IBracketMarks? marks = null)
    {
        var builder = new StringBuilder();
        if (paragraph.Number.Length > 0)
        {
            builder.Append(paragraph.Number.StartsWith('(') ? paragraph.Number : paragraph.Number + ".");
            builder.Append(' ');
        }
        var start = builder.Length;
        WriteContent(builder, paragraph.Content, withIds, inOption: false, marks);
        if (paragraph.Number.Length == 0 && NeedsEscape(builder.ToString()))
            builder.Insert(start, '\\');
        return builder.ToString();
    }

    /// <summary>True when unnumbered content would be read as a number, a heading or a reservation.</summary>
    private static bool NeedsEscape(string content) =>
        content.StartsWith('#') || ParagraphNumber().IsMatch(content) || SubParagraphNumber().IsMatch(content)
        || ArticleHeading().IsMatch(content) || PartHeading().IsMatch(content) || ReservationStart().IsMatch(content);

    public static string ReservationLine(IEnumerable<Reservation> reservations) => string.Join(
        "\n", reservations.Select(r => $"Reservation ({r.Party}): {r.Text}"));

    public static string ArticleHeadingText(DraftArticle article) =>
        article.Title.Length == 0 ? $"Article {article.Number}" : $"Article {article.Number}: {article.Title}";
}

/// <summary>Lets the Word writer put a bookmark and a footnote reference around a bracket instead of inline markup.</summary>
internal interface IBracketMarks
{
    /// <summary>Before the bracket's first "[".</summary>
    void Open(StringBuilder builder, Bracket bracket);

    /// <summary>After its last "]" (in place of the inline footnote and id marker).</summary>
    void Close(StringBuilder builder, Bracket bracket);
}

/// <summary>A paragraph being read (the reader's mutable form of <see cref="DraftParagraph"/>).</summary>
internal sealed class DraftParagraphDraft
{
    public string Id { get; set; } = "";
    public string Number { get; set; } = "";
    public int Level { get; set; }
    public List<Segment> Content { get; set; } = [];
    public List<Reservation> Reservations { get; } = [];
}
