using System.Text;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>One paragraph of a source file as the reader sees it: a Markdown block or a Word paragraph.</summary>
internal sealed class DraftSourceUnit
{
    /// <summary>The text, whitespace collapsed and trimmed, footnotes inlined as "^[…]".</summary>
    public required string Text { get; init; }

    /// <summary>"line 12" or "Word paragraph 41".</summary>
    public required string Where { get; init; }

    /// <summary>0 for body text, 1 for a Markdown "#" / Word Heading 1, 2+ for lower headings.</summary>
    public int HeadingLevel { get; init; }

    /// <summary>Word: a Heading 1 paragraph is a part whatever its wording.</summary>
    public bool AnyTextIsPart { get; init; }

    /// <summary>Word: a paragraph in the Title or Subtitle style (the document's title, skipped before the first article).</summary>
    public bool IsDocumentTitle { get; init; }

    /// <summary>The provision's stable id from a marker or bookmark, if any.</summary>
    public string? Id { get; init; }

    /// <summary>Word: offset of a bracket's "[" → its id (from a bookmark).</summary>
    public IReadOnlyDictionary<int, string>? BracketIds { get; init; }

    /// <summary>Word: offset of an option's "[" → the text of a comment anchored there.</summary>
    public IReadOnlyDictionary<int, string>? Comments { get; init; }

    /// <summary>Word numbering: the number it shows ("1", "(a)") and its level, when the text has no literal number.</summary>
    public (string Number, int Level)? Numbering { get; init; }
}

/// <summary>Reads source units in the convention into a text, collecting every fault.</summary>
internal sealed class DraftReader
{
    private const char EscapedOpenParenthesis = '\uE001';
    private const char EscapedSlash = '\uE002';
    private const char EscapedLetter = '\uE003';

    private readonly IReadOnlySet<string> _parties;
    private readonly DraftText? _previous;
    private readonly List<DraftImportFault> _faults = [];
    private readonly Dictionary<string, string> _idsSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _previousIds;

