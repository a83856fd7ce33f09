namespace Mash.Load;

/// <summary>
/// Latency percentiles from every sample, kept and sorted: exact (nearest rank), and cheap at the
/// sizes a run produces (at most a few hundred thousand doubles). HdrHistogram is not on this
/// machine's package feed, and its bucketing only pays off for millions of samples.
/// </summary>
public sealed record Distribution(int Count, double Mean, double P50, double P90, double P95, double P99, double P999, double Max)
{
    public static readonly Distribution Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The distribution of <paramref name="samples"/> (milliseconds or any unit).</summary>
    public static Distribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.ToArray();
        if (sorted.Length == 0) return Empty;
        Array.Sort(sorted);
        return new Distribution(sorted.Length, sorted.Average(),
            Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.95), Rank(sorted, 0.99), Rank(sorted, 0.999), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="q"/> of all samples at or below it.</summary>
    public static double Rank(double[] sorted, double q)
    {
        if (sorted.Length == 0) throw new ArgumentException("no samples", nameof(sorted));
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
