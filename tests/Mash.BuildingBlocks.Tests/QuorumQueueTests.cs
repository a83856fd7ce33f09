using Google.Protobuf;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>A bus wired as the services are, started with RabbitMq__QueueType=quorum, whose one consumer fails what the test says.</summary>
public sealed class QuorumHost : BusHost
{
    public const string QuorumQueue = "bbtest-quorum";

    protected override void Configure(Microsoft.Extensions.Configuration.IConfigurationManager configuration) => configuration["RabbitMq:QueueType"] = "quorum";

    protected override void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<FailingContacts>();
        bus.AddConsumer<FlakyConsumer>().Endpoint(e => e.Name = QuorumQueue);
    }
}

/// <summary>
/// RabbitMq__QueueType=quorum makes every receive endpoint's queue a quorum queue (replicated, for a
/// broker cluster), and the endpoint's _error and _skipped queues too: MassTransit declares them with
/// the endpoint's queue arguments. The service's broker user needs no other right: declaring a quorum queue is
/// the same configure permission on the same name (deploy/rabbitmq/service-rights).
/// </summary>
public sealed class QuorumQueueTests(QuorumHost host) : IClassFixture<QuorumHost>
{
    [Fact]
    public async Task The_endpoint_queue_and_its_error_queue_are_quorum_queues()
    {
        Assert.Equal("quorum", await QueueTypeAsync(QuorumHost.QuorumQueue));

        var failed = Events.ContactReceived();
        host.Services.GetRequiredService<FailingContacts>().Ids[failed.Header.ContactId] = 0;
        await host.Services.GetRequiredService<IBus>().Publish(failed, TestContext.Current.CancellationToken);
        await Eventually.Until(() => host.QueueDepthAsync(QuorumHost.QuorumQueue + "_error"), depth => depth == 1, "the failed event in the error queue");

        Assert.Equal("quorum", await QueueTypeAsync(QuorumHost.QuorumQueue + "_error"));

        // An event the endpoint has no consumer for is moved to its _skipped queue.
        await host.PublishRawAsync(QuorumHost.QuorumQueue, new ContactWithdrawn { Header = Events.ContactReceived().Header }.ToByteArray(), ContactWithdrawn.Descriptor.FullName);
        await Eventually.Until(() => host.QueueDepthAsync(QuorumHost.QuorumQueue + "_skipped"), depth => depth == 1, "the unconsumed event in the skipped queue");

        Assert.Equal("quorum", await QueueTypeAsync(QuorumHost.QuorumQueue + "_skipped"));
    }

    /// <summary>The management API's view: the type the broker holds, and the argument it was declared with.</summary>
    async Task<string> QueueTypeAsync(string queue)
    {
        var info = await host.ManagementGetAsync($"queues/{Uri.EscapeDataString(host.VirtualHost)}/{Uri.EscapeDataString(queue)}");
        var argument = info.GetProperty("arguments").TryGetProperty("x-queue-type", out var declared) ? declared.GetString() : "classic";
        Assert.Equal(info.GetProperty("type").GetString(), argument);
        return argument!;
    }
}
