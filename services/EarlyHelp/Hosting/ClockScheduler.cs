using Mash.BuildingBlocks.ServiceDefaults;
using Mash.EarlyHelp.Episodes;
using Microsoft.Extensions.Options;

namespace Mash.EarlyHelp.Hosting;

/// <summary>
/// Early help runs its own 48-hour clock: every ClockPollInterval it raises what running clocks owe,
/// whether or not any other event arrives. Time comes from the service's TimeProvider.
/// </summary>
public sealed class ClockScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<EarlyHelpOptions> options, ILogger<ClockScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.Resolved().ClockPollInterval, RaiseAllDueAsync,
            ex => logger.LogError(ex, "Raising lead professional clock alerts failed; trying again at the next tick"),
            stoppingToken, clock);

    /// <summary>
    /// One tick: batches until a batch comes back short. Every clock a batch looks at moves on, so
    /// the tick ends after as many passes as the owed alerts fill batches, plus at most one.
    /// Returns the number of passes.
    /// </summary>
    public async Task<int> RaiseAllDueAsync(CancellationToken cancellationToken)
    {
        int seen, passes = 0;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            seen = await scope.ServiceProvider.GetRequiredService<ClockAlerts>().RaiseDueAsync(clock.GetUtcNow(), cancellationToken);
            passes++;
        } while (seen == ClockAlerts.BatchSize);
        return passes;
    }
}
