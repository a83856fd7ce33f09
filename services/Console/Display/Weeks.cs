namespace Mash.Console.Display;

/// <summary>A week of a trend: Monday to Sunday, cut to the period at either end (both dates inclusive).</summary>
public sealed record Week(DateOnly From, DateOnly To)
{
    public string Label => $"w/c {From.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The weeks of a period, oldest first; the first and last may be part-weeks.</summary>
    public static IReadOnlyList<Week> Of(DateOnly from, DateOnly to)
    {
        var weeks = new List<Week>();
        for (var start = from; start <= to;)
        {
            // Days to the Sunday that ends this week (Monday-based weeks, as the hub's reports are read).
            var toSunday = ((int)DayOfWeek.Sunday - (int)start.DayOfWeek + 7) % 7;
            var end = start.AddDays(toSunday) is var sunday && sunday > to ? to : sunday;
            weeks.Add(new Week(start, end));
            start = end.AddDays(1);
        }
        return weeks;
    }
}
