namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>The loop of a background service that does one pass now and then one every interval.</summary>
public static class PeriodicWork
{
    /// <summary>
    /// Runs <paramref name="pass"/> at once and then at every tick until the service stops. A pass
    /// that fails is handed to <paramref name="failed"/> and the next tick tries again: a background
    /// duty must outlive a database or broker that is away for a while.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> pass, Action<Exception> failed,
        CancellationToken stoppingToken, TimeProvider? clock = null)
    {
        using var timer = new PeriodicTimer(interval, clock ?? TimeProvider.System);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failed(ex);
            }
        }
        while (await TickAsync(timer, stoppingToken));
    }

    static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
