namespace Mash.BuildingBlocks.Messaging;

/// <summary>Where the broker is: section <c>RabbitMq</c> of configuration.</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "mash";
    public string Username { get; set; } = "mash";
    public string Password { get; set; } = "mash";

    /// <summary>How many messages each receive endpoint holds unacknowledged.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>
    /// How many messages each receive endpoint consumes at once; unset, as many as its prefetch.
    /// Consumer definitions that set their own (audit's trail and clocks) keep theirs.
    /// </summary>
    public int? ConcurrentMessageLimit { get; set; }
}
