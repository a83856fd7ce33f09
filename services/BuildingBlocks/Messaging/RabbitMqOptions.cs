namespace Mash.BuildingBlocks.Messaging;

/// <summary>
/// Where the broker is and who the service is there: section <c>RabbitMq</c> of configuration. Each
/// service logs in as its own user (deploy/rabbitmq/service-rights); the development user and
/// password are in appsettings.Development.json, and Production refuses them and plain AMQP
/// (ServiceDefaults/ProductionSettings).
/// </summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Unset: 5671 (AMQPS) with <see cref="UseTls"/>, else 5672.</summary>
    public ushort? Port { get; set; }

    public string VirtualHost { get; set; } = "mash";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>AMQP over TLS (AMQPS): the broker's certificate is checked, chain and name.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// PEM file of the certificate authority that signed the broker's certificate, the only one
    /// then trusted; unset, the system's trusted authorities.
    /// </summary>
    public string CaFile { get; set; } = "";

    /// <summary>The name the broker's certificate must carry; unset, <see cref="Host"/>.</summary>
    public string ServerName { get; set; } = "";

    /// <summary>PEM certificate and key the service presents when the broker asks for one (optional).</summary>
    public string ClientCertificateFile { get; set; } = "";

    public string ClientKeyFile { get; set; } = "";

    /// <summary>How many messages each receive endpoint holds unacknowledged.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>
    /// How many messages each receive endpoint consumes at once; unset, as many as its prefetch.
    /// Consumer definitions that set their own (audit's trail) keep theirs.
    /// </summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// <c>classic</c> (the default) or <c>quorum</c>: the type of every receive endpoint's queue, and
    /// so of its _error and _skipped queues, which MassTransit declares with the endpoint's queue
    /// arguments. A queue's type is fixed when it is declared: switching an existing deployment means
    /// draining and deleting its queues first, or the broker refuses the new declaration
    /// (PRECONDITION_FAILED, inequivalent arg 'x-queue-type').
    /// </summary>
    public string QueueType { get; set; } = "classic";

    public bool QuorumQueues => QueueType switch
    {
        "classic" => false,
        "quorum" => true,
        _ => throw new InvalidOperationException($"RabbitMq__QueueType is '{QueueType}': classic or quorum"),
    };

    public ushort EffectivePort => Port ?? (ushort)(UseTls ? 5671 : 5672);
}
