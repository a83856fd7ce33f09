using Google.Protobuf;
using Mash.Contracts.Events.V1;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// Base for every consumer with an effect on its service's database: the event id is recorded in
/// the inbox together with the effect, so a re-delivered or re-published event (the outbox
/// publishes at least once) has its effect exactly once. How the two are made one is the
/// subclass's: a transaction (<see cref="InboxConsumer{TEvent, TDbContext}"/>) or one statement
/// (<see cref="InboxStatementConsumer{TEvent, TDbContext}"/>).
/// </summary>
public abstract class InboxConsumerBase<TEvent, TDbContext>(TDbContext db) : IConsumer<TEvent>
    where TEvent : class, IMessage, IEvent
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>The name the inbox records this consumer's events under.</summary>
    protected string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var eventId = context.Message.EventId();
        // An event with nothing to do here needs no exactly-once: no transaction, no inbox row.
        if (!await ActsOnAsync(context.Message, context.CancellationToken))
        {
            PassedOver(context, eventId);
            return;
        }
        await ApplyOnceAsync(context.Message, eventId, context.CancellationToken);
    }

    /// <summary>Records the event in the inbox and applies its effect, both or neither; nothing when it was recorded before.</summary>
    protected abstract Task ApplyOnceAsync(TEvent message, Guid eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the event can have an effect here, from the event alone or a read outside any
    /// transaction. Routing keys keep most events a service does not act on from reaching it
    /// (<see cref="Routing.EventRoutes"/>); what still comes (a correction allocation holds no case
    /// for, a copy from an older publisher) is answered here, sparing the begin, the inbox row and
    /// the commit. Only an event that would change nothing may be refused: a refused one is
    /// acknowledged unrecorded.
    /// </summary>
    protected virtual ValueTask<bool> ActsOnAsync(TEvent message, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <summary>
    /// A passed-over event leaves no inbox row: at Debug (category <see cref="InboxConsumerLog.PassedOverCategory"/>)
    /// a line says so, by event id, for whoever needs to see that it came and went (tests do).
    /// </summary>
    void PassedOver(ConsumeContext context, Guid eventId)
    {
        if (context.TryGetPayload<IServiceProvider>(out var services) && services.GetService<ILoggerFactory>() is { } loggers)
            loggers.CreateLogger(InboxConsumerLog.PassedOverCategory).LogDebug("{Consumer} passed over event {EventId}: nothing to do here", ConsumerName, eventId);
    }
}

/// <summary>
/// The inbox row and the effect in one transaction; events the consumer raises go through the
/// outbox in that same transaction.
/// </summary>
public abstract class InboxConsumer<TEvent, TDbContext>(TDbContext db) : InboxConsumerBase<TEvent, TDbContext>(db)
    where TEvent : class, IMessage, IEvent
    where TDbContext : DbContext
{
    protected sealed override async Task ApplyOnceAsync(TEvent message, Guid eventId, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            // A failed attempt is rolled back whole and retried, never continued: the savepoints EF
            // would wrap each SaveChanges in are two round trips for nothing.
            Db.Database.AutoSavepointsEnabled = false;

            // Blocks behind a concurrent copy of the same event until it commits, then finds it done.
            var claimed = await Db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({eventId}, {ConsumerName}, now()) ON CONFLICT DO NOTHING",
                cancellationToken);
            if (claimed == 0)
                return;

            await Handle(message, cancellationToken);
            await Db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // A retry starts from a clean slate, not from half-tracked entities of this attempt.
            Db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The effect of the event: change entities on <see cref="Db"/>; do not call SaveChanges.</summary>
    protected abstract Task Handle(TEvent message, CancellationToken cancellationToken);
}

/// <summary>What <see cref="InboxConsumerBase{TEvent, TDbContext}"/> logs about events it passes over.</summary>
public static class InboxConsumerLog
{
    /// <summary>The log category of passed-over events (Debug).</summary>
    public const string PassedOverCategory = "Mash.BuildingBlocks.Messaging.Inbox.PassedOver";

    /// <summary>The start of the line logged when <paramref name="consumer"/> passes over an event.</summary>
    public static string PassedOver(string consumer, string eventId) => $"{consumer} passed over event {eventId}";
}
