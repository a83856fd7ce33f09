using Mash.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// The cause of the stalled queue, reproduced on purpose with RabbitMQ.Client alone: a publish
/// waiting to be written holds its channel's confirmation lock when the connection is given up
/// (here a hung broker, its heartbeats missed; in the chaos run a killed one); the
/// client's shutdown of that channel waits for the lock; the channel is disposed on hearing of its
/// shutdown, as MassTransit does, and the waiter is stranded. The connection tells its channels one
/// after another, so a consumer's channel after the stranded one is never told, and its consumer
/// would stay "ready" forever. On a connection of its own (the layout of
/// <see cref="Mash.BuildingBlocks.Messaging.Outbox.PublishingBus"/>), the consumer's channel is told
/// at once. If the first test ever fails, the client has fixed the strand (its issue 1976): the
/// separate connection may then go, and this test with it.
/// </summary>
public sealed class StrandedChannelShutdownTests : IAsyncLifetime
{
    static readonly TimeSpan Told = TimeSpan.FromSeconds(12);
    readonly IsolatedEnvironment _broker = new();
    readonly List<IConnection> _connections = [];
    TcpGate _gate = null!;

    public async ValueTask InitializeAsync()
    {
        await _broker.InitializeAsync();
        _gate = new TcpGate(_broker.Servers.RabbitHost, _broker.Servers.RabbitPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.DisposeAsync();
        // A connection with a stranded channel never finishes disposing: given a moment, then left.
        foreach (var connection in _connections)
        {
            try { await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2)); }
            catch (TimeoutException) { }
        }
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task On_one_connection_a_publish_stuck_when_the_connection_is_given_up_strands_the_notice_to_the_consumers_channel()
    {
        var connection = await ConnectAsync("stranded-shared");
        // The publishing channel first, as the bus's was: the connection tells its channels in that order.
        var publishing = await PublishingChannelAsync(connection);
        var told = await ConsumingChannelAsync(connection);
        var (stuck, timeout) = await PublishUntilStuckAsync(publishing);

        var outcome = await BrokerHangsAsync(told, timeout);

        Assert.NotSame(told, outcome);
        // The stuck publish gives up when its own time runs out, and finds its lock disposed: the
        // ObjectDisposedException the outbox logged in the chaos run, just before the stall.
        var failure = await Record.ExceptionAsync(async () => await stuck);
        Assert.IsType<ObjectDisposedException>(failure);
        Assert.False(told.IsCompleted);
        GC.KeepAlive(publishing);
    }

    [Fact]
    public async Task On_connections_of_their_own_the_consumers_channel_is_told_at_once()
    {
        var publishingConnection = await ConnectAsync("stranded-publishing");
        var consumingConnection = await ConnectAsync("stranded-consuming");
        var publishing = await PublishingChannelAsync(publishingConnection);
        var told = await ConsumingChannelAsync(consumingConnection);
        var (_, timeout) = await PublishUntilStuckAsync(publishing);

        var outcome = await BrokerHangsAsync(told, timeout);

        Assert.Same(told, outcome);
        Assert.Equal(ShutdownInitiator.Library, (await told).Initiator);
        GC.KeepAlive(publishing);
    }

    /// <summary>
    /// The broker hangs (the gate is frozen): nothing crosses, and the client gives the connection
    /// up when its heartbeats stop (a second each here, three missed). The stuck publish's own time
    /// runs out halfway through the wait. Returns <paramref name="told"/> if the consumer's channel
    /// was told within <see cref="Told"/>.
    /// </summary>
    static async Task<Task> BrokerHangsAsync(Task<ShutdownEventArgs> told, CancellationTokenSource publishTimeout)
    {
        publishTimeout.CancelAfter(Told / 2);
        return await Task.WhenAny(told, Task.Delay(Told, TestContext.Current.CancellationToken));
    }

    async Task<IConnection> ConnectAsync(string name)
    {
        var connection = await new ConnectionFactory
        {
            HostName = "127.0.0.1", Port = _gate.Port, VirtualHost = _broker.VirtualHost,
            UserName = _broker.Servers.RabbitUser, Password = _broker.Servers.RabbitPassword,
            ClientProvidedName = name, AutomaticRecoveryEnabled = false, RequestedHeartbeat = TimeSpan.FromSeconds(1),
        }.CreateConnectionAsync(TestContext.Current.CancellationToken);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>A consumer on a channel of <paramref name="connection"/>; completes with the channel's shutdown notice.</summary>
    static async Task<Task<ShutdownEventArgs>> ConsumingChannelAsync(IConnection connection)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var queue = (await channel.QueueDeclareAsync(cancellationToken: TestContext.Current.CancellationToken)).QueueName;
        await channel.BasicConsumeAsync(queue, autoAck: false, new AsyncEventingBasicConsumer(channel), TestContext.Current.CancellationToken);
        var told = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, reason) => { told.TrySetResult(reason); return Task.CompletedTask; };
        return told.Task;
    }

    /// <summary>A channel with publisher confirmations, disposed on hearing of its shutdown, as MassTransit's channel supervisor does.</summary>
    static async Task<IChannel> PublishingChannelAsync(IConnection connection)
    {
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false),
            TestContext.Current.CancellationToken);
        // MassTransit's supervisor stops the channel's agent, which disposes the channel a moment later.
        channel.ChannelShutdownAsync += (_, _) =>
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
                await channel.DisposeAsync();
            });
            return Task.CompletedTask;
        };
        return channel;
    }

    /// <summary>
    /// The gate frozen and publishes sent until one cannot be written: that one holds the
    /// confirmation lock. The test cancels it once the connection has been given up, as the
    /// outbox's publish timeout does.
    /// </summary>
    async Task<(Task Stuck, CancellationTokenSource Timeout)> PublishUntilStuckAsync(IChannel channel)
    {
        _gate.Freeze();
        var body = new byte[64 * 1024];
        for (var sent = 0; sent < 5_000; sent++)
        {
            var timeout = new CancellationTokenSource();
            var publish = channel.BasicPublishAsync("", "nowhere", body, timeout.Token).AsTask();
            if (await Task.WhenAny(publish, Task.Delay(TimeSpan.FromMilliseconds(500))) != publish) return (publish, timeout);
            await publish;
            timeout.Dispose();
        }
        throw new InvalidOperationException("5,000 publishes were written through a frozen gate: the gate does not freeze");
    }
}
