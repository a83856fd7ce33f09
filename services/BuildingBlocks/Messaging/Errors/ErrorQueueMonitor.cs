using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mash.BuildingBlocks.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Messaging.Errors;

/// <summary>Section <c>ErrorQueues</c> of configuration.</summary>
public sealed class ErrorQueueOptions
{
    /// <summary>How often the service counts the messages in its own error queues.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Counts what sits in the error queues of this service's own receive endpoints, every
/// <see cref="ErrorQueueOptions.CheckInterval"/>: a count above zero is logged as a warning and every
/// count is the gauge <see cref="MetricName"/>, labelled with the queue (a queue name, never anything
/// about a person). A passive declare reads the count without creating anything: an endpoint whose
/// messages never failed has no error queue yet, which counts as zero.
/// </summary>
public sealed class ErrorQueueMonitor : BackgroundService
{
    public const string MeterName = "Mash.Messaging";
    public const string MetricName = "mash.messaging.error_queue.messages";

    readonly EndpointQueues _endpoints;
    readonly BrokerQueues _broker;
    readonly TimeSpan _interval;
    readonly ILogger<ErrorQueueMonitor> _logger;
    readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _checking = new(1, 1);

    public ErrorQueueMonitor(EndpointQueues endpoints, BrokerQueues broker, ErrorQueueOptions options,
        IMeterFactory meters, ILogger<ErrorQueueMonitor> logger)
    {
        _endpoints = endpoints;
        _broker = broker;
        _interval = options.CheckInterval > TimeSpan.Zero ? options.CheckInterval : TimeSpan.FromMinutes(1);
        _logger = logger;
        meters.Create(MeterName).CreateObservableGauge(MetricName,
            () => _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))),
            unit: "{message}", description: "Messages waiting in the service's error queues (deploy/mash errors lists and replays them)");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(_interval, CheckAsync,
            ex => _logger.LogWarning("Could not count the error queues ({Error}); trying again in {Interval}", ex.GetType().Name, _interval),
            stoppingToken);

    /// <summary>Counts each error queue of this service's endpoints now; the counts by error queue.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            foreach (var queue in _endpoints.Names)
            {
                var errorQueue = ErrorQueues.Of(queue);
                // An endpoint whose messages never failed has no error queue yet: zero.
                var count = (long)((await _broker.PeekAsync(errorQueue, cancellationToken))?.MessageCount ?? 0);
                _counts[errorQueue] = count;
                if (count > 0)
                    _logger.LogWarning("Error queue {Queue} holds {Count} messages that failed (deploy/mash errors lists and replays them)",
                        errorQueue, count);
            }
            return new Dictionary<string, long>(_counts, StringComparer.Ordinal);
        }
        finally
        {
            _checking.Release();
        }
    }
}
