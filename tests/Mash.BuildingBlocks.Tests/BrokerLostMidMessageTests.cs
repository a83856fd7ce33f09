using Mash.BuildingBlocks.Messaging.Health;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>Handlers held open until the test lets them go: the broker can be lost with each of them mid-message.</summary>
public sealed class Hold
{
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _entered;

    public int Entered => Volatile.Read(ref _entered);

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entered);
        await _released.Task.WaitAsync(cancellationToken);
    }

    public void Release() => _released.TrySetResult();
}

public sealed class HeldConsumer(TestDbContext db, Hold hold) : InboxConsumer<ContactReceived, TestDbContext>(db)
{
    protected override async Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        await hold.EnterAsync(cancellationToken);
        Db.Effects.Add(new Effect { EventId = message.EventId(), ContactId = message.Header.ContactId });
    }
}

/// <summary>A bus whose connection to the broker runs through a gate the test shuts, with the given prefetch and concurrency.</summary>
public sealed class GatedBusHost(ushort prefetch, int? concurrency) : BusHost
{
    public const string HeldQueue = "bbtest-held";
    TcpGate? _gate;

    public TcpGate Gate => _gate!;

    public Hold Hold => Services.GetRequiredService<Hold>();

    protected override void Configure(IConfigurationManager configuration)
    {
        _gate = new TcpGate(Servers.RabbitHost, Servers.RabbitPort);
        configuration["RabbitMq:Port"] = _gate.Port.ToString();
        configuration["RabbitMq:PrefetchCount"] = prefetch.ToString();
        if (concurrency is { } limit) configuration["RabbitMq:ConcurrentMessageLimit"] = limit.ToString();
        configuration["Health:CheckInterval"] = "00:00:01";
    }

    protected override void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<Hold>();
        bus.AddConsumer<HeldConsumer>().Endpoint(e => e.Name = HeldQueue);
    }

    public override async ValueTask DisposeAsync()
    {
        _gate?.Open();
        if (Started) Hold.Release();
        await base.DisposeAsync();
        if (_gate is not null) await _gate.DisposeAsync();
    }
}

/// <summary>
/// The stall the chaos run once met: the broker lost while consumers were mid-message, each of
/// their acknowledgements then going to a connection that no longer exists. At one message at a
/// time, at the defaults and with a wide prefetch and a concurrency limit, every message must still
/// have its effect exactly once, the queue must drain, and the service must be consuming again,
/// with nobody restarting anything. The gate resets every connection at once, as the kernel does
/// for a broker killed with -9, while the real broker keeps the messages, as a restarted one does.
/// </summary>
public sealed class BrokerLostMidMessageTests
{
    const int Messages = 40;

    public static TheoryData<ushort, int?> Settings => new()
    {
        { 1, 1 },
        { 32, null },
        { 64, 8 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Every_message_in_flight_when_the_broker_is_lost_has_its_effect_once_and_consuming_resumes(ushort prefetch, int? concurrency)
    {
        await using var host = new GatedBusHost(prefetch, concurrency);
        await host.InitializeAsync();
        var events = Enumerable.Range(0, Messages).Select(_ => Events.ContactReceived()).ToList();
        foreach (var e in events)
            await host.Services.GetRequiredService<IBus>().Publish(e, context => context.MessageId = Guid.Parse(e.Header.EventId), TestContext.Current.CancellationToken);
        // Delivered and unacknowledged: the prefetch. Inside their handlers: as many as hold one of the
        // test database's 10 connections (the inbox's transaction is open around the handler).
        var inFlight = Math.Min(8, concurrency ?? prefetch);
        await Eventually.Until(() => Task.FromResult(host.Hold.Entered), n => n >= inFlight, $"{inFlight} handlers mid-message");

        host.Gate.Shut();
        await Eventually.Until(() => Task.FromResult(host.Services.GetRequiredService<IBusControl>().CheckHealth().Status),
            status => status != BusHealthStatus.Healthy, "the bus to see the broker gone");
        host.Hold.Release();
        host.Gate.Open();

        var ids = events.Select(e => Guid.Parse(e.Header.EventId)).ToArray();
        await Eventually.Until(() => Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM effects WHERE event_id = ANY($1)", ids),
            n => n == Messages, $"all {Messages} effects", TimeSpan.FromSeconds(90));
        await Eventually.Until(() => host.QueueDepthAsync(GatedBusHost.HeldQueue), depth => depth == 0, "the queue to drain", TimeSpan.FromSeconds(60));
        var watch = host.Services.GetRequiredService<ConsumerWatch>();
        await Eventually.Until(() => watch.CurrentAsync(TestContext.Current.CancellationToken), v => v.Consuming, "the watch to see it consuming", TimeSpan.FromSeconds(60));
        Assert.Equal(Messages, await Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM effects WHERE event_id = ANY($1)", ids));
    }
}
