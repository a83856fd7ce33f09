using Google.Protobuf;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>Protobuf events on a real RabbitMQ: round trip, foreign producers, and bad bodies.</summary>
public sealed class ProtobufOnTheBusTests(BusHost host) : IClassFixture<BusHost>
{
    const string ErrorQueue = BusHost.Queue + "_error";

    [Fact]
    public async Task A_published_event_arrives_equal_to_what_was_sent()
    {
        var sent = Events.ContactReceived();

        await host.Services.GetRequiredService<IBus>().Publish(sent, TestContext.Current.CancellationToken);

        var received = await Eventually.Until(() => Task.FromResult(host.Deliveries.Received.FirstOrDefault(m => m.Header.EventId == sent.Header.EventId)),
            m => m is not null, "the event to arrive");
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task A_producer_that_sends_only_protobuf_bytes_and_a_content_type_is_understood()
    {
        var sent = Events.ContactReceived();

        await PublishRawAsync(sent.ToByteArray(), messageType: null);

        var received = await Eventually.Until(() => Task.FromResult(host.Deliveries.Received.FirstOrDefault(m => m.Header.EventId == sent.Header.EventId)),
            m => m is not null, "the raw event to arrive");
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task A_message_of_an_unknown_protobuf_type_goes_to_the_error_queue()
    {
        var before = await host.QueueDepthAsync(ErrorQueue);

        await PublishRawAsync(Events.ContactReceived().ToByteArray(), messageType: "mash.events.v1.NoSuchEvent");

        await Eventually.Until(() => host.QueueDepthAsync(ErrorQueue), depth => depth == before + 1, "the message in " + ErrorQueue);
    }

    [Fact]
    public async Task A_body_that_is_not_the_named_type_goes_to_the_error_queue()
    {
        var before = await host.QueueDepthAsync(ErrorQueue);

        await PublishRawAsync([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], messageType: ContactReceived.Descriptor.FullName);

        await Eventually.Until(() => host.QueueDepthAsync(ErrorQueue), depth => depth == before + 1, "the message in " + ErrorQueue);
    }

    Task PublishRawAsync(byte[] body, string? messageType) => host.PublishRawAsync(BusHost.Queue, body, messageType);
}
