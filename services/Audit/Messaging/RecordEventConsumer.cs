using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Domain;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using MassTransit;

namespace Mash.Audit.Messaging;

/// <summary>Records one event of any kind in the trail.</summary>
public sealed class RecordEventConsumer<TEvent>(AuditDbContext db, TimeProvider clock)
    : InboxConsumer<TEvent, AuditDbContext>(db)
    where TEvent : class, IMessage, IEvent
{
    protected override Task Handle(TEvent message, CancellationToken cancellationToken)
    {
        Db.TrailEntries.Add(new TrailEntry
        {
            EventId = message.EventId(),
            EventType = message.Descriptor.FullName,
            ContactId = message.Header.ContactId,
            ChildIds = TrailSummary.ChildIds(message).ToList(),
            LocalAuthority = message.Header.LocalAuthority,
            Actor = (message.Header.Actor ?? new Actor()).ToByteArray(),
            Summary = TrailSummary.Describe(message),
            OccurredAt = message.Header.OccurredAt?.ToDateTimeOffset() ?? clock.GetUtcNow(),
            RecordedAt = clock.GetUtcNow(),
            Body = message.ToByteArray(),
        });
        return Task.CompletedTask;
    }
}

/// <summary>All trail consumers share one queue, so the trail sees events in one stream.</summary>
public sealed class RecordEventConsumerDefinition<TEvent> : ConsumerDefinition<RecordEventConsumer<TEvent>>
    where TEvent : class, IMessage, IEvent
{
    public RecordEventConsumerDefinition() => EndpointName = "audit-trail";
}

public static class TrailConsumerRegistration
{
    /// <summary>A trail consumer for every event of mash.events.v1.</summary>
    public static void AddTrailConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in MessagingExtensions.EventTypes.ClrTypes)
            bus.AddConsumer(typeof(RecordEventConsumer<>).MakeGenericType(eventType),
                typeof(RecordEventConsumerDefinition<>).MakeGenericType(eventType));
    }
}
