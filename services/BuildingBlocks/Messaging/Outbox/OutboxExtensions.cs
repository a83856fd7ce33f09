using Google.Protobuf;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.BuildingBlocks.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Queues an event to be published once the surrounding <c>SaveChanges</c> commits. This is the
    /// only way services publish: a change and its event are stored together or not at all.
    /// </summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event, TimeProvider? clock = null)
        where TEvent : IMessage, IEvent
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = @event.EventId(),
            MessageType = @event.Descriptor.FullName,
            Body = @event.ToByteArray(),
            CreatedAt = (clock ?? TimeProvider.System).GetUtcNow(),
        });
    }

    /// <summary>Maps the outbox and inbox tables (created by BuildingBlocks' SQL migrations).</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Sequence).ValueGeneratedOnAdd();
        });
        model.Entity<Inbox.InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
        });
        return model;
    }
}
