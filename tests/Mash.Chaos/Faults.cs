using System.Diagnostics;
using Mash.Testing;

namespace Mash.Chaos;

public enum FaultKind { KillService, RestartRabbitMq, RestartPostgres }

/// <summary>A fault injected once <see cref="At"/> of the contacts have been accepted.</summary>
public sealed record Fault(double At, FaultKind Kind, string Service = "")
{
    public override string ToString() => Kind switch
    {
        FaultKind.KillService => $"kill -9 {Service.ToLowerInvariant()}, restart",
        FaultKind.RestartRabbitMq => "RabbitMQ kill -9, restart",
        _ => "PostgreSQL immediate stop, restart",
    };

    /// <summary>
    /// The schedule: each of the five services killed (-9) and restarted in turn, then the
    /// broker, then the database, spread over the run.
    /// </summary>
    public static IReadOnlyList<Fault> Full { get; } =
    [
        new(0.08, FaultKind.KillService, "Intake"),
        new(0.20, FaultKind.KillService, "Thresholds"),
        new(0.32, FaultKind.KillService, "EarlyHelp"),
        new(0.44, FaultKind.KillService, "Allocation"),
        new(0.56, FaultKind.KillService, "Audit"),
        new(0.68, FaultKind.RestartRabbitMq),
        new(0.80, FaultKind.RestartPostgres),
    ];

    /// <summary>The test suite's: one service killed, the broker restarted once.</summary>
    public static IReadOnlyList<Fault> Small { get; } =
    [
        new(0.25, FaultKind.KillService, "Intake"),
        new(0.60, FaultKind.RestartRabbitMq),
    ];
}

/// <summary>What was done, when, and how long the thing took to answer again.</summary>
public sealed record InjectedFault(Fault Fault, TimeSpan At, TimeSpan Outage);

/// <summary>Injects faults into a pipeline on private servers, in order, as the run progresses.</summary>
public sealed class FaultInjector(ServicePipeline pipeline, ChaosServers servers, TextWriter log)
{
    public async Task<InjectedFault> InjectAsync(Fault fault, Stopwatch clock)
    {
        var at = clock.Elapsed;
        log.WriteLine($"[{at:mm\\:ss}] fault: {fault}");
        var outage = Stopwatch.StartNew();
        switch (fault.Kind)
        {
            case FaultKind.KillService:
                var service = pipeline.Services.Single(s => s.ToString() == fault.Service);
                await service.KillAsync();
                await RestartAsync(service);
                break;
            case FaultKind.RestartRabbitMq:
                await servers.RestartRabbitMqAsync(log);
                break;
            case FaultKind.RestartPostgres:
                await servers.RestartPostgresAsync(log);
                break;
        }
        log.WriteLine($"[{clock.Elapsed:mm\\:ss}] back after {outage.Elapsed.TotalSeconds:0.0} s: {fault}");
        return new InjectedFault(fault, at, outage.Elapsed);
    }

    /// <summary>
    /// Starts the service again as a supervisor (systemd, Kubernetes) would: a start that fails (the
    /// database did not answer in time on a loaded machine, and the service exits) is tried again.
    /// </summary>
    async Task RestartAsync(ServiceProcess service)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await service.StartAsync(); return; }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                log.WriteLine($"{service} exited during start (attempt {attempt}), starting it again: {e.Message.Split('\n')[0]}");
            }
        }
    }
}
