namespace Mash.Audit.Clocks;

/// <summary>
/// The scheduler's rhythm: a pass, then sleep on the service's TimeProvider until the next alert
/// falls due (or at most the poll interval, so clocks that arrived meanwhile are seen), then the
/// next pass. Apart from the store, so that a test can drive it with a fake clock.
/// </summary>
public static class AlertLoop
{
    /// <param name="pass">Raises what is due at the given now; returns when the next alert falls due, if any.</param>
    public static async Task RunAsync(Func<DateTimeOffset, CancellationToken, Task<DateTimeOffset?>> pass, TimeProvider time,
        TimeSpan pollInterval, ILogger logger, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var next = await pass(time.GetUtcNow(), stoppingToken);
                failures = 0;
                sleep = SleepUntil(next, time.GetUtcNow(), pollInterval);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                sleep = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogError(ex, "Clock pass failed ({Failures} in a row); retrying in {Delay}", failures, sleep);
            }
            try { await Task.Delay(sleep, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public static TimeSpan SleepUntil(DateTimeOffset? next, DateTimeOffset now, TimeSpan pollInterval) =>
        next is not { } at ? pollInterval
        : at <= now ? TimeSpan.Zero
        : at - now < pollInterval ? at - now
        : pollInterval;
}
