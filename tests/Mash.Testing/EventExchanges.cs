using Mash.BuildingBlocks.Messaging.Routing;
using RabbitMQ.Client;

namespace Mash.Testing;

/// <summary>
/// An event's exchange as the services' MassTransit declares it (<see cref="EventRoutes"/>: name and
/// type), for tests and the load run that publish or listen on the broker directly. Declared the
/// same way, so either side may come first.
/// </summary>
public static class EventExchanges
{
    /// <summary>Declares the exchange events of <paramref name="eventType"/> are published to; returns its name.</summary>
    public static async Task<string> DeclareAsync(IChannel channel, Type eventType)
    {
        var exchange = EventRoutes.Exchange(eventType);
        await channel.ExchangeDeclareAsync(exchange, EventRoutes.ExchangeType(eventType), durable: true);
        return exchange;
    }

    /// <summary>Binds <paramref name="queue"/> to every event of <paramref name="eventType"/> (every key of a keyed one).</summary>
    public static async Task BindAllAsync(IChannel channel, Type eventType, string queue) =>
        await channel.QueueBindAsync(queue, await DeclareAsync(channel, eventType), EventRoutes.IsKeyed(eventType) ? EventRoutes.All : "");
}
