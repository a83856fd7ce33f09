using System.Diagnostics.Metrics;
using Mash.BuildingBlocks.Messaging.Errors;
using Mash.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>Each service watches its own error queues: a warning and a gauge per queue, and no queue made by looking.</summary>
public sealed class ErrorQueueMonitorTests(BusHost host) : IClassFixture<BusHost>
{
    const string ErrorQueue = BusHost.Queue + "_error";

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_in_the_services_own_error_queue_is_a_warning_and_a_gauge_labelled_with_the_queue()
    {
        var monitor = host.Services.GetRequiredService<ErrorQueueMonitor>();
        Assert.Contains(BusHost.Queue, host.Services.GetRequiredService<EndpointQueues>().Names);

        // Nothing has failed yet: the error queue does not exist, counts as zero, and looking does not make it.
        Assert.Equal(0, (await monitor.CheckAsync(Cancel))[ErrorQueue]);
        Assert.False(await ExistsAsync(ErrorQueue), $"{ErrorQueue} was created by the monitor");
        Assert.Equal(0, Gauge()[ErrorQueue]);

        await host.PublishRawAsync(BusHost.Queue, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "mash.events.v1.ContactReceived");
        await Eventually.Until(() => host.QueueDepthAsync(ErrorQueue), depth => depth == 1, "the unreadable message in " + ErrorQueue);

        Assert.Equal(1, (await monitor.CheckAsync(Cancel))[ErrorQueue]);
        Assert.Equal(1, Gauge()[ErrorQueue]);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(ErrorQueueMonitor).FullName
            && Equals(e.Values["Queue"], ErrorQueue) && Equals(e.Values["Count"], 1L));
    }

    /// <summary>
    /// What this host's gauge reports now, by its queue label, as an OpenTelemetry reader would collect
    /// it (other test hosts in this process have meters of the same name: the host's meter factory tells them apart).
    /// </summary>
    Dictionary<string, long> Gauge()
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == ErrorQueueMonitor.MeterName
                && instrument.Name == ErrorQueueMonitor.MetricName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "queue") values[(string)tag.Value!] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    async Task<bool> ExistsAsync(string queue)
    {
        await using var connection = await host.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, Cancel);
            return true;
        }
        catch (OperationInterruptedException) { return false; }
    }
}
