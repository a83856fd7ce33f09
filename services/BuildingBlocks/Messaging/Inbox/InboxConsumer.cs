using Google.Protobuf;
using Mash.Contracts.Events.V1;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// Base for every consumer with an effect on its service's database. The event id is recorded in
/// the inbox in the same transaction as the effect, so a re-delivered or re-published event (the
/// outbox publishes at least once) has its effect exactly once. Events it raises go through the
/// outbox in that same transaction.
/// </summary>
public abstract class InboxConsumer<TEvent, TDbContext>(TDbContext db) : IConsumer<TEvent>
    where TEvent : class, IMessage, IEvent
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var eventId = context.Message.EventId();
        var cancellationToken = context.CancellationToken;
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

            await Handle(context.Message, cancellationToken);
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
