using System.Diagnostics;

namespace Mash.Load;

/// <summary>
/// One time line for the run, in milliseconds since it started: the bench's own moments
/// (Stopwatch, monotonic) and the services' event times (UTC on the same host) on one axis.
/// </summary>
public static class RunClock
{
    static readonly long StartTicks = Stopwatch.GetTimestamp();
    static readonly DateTimeOffset StartUtc = DateTimeOffset.UtcNow;

    public static double Now => Stopwatch.GetElapsedTime(StartTicks).TotalMilliseconds;

    public static double Of(DateTimeOffset instant) => (instant - StartUtc).TotalMilliseconds;

    public static DateTimeOffset ToUtc(double ms) => StartUtc.AddMilliseconds(ms);

    /// <summary>Waits until <paramref name="ms"/> on the run's time line (timer, then a short spin for the last millisecond).</summary>
    public static async Task UntilAsync(double ms, CancellationToken cancellationToken = default)
    {
        var wait = ms - Now;
        if (wait > 1.5) await Task.Delay(TimeSpan.FromMilliseconds(wait - 1), cancellationToken);
        while (Now < ms) Thread.SpinWait(50);
    }
}
