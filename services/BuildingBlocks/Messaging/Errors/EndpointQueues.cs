using System.Collections.Concurrent;
using MassTransit;

namespace Mash.BuildingBlocks.Messaging.Errors;

/// <summary>
/// The queues this process consumes from, as its receive endpoints report themselves ready: the
/// service's own endpoints, whatever names the endpoint name formatter gave them. The bus's own
/// temporary queue is left out (nothing is consumed from it that could fail to an error queue).
/// </summary>
public sealed class EndpointQueues : IReceiveEndpointObserver
{
    readonly ConcurrentDictionary<string, byte> _queues = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => _queues.Keys.Order(StringComparer.Ordinal).ToList();

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (QueueOf(ready.InputAddress) is { } queue) _queues.TryAdd(queue, 0);
        return Task.CompletedTask;
    }

    /// <summary>rabbitmq://host/vhost/queue?options: the last path segment, unless the queue is temporary.</summary>
    public static string? QueueOf(Uri inputAddress)
    {
        var query = inputAddress.Query;
        if (query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase) || query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase))
            return null;
        var name = Uri.UnescapeDataString(inputAddress.Segments[^1]);
        return name.Length > 0 && name != "/" ? name : null;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
