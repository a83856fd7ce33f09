namespace Mash.Load;

/// <summary>
/// When each request of an open-loop run is due, as offsets from the start: the offered rate is
/// fixed in advance and does not slow down when the system does, so a slow answer cannot hide the
/// requests that would have queued behind it (no coordinated omission). Latency is measured from
/// these due times, not from when a request actually left.
/// </summary>
public static class Schedule
{
    /// <summary>Evenly spaced: request i at i / rate.</summary>
    public static TimeSpan[] Fixed(double ratePerSecond, TimeSpan duration) =>
        Fixed(ratePerSecond, (int)Math.Floor(ratePerSecond * duration.TotalSeconds + 1e-9));

    /// <summary>Evenly spaced, <paramref name="count"/> requests.</summary>
    public static TimeSpan[] Fixed(double ratePerSecond, int count) =>
        [.. Enumerable.Range(0, count).Select(i => TimeSpan.FromSeconds(i / ratePerSecond))];

    /// <summary>A Poisson process of the given rate (exponential gaps), deterministic for a seed.</summary>
    public static TimeSpan[] Poisson(double ratePerSecond, TimeSpan duration, int seed)
    {
        var random = new Random(seed);
        var offsets = new List<TimeSpan>((int)(ratePerSecond * duration.TotalSeconds * 1.1) + 1);
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1.0 - random.NextDouble()) / ratePerSecond;
            if (t >= duration.TotalSeconds) return [.. offsets];
            offsets.Add(TimeSpan.FromSeconds(t));
        }
    }
}
