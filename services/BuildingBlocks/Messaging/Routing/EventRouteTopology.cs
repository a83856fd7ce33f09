using Google.Protobuf;
using MassTransit;

namespace Mash.BuildingBlocks.Messaging.Routing;

/// <summary>
/// <see cref="EventRoutes"/> on the broker: keyed events published to their topic exchange with
/// their key, and bound by their consumers with the keys each acts on.
/// </summary>
public static class EventRouteTopology
{
    /// <summary>Publishes keyed events to their topic exchange, with their routing key. Every bus that publishes or consumes events.</summary>
    public static void UseEventRoutes(this IRabbitMqBusFactoryConfigurator cfg)
    {
        var keyed = typeof(EventRouteTopology).GetMethod(nameof(Keyed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in EventRoutes.Keyed) keyed.MakeGenericMethod(type).Invoke(null, [cfg]);
    }

    static void Keyed<T>(IRabbitMqBusFactoryConfigurator cfg) where T : class, IMessage
    {
        cfg.Message<T>(m => m.SetEntityName(EventRoutes.Exchange(typeof(T))));
        cfg.Publish<T>(p => p.ExchangeType = EventRoutes.ExchangeType(typeof(T)));
        cfg.Send<T>(s => s.UseRoutingKeyFormatter(context => EventRoutes.KeyOf(context.Message)));
    }

    /// <summary>
    /// No automatic binding of keyed events on this endpoint: MassTransit's would bind with an empty
    /// key, which matches nothing on a topic exchange. A consumer of one binds what it acts on
    /// (<see cref="BindKeyed{T}"/>, <see cref="KeyedConsumerDefinition{TConsumer, TEvent}"/>).
    /// </summary>
    public static void WithoutDefaultKeyedBindings(this IRabbitMqReceiveEndpointConfigurator endpoint)
    {
        foreach (var type in EventRoutes.Keyed) endpoint.ConfigureMessageTopology(type, false);
    }

    /// <summary>Binds the endpoint to the keyed event's exchange with each of <paramref name="patterns"/> (topic patterns over <see cref="EventRoutes"/> keys).</summary>
    public static void BindKeyed<T>(this IReceiveEndpointConfigurator endpoint, params string[] patterns) where T : class
    {
        if (!EventRoutes.IsKeyed(typeof(T))) throw new ArgumentException($"{typeof(T).Name} is not a keyed event: its consumers are bound to all of it", nameof(T));
        if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit) return;
        rabbit.ConfigureMessageTopology<T>(false);
        foreach (var pattern in patterns.Distinct())
            rabbit.Bind<T>(binding =>
            {
                binding.ExchangeType = EventRoutes.ExchangeType(typeof(T));
                binding.RoutingKey = pattern;
            });
    }
}

/// <summary>A consumer of a keyed event, bound to the keys it acts on and no others.</summary>
public abstract class KeyedConsumerDefinition<TConsumer, TEvent>(params string[] patterns) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<TEvent>
    where TEvent : class
{
    /// <summary>The topic patterns the consumer's queue is bound with.</summary>
    public IReadOnlyList<string> Patterns { get; } = patterns;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.BindKeyed<TEvent>([.. Patterns]);
}