    public DraftReader(IReadOnlySet<string> parties, DraftText? previous)
    {
        _parties = parties;
        _previous = previous;
        if (previous is not null)
        {
            _previousIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var article in previous.Articles)
            {
                _previousIds.Add(article.Id);
                foreach (var paragraph in article.Paragraphs)
                {
                    _previousIds.Add(paragraph.Id);
                    foreach (var bracket in DraftProvisions.Brackets(paragraph.Content))
                        _previousIds.Add(bracket.Id);
                }
            }
        }
    }

    private sealed class ArticleDraft
    {
        public string Id { get; set; } = "";
        public required string Number { get; init; }
        public required string Title { get; init; }
        public string? Part { get; init; }
        public List<DraftParagraphDraft> Paragraphs { get; } = [];
        public List<Reservation> Reservations { get; } = [];
        public HashSet<string> Numbers { get; } = new(StringComparer.Ordinal);
        public List<string> Path { get; } = [];
    }

    public DraftImportResult Read(IEnumerable<DraftSourceUnit> units)
    {
        var articles = new List<ArticleDraft>();
        var articleNumbers = new HashSet<string>(StringComparer.Ordinal);
        string? part = null;
        ArticleDraft? article = null;
        DraftParagraphDraft? paragraph = null;
        var skipping = false;

        foreach (var unit in units)
        {
            var text = unit.Text;
            if (text.Length == 0 || unit.IsDocumentTitle && article is null && part is null && articles.Count == 0)
                continue;

            var heading = DraftConvention.ArticleHeading().Match(text);
            if (heading.Success && (unit.HeadingLevel > 0 || IsPlainHeading(text, heading)))
            {
                var number = heading.Groups["number"].Value;
                var title = heading.Groups["title"].Success ? heading.Groups["title"].Value.Trim() : "";
                article = new ArticleDraft { Number = number, Title = title, Part = part };
                paragraph = null;
                var where = $"Article {number} ({unit.Where})";
                if (!articleNumbers.Add(number))
                    Fault(DraftImportFaultKind.DuplicateArticleNumber, where, $"another article is already numbered {number}");
                article.Id = CheckId(unit.Id, 'a', where);
                articles.Add(article);
                skipping = false;
                continue;
            }

            if (unit.HeadingLevel == 1 && (unit.AnyTextIsPart || DraftConvention.PartHeading().IsMatch(text))
                || unit.HeadingLevel == 0 && DraftConvention.PartHeading().IsMatch(text) && IsPlainPart(text))
            {
                part = text;
                article = null;
                paragraph = null;
                skipping = false;
                continue;
            }

            if (unit.HeadingLevel > 0)
            {
                Fault(
                    DraftImportFaultKind.MalformedHeading,
                    Where(article, null, unit),
                    $"a heading must read \"Article N: Title\" or \"Part I: Title\": \"{Excerpt(text, 0)}\"");
                // What follows belongs to the unreadable heading, not to the article before it.
                skipping = true;
                continue;
            }

            if (skipping)
            {
                continue;
            }

            if (DraftConvention.ReservationStart().IsMatch(text))
            {
                if (article is null)
                {
                    Fault(DraftImportFaultKind.TextBeforeFirstArticle, unit.Where, $"text before the first article: \"{Excerpt(text, 0)}\"");
                    continue;
                }
                var reservations = ReadReservation(text, Where(article, paragraph, unit));
                (paragraph?.Reservations ?? article.Reservations).AddRange(reservations);
                continue;
            }

            if (article is null)
            {
                Fault(DraftImportFaultKind.TextBeforeFirstArticle, unit.Where, $"text before the first article: \"{Excerpt(text, 0)}\"");
                continue;
            }

            var previousParagraph = article.Paragraphs.Count > 0 ? article.Paragraphs[^1] : null;
            var current = new DraftParagraphDraft();
            var contentStart = 0;
            var numbered = DraftConvention.ParagraphNumber().Match(text);
            var lettered = DraftConvention.SubParagraphNumber().Match(text);
            if (numbered.Success)
            {
                current.Number = numbered.Groups["number"].Value;
                current.Level = 0;
                contentStart = numbered.Length;
            }
            else if (lettered.Success)
            {
                var letters = lettered.Groups["number"].Value;
                current.Number = $"({letters})";
                current.Level = DraftConvention.SubLevel(letters, previousParagraph);
                contentStart = lettered.Length;
            }
            else if (unit.Numbering is { } numbering)
            {
                current.Number = numbering.Number;
                current.Level = numbering.Level;
            }

            var path = article.Path;
            while (path.Count > current.Level)
                path.RemoveAt(path.Count - 1);
            while (path.Count < current.Level)
                path.Add("");
            path.Add(current.Number);
            var key = string.Join("/", path);
            var label = current.Number.Length == 0
                ? $"Article {article.Number}, paragraph {article.Paragraphs.Count + 1} (unnumbered)"
                : $"Article {article.Number}, paragraph {string.Concat(path)}";
            var located = $"{label} ({unit.Where})";
            if (current.Number.Length > 0 && !article.Numbers.Add(key))
                Fault(DraftImportFaultKind.DuplicateParagraphNumber, located, $"another paragraph of Article {article.Number} is already numbered {string.Concat(path)}");
            current.Id = CheckId(unit.Id, 'p', located);
            current.Content = new ContentParser(this, text, contentStart, unit, located).ParseParagraph();
            article.Paragraphs.Add(current);
            paragraph = current;
        }

        if (articles.Count == 0 && _faults.Count == 0)
            Fault(DraftImportFaultKind.NoArticles, "the document", "no article found: headings read \"Article 1: Title\"");
        if (_faults.Count > 0)
            return DraftImportResult.Failure(_faults);

        var draft = new DraftText([.. articles.Select(a => new DraftArticle(
            a.Id,
            a.Number,
            a.Title,
            a.Part,
            [.. a.Paragraphs.Select(p => new DraftParagraph(p.Id, p.Number, p.Level, p.Content, [.. p.Reservations]))],
            [.. a.Reservations]))]);
        return DraftImportResult.Success(DraftIdentity.Assign(draft, _previous));
    }

    /// <summary>A body paragraph is a heading only when it reads "Article 5" or "Article 5: Title" (not "Article 5. The…").</summary>
    private static bool IsPlainHeading(string text, System.Text.RegularExpressions.Match heading)
    {
        if (!heading.Groups["title"].Success)
            return true;
        var afterNumber = text[(heading.Groups["number"].Index + heading.Groups["number"].Length)..].TrimStart();
        return afterNumber.StartsWith(':');
    }

    private static bool IsPlainPart(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var rest = text[(space + 1)..];
        var end = rest.IndexOfAny([' ', ':']);
        return end < 0 || rest[end..].TrimStart().StartsWith(':');
    }

    private static string Where(ArticleDraft? article, DraftParagraphDraft? paragraph, DraftSourceUnit unit)
    {
        if (article is null)
            return unit.Where;
        if (paragraph is null)
            return $"Article {article.Number} ({unit.Where})";
        return paragraph.Number.Length == 0
            ? $"Article {article.Number}, paragraph {article.Paragraphs.Count} (unnumbered) ({unit.Where})"
            : $"Article {article.Number}, paragraph {string.Concat(article.Path)} ({unit.Where})";
    }

    private List<Reservation> ReadReservation(string text, string where)
    {
        var match = DraftConvention.Reservation().Match(text);
        var result = new List<Reservation>();
        if (!match.Success || match.Groups["text"].Value.Trim().Length == 0)
        {
            Fault(DraftImportFaultKind.MalformedReservation, where, $"a reservation reads \"Reservation (PAK): text\": \"{Excerpt(text, 0)}\"");
            return result;
        }
        var codes = ReadCodes(match.Groups["parties"].Value, where, out var wellFormed, inOption: false);
        if (!wellFormed || codes.Count == 0)
        {
            Fault(DraftImportFaultKind.MalformedReservation, where, $"a reservation names its parties as \"Reservation (PAK, TKM): text\": \"{Excerpt(text, 0)}\"");
            return result;
        }
        var reservationText = match.Groups["text"].Value.Trim();
        result.AddRange(codes.Select(code => new Reservation(code, reservationText)));
        return result;
    }

    /// <summary>Reads "KAZ, MON": faults for unknown codes; <paramref name="wellFormed"/> false when a token is not a code.</summary>
    private List<string> ReadCodes(string list, string where, out bool wellFormed, bool inOption = true)
    {
        var codes = new List<string>();
        wellFormed = true;
        foreach (var raw in list.Split(','))
        {
            var code = raw.Trim();
            if (!IsCodeToken(code))
            {
                wellFormed = false;
                continue;
            }
            if (!_parties.Contains(code))
                Fault(DraftImportFaultKind.UnknownPartyCode, where, inOption ? $"unknown party code {code} (write \\( for a parenthesis that is wording)" : $"unknown party code {code}");
            codes.Add(code);
        }
        return codes;
    }

    private static bool IsCodeToken(string token) =>
        token.Length is >= 2 and <= 6 && char.IsAsciiLetterUpper(token[0]) && token.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    private string CheckId(string? id, char kind, string where)
    {
        if (string.IsNullOrEmpty(id))
            return "";
        if (!DraftIdentity.IsWellFormed(id, kind))
        {
            Fault(DraftImportFaultKind.UnknownStableId, where, $"stable id {id} is not the id of {KindName(kind)}");
            return "";
        }
        if (_idsSeen.TryGetValue(id, out var first))
        {
            Fault(DraftImportFaultKind.DuplicateStableId, where, $"stable id {id} is already used at {first}");
            return "";
        }
        _idsSeen[id] = where;
        if (_previousIds is not null && !_previousIds.Contains(id))
        {
            Fault(DraftImportFaultKind.UnknownStableId, where, $"stable id {id} is not in the previous revision (remove the marker to make it a new provision)");
            return "";
        }
        return id;
    }

    private static string KindName(char kind) => kind switch { 'a' => "an article", 'p' => "a paragraph", _ => "a bracket" };

    private void Fault(DraftImportFaultKind kind, string location, string message) => _faults.Add(new DraftImportFault(kind, location, message));

    private static string Excerpt(string text, int at)
    {
        var length = Math.Min(40, text.Length - at);
        var excerpt = text.Substring(at, length);
        return at + length < text.Length ? excerpt + "…" : excerpt;
    }

    /// <summary>Reads one paragraph's content: text, bracket groups, options, attribution, footnotes, bracket ids.</summary>
    private sealed class ContentParser(DraftReader reader, string s, int start, DraftSourceUnit unit, string where)
    {
        private int _i = start;

        public List<Segment> ParseParagraph()
        {
            var segments = ParseSegments(inOption: false);
            return Finish(Trim(segments));
        }

        private List<Segment> ParseSegments(bool inOption)
        {
            var segments = new List<Segment>();
            var text = new StringBuilder();
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '\\' && _i + 1 < s.Length)
                {
                    var next = s[_i + 1];
                    text.Append(next switch { '(' => EscapedOpenParenthesis, '/' => EscapedSlash, 'd' => EscapedLetter, _ => next });
                    _i += 2;
                    continue;
                }
                if (c == '[')
                {
                    Flush(segments, text);
                    var bracket = ParseGroup();
                    if (bracket is not null)
                        segments.Add(bracket);
                    continue;
                }
                if (c == ']')
                {
                    if (inOption)
                        break;
                    reader.Fault(DraftImportFaultKind.ClosingBracketWithoutOpening, where, $"closing bracket without an opening one: \"{Excerpt(s, Math.Max(0, _i - 20))}\"");
                    _i++;
                    continue;
                }
                if (c == '^' && _i + 1 < s.Length && s[_i + 1] == '[')
                {
                    var footnote = ReadFootnote();
                    reader.Fault(DraftImportFaultKind.MisplacedFootnote, where, $"a footnote ^[…] must follow a bracket: \"^[{footnote}]\"");
                    continue;
                }
                if (c == '{' && _i + 1 < s.Length && s[_i + 1] == '#')
                {
                    var close = s.IndexOf('}', _i);
                    var marker = close < 0 ? s[_i..] : s[_i..(close + 1)];
                    reader.Fault(DraftImportFaultKind.UnknownStableId, where, $"a stable-id marker {marker} must follow a bracket or end the paragraph");
                    _i = close < 0 ? s.Length : close + 1;
                    continue;
                }
                text.Append(c);
                _i++;
            }
            Flush(segments, text);
            return segments;
        }

        private static void Flush(List<Segment> segments, StringBuilder text)
        {
            if (text.Length == 0)
                return;
            segments.Add(new TextSegment(text.ToString()));
            text.Clear();
        }

        private Bracket? ParseGroup()
        {
            var options = new List<BracketOption>();
            string? id = null;
            if (unit.BracketIds is { } ids && ids.TryGetValue(_i, out var bookmarked))
                id = bookmarked;
            while (true)
            {
                var optionStart = _i;
                _i++;
                var content = ParseSegments(inOption: true);
                if (_i >= s.Length)
                {
                    reader.Fault(DraftImportFaultKind.BracketNeverClosed, where, $"bracket opened here is never closed: \"{Excerpt(s, optionStart)}\"");
                    return null;
                }
                _i++;
                options.AddRange(MakeOptions(content, optionStart));
                var next = _i;
                while (next < s.Length && s[next] == ' ')
                    next++;
                if (next < s.Length && s[next] == '[')
                {
                    _i = next;
                    continue;
                }
                break;
            }

            string? footnote = null;
            for (var k = 0; k < 2; k++)
            {
                if (footnote is null && _i + 1 < s.Length && s[_i] == '^' && s[_i + 1] == '[')
                {
                    footnote = ReadFootnote().Trim();
                    if (footnote.Length == 0)
                        reader.Fault(DraftImportFaultKind.MisplacedFootnote, where, "a footnote ^[…] is empty");
                }
                else if (_i + 1 < s.Length && s[_i] == '{' && s[_i + 1] == '#')
                {
                    var close = s.IndexOf('}', _i);
                    if (close < 0)
                        break;
                    var marker = s[(_i + 2)..close];
                    _i = close + 1;
                    id = marker;
                }
            }
            var checkedId = id is null ? "" : reader.CheckId(id, 'b', where);
            return new Bracket(checkedId, options, string.IsNullOrEmpty(footnote) ? null : footnote);
        }

        private string ReadFootnote()
        {
            _i += 2;
            var text = new StringBuilder();
            while (_i < s.Length && s[_i] != ']')
            {
                if (s[_i] == '\\' && _i + 1 < s.Length)
                    _i++;
                text.Append(s[_i]);
                _i++;
            }
            _i++;
            return text.ToString();
        }

        private IEnumerable<BracketOption> MakeOptions(List<Segment> content, int optionStart)
        {
            foreach (var part in SplitAlternatives(content))
            {
                var segments = Trim(part);
                var proposers = new List<string>();
                var supporters = new List<string>();
                var attributed = false;
                if (segments.Count > 0 && segments[^1] is TextSegment last && last.Text.EndsWith(')'))
                {
                    var open = last.Text.LastIndexOf('(');
                    if (open >= 0)
                    {
                        var inner = last.Text[(open + 1)..^1];
                        if (IsAttribution(inner))
                        {
                            attributed = true;
                            ReadAttribution(inner, proposers, supporters);
                            var rest = last.Text[..open].TrimEnd();
                            segments.RemoveAt(segments.Count - 1);
                            if (rest.Length > 0)
                                segments.Add(new TextSegment(rest));
                        }
                    }
                }
                if (!attributed && unit.Comments is { } comments
                    && (comments.TryGetValue(optionStart, out var comment) || comments.TryGetValue(optionStart + 1, out comment)))
                {
                    ReadAttribution(comment.Trim().TrimStart('(').TrimEnd(')'), proposers, supporters);
                }

                var duplicate = proposers.Concat(supporters).GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                    reader.Fault(DraftImportFaultKind.DuplicateParty, where, $"{duplicate.Key} is named twice on one option: \"{Excerpt(s, optionStart)}\"");

                if (segments.Count == 0)
                {
                    reader.Fault(DraftImportFaultKind.EmptyOption, where, $"empty option (write \"delete\" for a deletion): \"{Excerpt(s, optionStart)}\"");
                    continue;
                }
                if (segments is [TextSegment { Text: DraftConvention.DeleteWord }])
                    segments.Clear();
                yield return new BracketOption(Finish(segments), proposers, supporters);
            }
        }

        private bool IsAttribution(string inner)
        {
            var trimmed = inner.Trim();
            if (trimmed.StartsWith(DraftConvention.SupportedBy, StringComparison.Ordinal))
                return true;
            var tokens = trimmed.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
            foreach (var token in tokens)
            {
                if (reader._parties.Contains(token))
                    return true;
            }
            // "(KZA)": a list of codes none of which is known is a mistyped attribution, not wording.
            return tokens.Length > 0 && tokens.All(t => IsCodeToken(t) || t is "supported" or "by");
        }

        private void ReadAttribution(string inner, List<string> proposers, List<string> supporters)
        {
            var parts = inner.Split(';');
            var wellFormed = parts.Length <= 2;
            for (var k = 0; k < parts.Length && wellFormed; k++)
            {
                var part = parts[k].Trim();
                if (part.StartsWith(DraftConvention.SupportedBy, StringComparison.Ordinal))
                {
                    if (supporters.Count > 0)
                        wellFormed = false;
                    supporters.AddRange(reader.ReadCodes(part[DraftConvention.SupportedBy.Length..], where, out var ok));
                    wellFormed &= ok && supporters.Count > 0;
                }
                else if (k == 0)
                {
                    proposers.AddRange(reader.ReadCodes(part, where, out var ok));
                    wellFormed &= ok;
                }
                else
                {
                    wellFormed = false;
                }
            }
            if (!wellFormed)
            {
                reader.Fault(DraftImportFaultKind.MalformedAttribution, where, $"attribution must read \"(KAZ, MON; supported by UZB)\": \"({inner})\"");
                proposers.Clear();
                supporters.Clear();
            }
        }

        /// <summary>Splits an option's content at " / " in its own text (not in nested brackets).</summary>
        private static List<List<Segment>> SplitAlternatives(List<Segment> content)
        {
            var parts = new List<List<Segment>> { new() };
            foreach (var segment in content)
            {
                if (segment is TextSegment text && text.Text.Contains(" / ", StringComparison.Ordinal))
                {
                    var pieces = text.Text.Split(" / ");
                    for (var k = 0; k < pieces.Length; k++)
                    {
                        if (k > 0)
                            parts.Add([]);
                        if (pieces[k].Length > 0)
                            parts[^1].Add(new TextSegment(pieces[k]));
                    }
                }
                else
                {
                    parts[^1].Add(segment);
                }
            }
            return parts;
        }

        private static List<Segment> Trim(List<Segment> segments)
        {
            var result = new List<Segment>(segments);
            if (result.Count > 0 && result[0] is TextSegment first)
            {
                var trimmed = first.Text.TrimStart();
                if (trimmed.Length == 0)
                    result.RemoveAt(0);
                else
                    result[0] = new TextSegment(trimmed);
            }
            if (result.Count > 0 && result[^1] is TextSegment last)
            {
                var trimmed = last.Text.TrimEnd();
                if (trimmed.Length == 0)
                    result.RemoveAt(result.Count - 1);
                else
                    result[^1] = new TextSegment(trimmed);
            }
            return result;
        }

        /// <summary>Puts escaped characters back.</summary>
        private static List<Segment> Finish(List<Segment> segments)
        {
            for (var k = 0; k < segments.Count; k++)
            {
                if (segments[k] is TextSegment text && text.Text.AsSpan().IndexOfAny(EscapedOpenParenthesis, EscapedSlash, EscapedLetter) >= 0)
                {
                    segments[k] = new TextSegment(text.Text
                        .Replace(EscapedOpenParenthesis, '(')
                        .Replace(EscapedSlash, '/')
                        .Replace(EscapedLetter, 'd'));
                }
            }
            return segments;
        }
    }
}
