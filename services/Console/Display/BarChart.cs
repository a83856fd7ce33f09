namespace Mash.Console.Display;

/// <summary>One bar: its label, its length as a share of the longest (0..1) and the figure printed beside it.</summary>
public sealed record Bar(string Label, double Length, string Figure);

/// <summary>
/// A horizontal bar chart, drawn as SVG on the server (no script). The figures are printed on the bars
/// and the data is in a table next to it, so nothing depends on seeing the bars.
/// </summary>
public sealed record BarChart(string Title, IReadOnlyList<Bar> Bars)
{
    public const int LabelWidth = 180, BarArea = 240, RowHeight = 28, FigureWidth = 60;

    public static int Width => LabelWidth + BarArea + FigureWidth;

    public int Height => Math.Max(1, Bars.Count) * RowHeight;

    /// <summary>Shares (0..1) drawn against the whole: 100% fills the bar area.</summary>
    public static BarChart OfShares(string title, IEnumerable<(string Label, double Share)> rows) =>
        new(title, rows.Select(r => new Bar(r.Label, Math.Clamp(r.Share, 0, 1), Labels.Percent(r.Share))).ToList());

    /// <summary>Counts drawn against the largest.</summary>
    public static BarChart OfCounts(string title, IEnumerable<(string Label, long Count)> rows)
    {
        var list = rows.ToList();
        var max = Math.Max(1, list.Count == 0 ? 1 : list.Max(r => r.Count));
        return new(title, list.Select(r => new Bar(r.Label, (double)r.Count / max, r.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList());
    }

    public static int BarWidth(Bar bar) => (int)Math.Round(bar.Length * BarArea);
}
