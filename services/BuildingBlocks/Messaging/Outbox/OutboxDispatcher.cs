using Mash.BuildingBlocks.Messaging.Protobuf;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mash.BuildingBlocks.Messaging.Outbox;

public sealed class OutboxOptions
{
    /// <summary>How many events one round claims, publishes and deletes in one transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Safety-net poll when no commit signal arrives (another process wrote, or a signal was missed).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// When true, nothing is dispatched: events stay in the outbox. Operators use it to hold the
    /// door during an incident; tests use it to stop a process between commit and publish.
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>
    /// How long a batch may wait for the broker to confirm it. A publish whose confirm never comes
    /// (the broker was killed with it in flight: RabbitMQ.Client's BasicPublishAsync can then wait
    /// forever, rabbitmq-dotnet-client #1928) would hold the batch's rows locked and stop the
    /// dispatcher for good; past this the batch is given up, stays in the outbox and goes again.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Moves committed events from the outbox to RabbitMQ. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> (several instances may run), published with publisher confirms,
/// and deleted in the same transaction only after the broker confirmed them. A crash after publish
/// and before delete re-publishes with the same MessageId; consumers' inboxes drop the copy.
/// </summary>
public sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    ProtobufMessageTypes types,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Paused)
        {
            logger.LogWarning("Outbox dispatch is paused: events stay in the outbox until it is resumed");
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchBatchAsync(stoppingToken);
                failures = 0;
                if (sent < options.Value.BatchSize)
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogError(ex, "Outbox dispatch failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many events left.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var batch = await db.Set<OutboxMessage>()
            .FromSql($"SELECT * FROM outbox_messages ORDER BY sequence LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
            return 0;

        // Bounded: a confirm that never comes must not hold these rows, and the dispatcher, forever.
        // Given up, the transaction rolls back and the next round publishes the batch again (same
        // ids: the inboxes drop whatever did reach a queue).
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(options.Value.PublishTimeout);
        try
        {
            await Task.WhenAll(batch.Select(row => PublishAsync(row, publishing.Token))).WaitAsync(publishing.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The broker did not confirm {batch.Count} events within {options.Value.PublishTimeout.TotalSeconds:0.#} s; they stay in the outbox and are published again");
        }

        var ids = batch.Select(m => m.Id).ToArray();
        await db.Database.ExecuteSqlAsync($"DELETE FROM outbox_messages WHERE id = ANY({ids})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogDebug("Outbox dispatched {Count} events", batch.Count);
        return batch.Count;
    }

    Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (!types.TryGet(row.MessageType, out var descriptor))
            throw new InvalidOperationException($"Outbox row {row.Id} holds unknown message type {row.MessageType}");

        var message = descriptor.Parser.ParseFrom(row.Body);
        return bus.Publish(message, descriptor.ClrType, context => context.MessageId = row.Id, cancellationToken);
    }
}
