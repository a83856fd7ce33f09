using Mash.BuildingBlocks.Messaging;

namespace Mash.Audit.Messaging;

/// <summary>
/// Removes the queues audit consumed from before it took every event through its one queue
/// (issue 18): audit-clocks and audit-reports, with their error and skipped queues. Each one's
/// endpoint exchange goes, so no new event reaches it; the queue goes only when empty (the broker
/// checks, ifEmpty), since the events in it would have their clocks or projections applied by
/// nobody now. One that still holds messages is left and logged: drain before upgrading (README).
/// </summary>
public sealed class RetiredQueues(BrokerQueues broker, ILogger<RetiredQueues> logger) : BackgroundService
{
    public static readonly IReadOnlyList<string> Names =
        [.. new[] { "audit-clocks", "audit-reports" }.SelectMany(q => new[] { q, q + "_error", q + "_skipped" })];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var queue in Names)
            {
                switch (await broker.RetireAsync(queue, stoppingToken))
                {
                    case BrokerQueues.Retired.Deleted:
                        logger.LogInformation("Deleted the retired queue {Queue}: audit consumes every event from {Trail} alone", queue, AuditConsumerRegistration.Queue);
                        break;
                    case BrokerQueues.Retired.NotEmpty:
                        logger.LogWarning("The retired queue {Queue} still holds messages and is left: their clocks or reports are not applied; " +
                            "drain it with the previous audit, or delete it by hand (README, Audit as one stream)", queue);
                        break;
                }
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Not worth stopping audit for: the next start tries again.
            logger.LogWarning(ex, "Could not remove the retired queues {Queues}; delete them by hand once empty", string.Join(", ", Names));
        }
    }
}

public static class RetiredQueuesRegistration
{
    /// <summary>Removes the retired queues once, at start, as audit's own broker user (on the connection its queue watch uses).</summary>
    public static IHostApplicationBuilder AddRetiredQueues(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<RetiredQueues>();
        return builder;
    }
}
