namespace Mash.BuildingBlocks.Messaging.Health;

/// <summary>Section <c>Health</c> of configuration: how the service watches its own consumers.</summary>
public sealed class ConsumerWatchOptions
{
    /// <summary>How often the bus, the consumers of the service's queues and the database are looked at.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the service may go on without consuming (bus not ready, an endpoint faulted, a queue
    /// of its own with no consumer) before it exits with <see cref="ConsumerWatch.StalledExitCode"/>
    /// so that its supervisor starts it afresh. Far longer than a broker restart takes to recover
    /// from (seconds), short enough that a stalled queue is not left for long.
    /// </summary>
    public TimeSpan ExitAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one look at the broker or the database may take before it counts as no answer.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
