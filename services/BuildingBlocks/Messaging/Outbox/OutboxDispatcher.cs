using Google.Protobuf;
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

    /// <summary>
    /// How many rounds a row that cannot be read (type unknown to this build, body not parsing) is
    /// tried before it is set aside in <c>outbox_dead_letters</c>. More than one, because during a
    /// rolling deploy an instance of the newer build, which knows the type, may be the one to claim it.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// At shutdown, how long the last flush (<see cref="IOutboxDrain"/>) may take. Part of the 30 s a
    /// stopping service has (<see cref="ServiceDefaults.ShutdownTimings"/>); what is left stays in the
    /// outbox and goes at the next start.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The outbox's last flush at shutdown, once nothing can add to it any more.</summary>
public interface IOutboxDrain
{
    Task DrainAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Moves committed events from the outbox to RabbitMQ. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> (several instances may run) and deleted in the same statement,
/// published with publisher confirms, and the transaction commits only after the broker confirmed
/// them. A crash after publish
/// and before delete re-publishes with the same MessageId; consumers' inboxes drop the copy.
/// A row that cannot be read is passed over (the rows behind it still go), counted, and after
/// <see cref="OutboxOptions.MaxAttempts"/> rounds moved to <c>outbox_dead_letters</c>.
/// At shutdown it keeps publishing while consumers finish, and flushes what they committed once
/// they have (<see cref="DrainAsync"/>), before the bus closes its connection.
/// </summary>
public sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    ProtobufMessageTypes types,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService, IOutboxDrain
    where TDbContext : DbContext
{
    // Ends the loop between batches (never inside one) so that the drain has the outbox to itself.
    readonly CancellationTokenSource _draining = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Paused)
        {
            logger.LogWarning("Outbox dispatch is paused: events stay in the outbox until it is resumed");
            return;
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _draining.Token);
        var failures = 0;
        while (!idle.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchBatchAsync(stoppingToken);
                failures = 0;
                if (sent < options.Value.BatchSize)
                    await signal.WaitAsync(options.Value.PollInterval, idle.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogError(ex, "Outbox dispatch failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, idle.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The last flush: the loop ends after its batch, then everything committed is published until
    /// the outbox is empty or <paramref name="cancellationToken"/> ends the wait. Never throws: what
    /// could not go stays in the outbox, and the next start publishes it.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Paused) return;
        await _draining.CancelAsync();
        if (ExecuteTask is { } loop) await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var published = 0;
        try
        {
            int sent;
            do published += sent = await DispatchBatchAsync(cancellationToken);
            while (sent == options.Value.BatchSize);
            logger.LogInformation("Outbox flushed at shutdown: {Count} events published", published);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Outbox flush at shutdown ended after {Count} events; the rest stays in the outbox for the next start", published);
        }
    }

    public override void Dispose()
    {
        _draining.Dispose();
        base.Dispose();
    }

    /// <summary>Publishes one batch; returns how many events left.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Claimed and deleted in one statement: the rows stay locked, and come back if the
        // transaction rolls back (a publish not confirmed), so nothing is lost; a round took a
        // SELECT and a DELETE, two of the few statements every event costs (issue 18).
        var batch = (await db.Set<OutboxMessage>()
            .FromSql($"""
                WITH claimed AS (SELECT id FROM outbox_messages ORDER BY sequence LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED)
                DELETE FROM outbox_messages AS o USING claimed WHERE o.id = claimed.id RETURNING o.*
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)).OrderBy(row => row.Sequence).ToList();
        if (batch.Count == 0)
            return 0;

        var readable = new List<(OutboxMessage Row, IMessage Message, Type ClrType)>(batch.Count);
        var unreadable = new List<(OutboxMessage Row, string Reason)>();
        foreach (var row in batch)
        {
            if (TryRead(row, out var message, out var reason)) readable.Add((row, message!, message!.GetType()));
            else unreadable.Add((row, reason));
        }

        // Bounded: a confirm that never comes must not hold these rows, and the dispatcher, forever.
        // Given up, the transaction rolls back and the next round publishes the batch again (same
        // ids: the inboxes drop whatever did reach a queue).
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishing.CancelAfter(options.Value.PublishTimeout);
        try
        {
            await Task.WhenAll(readable.Select(r => bus.Publish(r.Message, r.ClrType, context => context.MessageId = r.Row.Id, publishing.Token)))
                .WaitAsync(publishing.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The broker did not confirm {batch.Count} events within {options.Value.PublishTimeout.TotalSeconds:0.#} s; they stay in the outbox and are published again");
        }

        foreach (var (row, reason) in unreadable)
            await SetAsideOrCountAsync(db, row, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogDebug("Outbox dispatched {Count} events", readable.Count);
        return batch.Count;
    }

    bool TryRead(OutboxMessage row, out IMessage? message, out string reason)
    {
        message = null;
        if (!types.TryGet(row.MessageType, out var descriptor))
        {
            reason = "unknown message type";
            return false;
        }
        try
        {
            message = descriptor.Parser.ParseFrom(row.Body);
            reason = "";
            return true;
        }
        catch (InvalidProtocolBufferException ex)
        {
            reason = $"body does not parse: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// An unreadable row (deleted with its batch): put back with one more try counted, or once it
    /// has had its tries, moved to outbox_dead_letters, in this transaction. Logged with its id and
    /// type only (the body may be anything).
    /// </summary>
    async Task SetAsideOrCountAsync(TDbContext db, OutboxMessage row, string reason, CancellationToken cancellationToken)
    {
        var attempts = row.Attempts + 1;
        if (attempts < options.Value.MaxAttempts)
        {
            // Its own sequence again, so it keeps its place in the order.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO outbox_messages (id, sequence, message_type, body, created_at, attempts) OVERRIDING SYSTEM VALUE
                VALUES ({row.Id}, {row.Sequence}, {row.MessageType}, {row.Body}, {row.CreatedAt}, {attempts})
                """, cancellationToken);
            logger.LogWarning("Outbox row {OutboxId} of type {MessageType} cannot be read ({Attempts} of {MaxAttempts} tries); the rows behind it go on",
                row.Id, row.MessageType, attempts, options.Value.MaxAttempts);
            return;
        }
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_dead_letters (id, sequence, message_type, body, created_at, attempts, reason, dead_lettered_at)
            VALUES ({row.Id}, {row.Sequence}, {row.MessageType}, {row.Body}, {row.CreatedAt}, {attempts}, {reason}, now())
            """, cancellationToken);
        logger.LogError("Outbox row {OutboxId} of type {MessageType} cannot be published: set aside in outbox_dead_letters after {Attempts} tries",
            row.Id, row.MessageType, attempts);
    }
}
