using RabbitMQ.Client;

namespace Mash.BuildingBlocks.Messaging;

public static class RabbitMqConnections
{
    /// <summary>
    /// A RabbitMQ.Client connection factory for the broker MassTransit uses, for the few things done
    /// beside the bus (error queue depths, the operator's error commands). Named, so the management
    /// UI shows who holds it.
    /// </summary>
    public static ConnectionFactory ConnectionFactory(this RabbitMqOptions rabbit, string clientName) => new()
    {
        HostName = rabbit.Host,
        Port = rabbit.EffectivePort,
        VirtualHost = rabbit.VirtualHost,
        UserName = rabbit.Username,
        Password = rabbit.Password,
        ClientProvidedName = clientName,
        Ssl = rabbit.SslOption(),
    };
}
