using Mash.BuildingBlocks.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Mash.Audit.Messaging;

/// <summary>
/// Removes the queues audit consumed from before it took every event through its one queue
/// (issue 18): audit-clocks and audit-reports, with their error and skipped queues. Each one's
/// endpoint exchange goes, so no new event reaches it; the queue goes only when empty (the broker
/// checks, ifEmpty), since the events in it would have their clocks or projections applied by
/// nobody now. One that still holds messages is left and logged: drain before upgrading (README).
/// </summary>
public sealed class RetiredQueues(RabbitMqOptions rabbit, ILogger<RetiredQueues> logger) : BackgroundService
{
    public static readonly IReadOnlyList<string> Names =
        [.. new[] { "audit-clocks", "audit-reports" }.SelectMany(q => new[] { q, q + "_error", q + "_skipped" })];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = await rabbit.ConnectionFactory("audit-retire").CreateConnectionAsync(stoppingToken);
            foreach (var queue in Names) await RetireAsync(connection, queue, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Not worth stopping audit for: the next start tries again.
            logger.LogWarning(ex, "Could not remove the retired queues {Queues}; delete them by hand once empty", string.Join(", ", Names));
        }
    }

    async Task RetireAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A missing queue or a refused delete closes its channel: one channel per queue.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return;
        }
        await channel.ExchangeDeleteAsync(queue, ifUnused: false, cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: true, cancellationToken: cancellationToken);
            logger.LogInformation("Deleted the retired queue {Queue}: audit consumes every event from {Trail} alone", queue, AuditConsumerRegistration.Queue);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            logger.LogWarning("The retired queue {Queue} still holds messages and is left: their clocks or reports are not applied; " +
                "drain it with the previous audit, or delete it by hand (README, Audit as one stream)", queue);
        }
    }
}

public static class RetiredQueuesRegistration
{
    /// <summary>Removes the retired queues once, at start, as audit's own broker user.</summary>
    public static IHostApplicationBuilder AddRetiredQueues(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<RetiredQueues>(services, rabbit));
        return builder;
    }
}
