using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;

namespace Mash.Load;

/// <summary>A baseline's figures: latency at a fixed offered rate, and the most it does per second.</summary>
public sealed record Baseline(string Name, string What, double OfferedPerSecond, Distribution LatencyMs, double MaxPerSecond, int Errors);

/// <summary>
/// What the same machine does with nothing of Mash in the way: an empty gRPC call (the standard
/// health check on intake, through the same channel and token interceptor as SubmitContact), and a
/// raw MassTransit publish → consume of a real ContactReceived of this run, on a vhost of its own,
/// with the services' serializer, publisher confirms and prefetch.
/// </summary>
public static class Baselines
{
    public static async Task<Baseline> EmptyGrpcCallAsync(CallInvoker invoker, double rate, TimeSpan duration, int callers)
    {
        var health = new Health.HealthClient(invoker);
        var (latency, errors) = await AtRateAsync(rate, duration, async () =>
        {
            try { await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30)); return true; }
            catch (RpcException) { return false; }
        });
        var max = await ClosedLoopAsync(callers, duration, () => health.CheckAsync(new HealthCheckRequest()).ResponseAsync);
        return new Baseline("empty gRPC call", "grpc.health.v1.Health/Check on intake, same channel and token interceptor as SubmitContact",
            rate, latency, max, errors);
    }

    /// <summary>
    /// Calls at <paramref name="rate"/> for <paramref name="duration"/>, evenly spaced and each on
    /// time whatever the others do (open loop): the latency of the calls that succeeded, from their
    /// due time, and how many failed (<paramref name="call"/> answers false).
    /// </summary>
    internal static async Task<(Distribution Latency, int Errors)> AtRateAsync(double rate, TimeSpan duration, Func<Task<bool>> call)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        async Task TimedAsync(double due)
        {
            if (await call()) latencies.Add(RunClock.Now - due);
            else Interlocked.Increment(ref errors);
        }
        var start = RunClock.Now + 50;
        var calls = new List<Task>();
        foreach (var offset in Schedule.Fixed(rate, duration))
        {
            await RunClock.UntilAsync(start + offset.TotalMilliseconds);
            calls.Add(TimedAsync(start + offset.TotalMilliseconds));
        }
        await Task.WhenAll(calls);
        return (Distribution.Of(latencies), errors);
    }

    /// <summary>Calls per second of <paramref name="callers"/> callers each calling again as soon as answered.</summary>
    internal static async Task<double> ClosedLoopAsync(int callers, TimeSpan duration, Func<Task> call)
    {
        var done = 0;
        var start = RunClock.Now;
        var end = start + duration.TotalMilliseconds;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (RunClock.Now < end) { await call(); Interlocked.Increment(ref done); }
        })));
        return done / ((RunClock.Now - start) / 1000.0);
    }

    public static async Task<Baseline> RawMassTransitAsync(ContactReceived sample, int prefetch, double rate, TimeSpan duration, int maxMessages)
    {
        await using var vhost = new IsolatedEnvironment();
        await vhost.InitializeAsync();
        var servers = vhost.Servers;
        var latencies = new ConcurrentBag<double>();
        var consumed = 0;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, vhost.VirtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
                h.PublisherConfirmation = true;
            });
            cfg.PrefetchCount = prefetch;
            cfg.UseProtobufEvents(MessagingExtensions.EventTypes);
            cfg.ReceiveEndpoint("baseline-contact-received", e => e.Handler<ContactReceived>(context =>
            {
                latencies.Add(RunClock.Now - RunClock.Of(context.Message.Header.OccurredAt.ToDateTimeOffset()));
                Interlocked.Increment(ref consumed);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        try
        {
            ContactReceived Copy(double due)
            {
                var message = sample.Clone();
                message.Header.EventId = Guid.NewGuid().ToString();
                message.Header.OccurredAt = Timestamp.FromDateTimeOffset(RunClock.ToUtc(due));
                return message;
            }
            await bus.Publish(Copy(RunClock.Now)); // declares the exchange and binding before timing
            await WaitForAsync(() => consumed >= 1, TimeSpan.FromSeconds(30));

            // Latency at the offered rate, from each message's due time to its consumption.
            var start = RunClock.Now + 50;
            var schedule = Schedule.Fixed(rate, duration);
            var publishes = new List<Task>();
            foreach (var offset in schedule)
            {
                var due = start + offset.TotalMilliseconds;
                await RunClock.UntilAsync(due);
                publishes.Add(bus.Publish(Copy(due)));
            }
            await Task.WhenAll(publishes);
            await WaitForAsync(() => consumed >= 1 + schedule.Length, TimeSpan.FromSeconds(60));
            var latency = Distribution.Of(latencies);

            // The most it does: publish as fast as confirms allow (up to 512 in flight), until all are consumed.
            var before = consumed;
            var begin = RunClock.Now;
            using var window = new SemaphoreSlim(512);
            var flood = new List<Task>(maxMessages);
            for (var i = 0; i < maxMessages; i++)
            {
                await window.WaitAsync();
                flood.Add(bus.Publish(Copy(RunClock.Now)).ContinueWith(_ => window.Release(), TaskScheduler.Default));
            }
            await Task.WhenAll(flood);
            await WaitForAsync(() => consumed >= before + maxMessages, TimeSpan.FromSeconds(120));
            var perSecond = maxMessages / ((RunClock.Now - begin) / 1000.0);
            return new Baseline("raw MassTransit publish → consume", $"ContactReceived of {sample.CalculateSize()} bytes, protobuf, publisher confirms, prefetch {prefetch}, own vhost",
                rate, latency, perSecond, 0);
        }
        finally { await bus.StopAsync(); }
    }

    static async Task WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the MassTransit baseline did not consume every message it published");
            await Task.Delay(5);
        }
    }
}
