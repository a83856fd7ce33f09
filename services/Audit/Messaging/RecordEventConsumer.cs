using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Trail;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Events.V1;
using MassTransit;

namespace Mash.Audit.Messaging;

/// <summary>
/// Appends one event of any kind to the trail, exactly once, through the trail writer's group
/// commit (inbox row and entry in one transaction); acknowledged only once committed.
/// </summary>
public sealed class RecordEventConsumer<TEvent>(TrailWriter writer) : IConsumer<TEvent>
    where TEvent : class, IMessage, IEvent
{
    public Task Consume(ConsumeContext<TEvent> context) => writer.AppendAsync(context.Message, context.CancellationToken);
}

/// <summary>All trail consumers share one queue, so the trail sees events in one stream.</summary>
public sealed class RecordEventConsumerDefinition<TEvent> : ConsumerDefinition<RecordEventConsumer<TEvent>>
    where TEvent : class, IMessage, IEvent
{
    public RecordEventConsumerDefinition()
    {
        EndpointName = "audit-trail";
        // Consumers only wait for the writer's group commit (one connection): the more wait at
        // once, the bigger the group one transaction appends.
        ConcurrentMessageLimit = TrailConcurrency;
        Endpoint(e => e.PrefetchCount = TrailConcurrency * 2);
    }

    public const int TrailConcurrency = 128;
}

public static class AuditConsumerRegistration
{
    /// <summary>A trail consumer for every event of mash.events.v1.</summary>
    public static void AddTrailConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddPerEvent(typeof(RecordEventConsumer<>), typeof(RecordEventConsumerDefinition<>), MessagingExtensions.EventTypes.ClrTypes);

    /// <summary>A clock consumer for every event that starts, stops or cancels a clock.</summary>
    public static void AddClockConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddPerEvent(typeof(ClockEventConsumer<>), typeof(ClockEventConsumerDefinition<>), ClockEventConsumer.Events);

    /// <summary>One closed consumer (with its endpoint definition) per event type.</summary>
    static void AddPerEvent(this IBusRegistrationConfigurator bus, Type consumer, Type definition, IEnumerable<Type> eventTypes)
    {
        foreach (var eventType in eventTypes)
            bus.AddConsumer(consumer.MakeGenericType(eventType), definition.MakeGenericType(eventType));
    }
}
