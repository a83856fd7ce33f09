using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Domain.Trail;
using Mash.Audit.Trail;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Events.V1;
using MassTransit;

namespace Mash.Audit.Messaging;

/// <summary>
/// Hands one event of any kind (the events it carries when thresholds sent several as one) to the
/// trail writer's group commit, which appends it to the trail
/// and applies its clock changes and report projections, exactly once (inbox row, entry and
/// effects in one transaction); acknowledged only once committed.
/// </summary>
public sealed class RecordEventConsumer<TEvent>(TrailWriter writer) : IConsumer<TEvent>
    where TEvent : class, IMessage, IEvent
{
    public Task Consume(ConsumeContext<TEvent> context) => writer.AppendAsync(TrailEvents.Of(context.Message), context.CancellationToken);
}

/// <summary>
/// All trail consumers share one queue, audit's only one: the trail, the clocks and the reports
/// see events in one stream, one delivery each.
/// </summary>
public sealed class RecordEventConsumerDefinition<TEvent> : ConsumerDefinition<RecordEventConsumer<TEvent>>
    where TEvent : class, IMessage, IEvent
{
    public RecordEventConsumerDefinition()
    {
        EndpointName = AuditConsumerRegistration.Queue;
        // Consumers only wait for the writer's group commit (one connection): the more wait at
        // once, the bigger the group one transaction appends.
        ConcurrentMessageLimit = TrailConcurrency;
        Endpoint(e => e.PrefetchCount = TrailConcurrency * 2);
    }

    public const int TrailConcurrency = 128;

    /// <summary>The trail takes every event: all keys of a keyed one.</summary>
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RecordEventConsumer<TEvent>> consumerConfigurator,
        IRegistrationContext context)
    {
        if (EventRoutes.IsKeyed(typeof(TEvent))) endpointConfigurator.BindKeyed<TEvent>(EventRoutes.All);
    }
}

public static class AuditConsumerRegistration
{
    /// <summary>
    /// Audit's only queue. The name stays "audit-trail": deployed brokers keep their queue, and
    /// audit's broker user may configure only queues named audit-* (deploy/rabbitmq/service-rights).
    /// </summary>
    public const string Queue = "audit-trail";

    /// <summary>A trail consumer (with its endpoint definition) for every event of mash.events.v1.</summary>
    public static void AddTrailConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in MessagingExtensions.EventTypes.ClrTypes)
            bus.AddConsumer(typeof(RecordEventConsumer<>).MakeGenericType(eventType), typeof(RecordEventConsumerDefinition<>).MakeGenericType(eventType));
    }
}
