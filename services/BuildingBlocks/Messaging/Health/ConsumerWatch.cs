using Mash.BuildingBlocks.Messaging.Errors;
using Mash.BuildingBlocks.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Messaging.Health;

/// <summary>
/// Watches whether the service is consuming: the bus started and every receive endpoint ready
/// (MassTransit's own view), and every queue of the service's endpoints with at least one
/// consumer (the broker's view, over a connection of its own: a bus whose connection is stuck
/// cannot be asked about itself). The verdict is readiness (<see cref="ConsumerReadiness"/>); a stall
/// that lasts <see cref="ConsumerWatchOptions.ExitAfter"/> stops the service with
/// <see cref="StalledExitCode"/>, so its supervisor (deploy/mash, compose, Kubernetes) starts it
/// afresh: a restarted process has a new connection, and the inbox and the outbox make the
/// redelivery that follows harmless. A queue left with messages and no consumer is never silent.
/// </summary>
public sealed class ConsumerWatch(
    IBusControl bus, EndpointQueues endpoints, BrokerQueues broker, ConsumerWatchOptions options,
    IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ConsumerWatch> logger) : BackgroundService
{
    /// <summary>EX_TEMPFAIL of sysexits.h: a temporary failure, start me again.</summary>
    public const int StalledExitCode = 75;

    readonly SemaphoreSlim _looking = new(1, 1);
    DateTimeOffset _lookedAt = DateTimeOffset.MinValue;

    public ConsumerVerdict Verdict { get; private set; } = ConsumerVerdict.NotYetChecked;

    /// <summary>
    /// The verdict, looked at again first if it says not consuming and is older than a second: a
    /// service just started is ready as soon as its endpoints are, not at the next tick.
    /// </summary>
    public async Task<ConsumerVerdict> CurrentAsync(CancellationToken cancellationToken)
    {
        if (!Verdict.Consuming && clock.GetUtcNow() - _lookedAt > TimeSpan.FromSeconds(1))
            await LookAsync(cancellationToken);
        return Verdict;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.CheckInterval, LookAsync,
            ex => logger.LogWarning("Could not look at the consumers ({Error})", ex.GetType().Name), stoppingToken, clock);

    /// <summary>One look: updates <see cref="Verdict"/>, and stops the service once the stall has lasted too long.</summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await _looking.WaitAsync(cancellationToken);
        try
        {
            await LookOnceAsync(cancellationToken);
        }
        finally
        {
            _looking.Release();
        }
    }

    async Task LookOnceAsync(CancellationToken cancellationToken)
    {
        var problems = await ProblemsAsync(cancellationToken);
        var now = _lookedAt = clock.GetUtcNow();
        var (before, after) = (Verdict, Verdict.Next(problems, now));
        Verdict = after;
        if (!after.Consuming && before.Consuming)
            logger.LogWarning("Not consuming: {Problems}", string.Join("; ", problems));
        else if (after.Consuming && !before.Consuming && before.StalledSince is { } since)
            logger.LogInformation("Consuming again after {Seconds:0} s", (now - since).TotalSeconds);

        if (after.StalledFor(options.ExitAfter, now) && !lifetime.ApplicationStopping.IsCancellationRequested)
            Exit(after);
    }

    async Task<List<string>> ProblemsAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var health = bus.CheckHealth();
        if (health.Status != BusHealthStatus.Healthy)
            problems.Add($"bus {health.Status}: {health.Description}");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ProbeTimeout);
        try
        {
            foreach (var queue in endpoints.Names)
                if ((await broker.PeekAsync(queue, timeout.Token).WaitAsync(timeout.Token)) is not { ConsumerCount: > 0 })
                    problems.Add($"queue {queue} has no consumer{EndpointView(health, queue)}");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            problems.Add($"the broker did not answer ({ex.GetType().Name})");
        }
        return problems;
    }

    /// <summary>What MassTransit says of the queue's endpoint, when the broker has no consumer on it: the two disagreeing is the stall.</summary>
    static string EndpointView(BusHealthResult health, string queue) =>
        health.Endpoints.Values.Where(e => EndpointQueues.QueueOf(e.InputAddress) == queue)
            .Select(e => $" (endpoint {e.Status}{(string.IsNullOrEmpty(e.Description) ? "" : ": " + e.Description)})").FirstOrDefault() ?? "";

    void Exit(ConsumerVerdict verdict)
    {
        logger.LogCritical("Not consuming for {Seconds:0} s ({Problems}): exiting with {ExitCode} so the supervisor starts the service again",
            (clock.GetUtcNow() - verdict.StalledSince!.Value).TotalSeconds, string.Join("; ", verdict.Problems), StalledExitCode);
        Environment.ExitCode = StalledExitCode;
        lifetime.StopApplication();
        // A graceful stop waits on the bus, which is what is stuck: past the host's own shutdown
        // timeout, leave anyway.
        _ = Task.Delay(TimeSpan.FromSeconds(45)).ContinueWith(_ => Environment.Exit(StalledExitCode), TaskScheduler.Default);
    }
}

/// <summary>Readiness from the last look of <see cref="ConsumerWatch"/>: the problems it found, by queue name only.</summary>
public sealed class ConsumerReadiness(ConsumerWatch watch) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var verdict = await watch.CurrentAsync(cancellationToken);
        return verdict.Consuming ? HealthCheckResult.Healthy("consuming") : HealthCheckResult.Unhealthy(string.Join("; ", verdict.Problems));
    }
}
