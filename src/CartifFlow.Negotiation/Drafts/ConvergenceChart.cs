namespace CartifFlow.Negotiation.Drafts;

/// <summary>A small server-rendered SVG chart of convergence across revisions.</summary>
public static class ConvergenceChart
{
    /// <summary>
    /// Stacked bars per revision of settled vs open provisions, with the share of words outside brackets as a line;
    /// accessible (role="img", title, desc with the figures, text labels), no script. <paramref name="language"/> is
    /// "en" or "ru" (others fall back to English).
    /// </summary>
    public static string Svg(IReadOnlyList<(int Revision, ConvergenceFigures Figures)> revisions, string language) =>
        throw new NotImplementedException();
}
