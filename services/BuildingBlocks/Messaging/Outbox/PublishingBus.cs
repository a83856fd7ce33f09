using Mash.BuildingBlocks.Messaging.Protobuf;
using Mash.BuildingBlocks.Messaging.Routing;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Mash.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// The bus the outbox publishes through: a MassTransit bus with no consumers, on a broker
/// connection of its own, apart from the connection the service's consumers receive on.
/// <para>
/// Why apart: with RabbitMQ.Client 7.2.2 (the newest on the package feed), a publish that is
/// waiting to be written when the connection dies holds its channel's confirmation lock; the
/// client's shutdown of that channel waits for the lock, MassTransit disposes the channel as soon
/// as it hears of the shutdown, and the waiter is stranded for good (rabbitmq-dotnet-client issue
/// 1976, "Disposing a SemaphoreSlim without releasing it can permanently strand waiters"). The
/// connection tells its channels of the shutdown one after another, so every channel after the
/// stranded one is never told: its consumer stays "ready" to MassTransit while the broker has no
/// consumer on the queue. That was the stalled queue of the chaos runs. On a connection that
/// carries no outbox publishes, a consumer's channel is told at once.
/// </para>
/// Registered before MassTransit's own hosted service, so it starts first and stops last: the
/// outbox's last flush (<see cref="DrainOutboxAtShutdown"/>) runs while the consumers' bus stops.
/// </summary>
public sealed class PublishingBus : IHostedService
{
    readonly CancellationTokenSource _stopping = new();
    Task? _starting;

    public PublishingBus(RabbitMqOptions rabbit, ProtobufMessageTypes types, string serviceName)
    {
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.UseMashHost(rabbit, $"{serviceName}-publishing");
            cfg.UseProtobufEvents(types);
            cfg.UseEventRoutes();
        });
    }

    public IBusControl Bus { get; }

    /// <summary>How long the service's start waits for this bus: a broker that answers is connected before the service says it is ready.</summary>
    static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts, waiting at most <see cref="StartWait"/>, then in the background: a broker that is down
    /// at start must not hold the service's start (MassTransit retries the connection; the outbox
    /// keeps its rows until a publish is confirmed).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                try { await Bus.StartAsync(_stopping.Token); return; }
                catch (Exception) when (!_stopping.IsCancellationRequested) { await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token); }
            }
        }, CancellationToken.None);
        await Task.WhenAny(_starting, Task.Delay(StartWait, cancellationToken));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try { if (_starting is not null) await _starting; }
        catch (OperationCanceledException) { }
        await Bus.StopAsync(cancellationToken);
    }
}
