using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mash.BuildingBlocks.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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
    readonly ConnectionFactory _factory;
    readonly TimeSpan _interval;
    readonly ILogger<ErrorQueueMonitor> _logger;
    readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _checking = new(1, 1);
    IConnection? _connection;

    public ErrorQueueMonitor(EndpointQueues endpoints, RabbitMqOptions rabbit, string serviceName, ErrorQueueOptions options,
        IMeterFactory meters, ILogger<ErrorQueueMonitor> logger)
    {
        _endpoints = endpoints;
        _factory = rabbit.ConnectionFactory($"{serviceName}-error-queue-monitor");
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
            var connection = await ConnectAsync(cancellationToken);
            foreach (var queue in _endpoints.Names)
            {
                var errorQueue = ErrorQueues.Of(queue);
                var count = await CountAsync(connection, errorQueue, cancellationToken);
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

    static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel: one channel per question.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true }) return _connection;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
        return _connection = await _factory.CreateConnectionAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }
}
