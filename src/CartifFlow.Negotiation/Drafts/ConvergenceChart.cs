using System.Globalization;
using System.Net;
using System.Text;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>A small server-rendered SVG chart of convergence across revisions.</summary>
public static class ConvergenceChart
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 48;
    private const int Right = 48;
    private const int Top = 40;
    private const int Bottom = 40;
    private const string SettledColour = "#2e7d32";
    private const string OpenColour = "#c62828";
    private const string WordsColour = "#1f3a93";

    /// <summary>
    /// Stacked bars per revision of settled vs open provisions, with the share of words outside brackets as a line;
    /// accessible (role="img", title, desc with the figures, text labels), no script. <paramref name="language"/> is
    /// "en" or "ru" (others fall back to English).
    /// </summary>
    public static string Svg(IReadOnlyList<(int Revision, ConvergenceFigures Figures)> revisions, string language)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"convergence-chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\">");
        svg.Append("<title>").Append(Encode(DraftTexts.Get(language, "chart.title"))).Append("</title>");
        svg.Append("<desc>");
        if (revisions.Count == 0)
            svg.Append(Encode(DraftTexts.Get(language, "chart.none")));
        foreach (var (revision, figures) in revisions)
        {
            svg.Append(Encode(DraftTexts.Format(language, "chart.desc", revision, figures.Settled, figures.Provisions, figures.Open, figures.OpenBrackets, Percent(figures)))).Append(' ');
        }
        svg.Append("</desc>");

        // Legend.
        Legend(svg, Left, SettledColour, DraftTexts.Get(language, "chart.settled"));
        Legend(svg, Left + 190, OpenColour, DraftTexts.Get(language, "chart.open"));
        Legend(svg, Left + 380, WordsColour, DraftTexts.Get(language, "chart.words"));

        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var baseline = Top + plotHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{baseline}\" x2=\"{Width - Right}\" y2=\"{baseline}\" stroke=\"#555\" stroke-width=\"1\"/>");
        if (revisions.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Top + plotHeight / 2}\" text-anchor=\"middle\" font-size=\"14\">{Encode(DraftTexts.Get(language, "chart.none"))}</text></svg>");
            return svg.ToString();
        }

        var max = Math.Max(1, revisions.Max(r => r.Figures.Provisions));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + 4}\" text-anchor=\"end\" font-size=\"11\">{max}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{baseline}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 6}\" y=\"{Top + 4}\" font-size=\"11\" fill=\"{WordsColour}\">100%</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 6}\" y=\"{baseline}\" font-size=\"11\" fill=\"{WordsColour}\">0%</text>");

        var slot = (double)plotWidth / revisions.Count;
        var barWidth = Math.Min(48, slot * 0.6);
        var points = new List<string>();
        for (var i = 0; i < revisions.Count; i++)
        {
            var (revision, figures) = revisions[i];
            var centre = Left + slot * (i + 0.5);
            var x = centre - barWidth / 2;
            var settledHeight = plotHeight * figures.Settled / (double)max;
            var openHeight = plotHeight * figures.Open / (double)max;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x:0.#}\" y=\"{baseline - settledHeight:0.#}\" width=\"{barWidth:0.#}\" height=\"{settledHeight:0.#}\" fill=\"{SettledColour}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x:0.#}\" y=\"{baseline - settledHeight - openHeight:0.#}\" width=\"{barWidth:0.#}\" height=\"{openHeight:0.#}\" fill=\"{OpenColour}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{centre:0.#}\" y=\"{baseline - settledHeight - openHeight - 4:0.#}\" text-anchor=\"middle\" font-size=\"11\">{figures.Settled}/{figures.Provisions}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{centre:0.#}\" y=\"{baseline + 16}\" text-anchor=\"middle\" font-size=\"12\">{Encode(DraftTexts.Format(language, "chart.revision", revision))}</text>");
            var wordsY = baseline - plotHeight * figures.ShareOfWordsOutsideBrackets;
            points.Add(string.Create(CultureInfo.InvariantCulture, $"{centre:0.#},{wordsY:0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{centre:0.#}\" cy=\"{wordsY:0.#}\" r=\"3\" fill=\"{WordsColour}\"/>");
        }
        if (points.Count > 1)
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(WordsColour).Append("\" stroke-width=\"2\" points=\"").AppendJoin(' ', points).Append("\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, int x, string colour, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"12\" width=\"12\" height=\"12\" fill=\"{colour}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16}\" y=\"22\" font-size=\"12\">{Encode(label)}</text>");
    }

    private static int Percent(ConvergenceFigures figures) => (int)Math.Round(figures.ShareOfWordsOutsideBrackets * 100, MidpointRounding.AwayFromZero);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
