using System.Diagnostics;
using Mash.Testing;
using Npgsql;

namespace Mash.Chaos;

public enum FaultKind { KillService, RestartRabbitMq, RestartPostgres, FreezeRabbitMq, FreezePostgres, DropPostgresConnections, DropRabbitMqConnections }

/// <summary>A fault injected once <see cref="At"/> of the contacts have been accepted.</summary>
/// <param name="Seconds">How long a freeze lasts; 0 in a schedule, chosen by the run's seed (<see cref="Lengths"/>).</param>
public sealed record Fault(double At, FaultKind Kind, string Service = "", int Seconds = 0)
{
    public override string ToString() => Kind switch
    {
        FaultKind.KillService => $"kill -9 {Service.ToLowerInvariant()}, restart",
        FaultKind.RestartRabbitMq => "RabbitMQ kill -9, restart",
        FaultKind.RestartPostgres => "PostgreSQL immediate stop, restart",
        FaultKind.FreezeRabbitMq => $"RabbitMQ frozen (kill -STOP) {Seconds} s",
        FaultKind.FreezePostgres => $"PostgreSQL frozen (kill -STOP) {Seconds} s",
        FaultKind.DropPostgresConnections => "PostgreSQL backends terminated",
        _ => "RabbitMQ connections closed",
    };

    static bool IsFreeze(FaultKind kind) => kind is FaultKind.FreezeRabbitMq or FaultKind.FreezePostgres;

    /// <summary>
    /// The schedule with each freeze's length chosen from 20 to 60 s by <paramref name="seed"/>: a hung
    /// server for longer than a connection's timeouts (Npgsql's 30 s command timeout, AMQP heartbeats)
    /// and within them, the same lengths for the same seed.
    /// </summary>
    public static IReadOnlyList<Fault> Lengths(IReadOnlyList<Fault> schedule, int seed)
    {
        var random = new Random(seed);
        return schedule.Select(f => IsFreeze(f.Kind) && f.Seconds == 0 ? f with { Seconds = random.Next(20, 61) } : f).ToList();
    }

    /// <summary>
    /// The schedule: each of the five services killed (-9) and restarted in turn; the broker
    /// and the database crashed and restarted, then hung (every process stopped) and continued; then
    /// every connection of the services to each dropped under them; spread over the run.
    /// </summary>
    public static IReadOnlyList<Fault> Full { get; } =
    [
        new(0.06, FaultKind.KillService, "Intake"),
        new(0.14, FaultKind.KillService, "Thresholds"),
        new(0.22, FaultKind.KillService, "EarlyHelp"),
        new(0.30, FaultKind.KillService, "Allocation"),
        new(0.38, FaultKind.KillService, "Audit"),
        new(0.46, FaultKind.RestartRabbitMq),
        new(0.54, FaultKind.RestartPostgres),
        new(0.62, FaultKind.FreezeRabbitMq),
        new(0.70, FaultKind.FreezePostgres),
        new(0.78, FaultKind.DropPostgresConnections),
        new(0.86, FaultKind.DropRabbitMqConnections),
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
public sealed class FaultInjector(ServicePipeline pipeline, ChaosServers servers, Supervisor supervisor, TextWriter log)
{
    /// <summary>How long the services may take to connect again after their connections were dropped: a wait, not a timing.</summary>
    static readonly TimeSpan Reconnect = TimeSpan.FromMinutes(5);

    public async Task<InjectedFault> InjectAsync(Fault fault, Stopwatch clock)
    {
        var at = clock.Elapsed;
        log.WriteLine($"[{at:mm\\:ss}] fault: {fault}");
        var outage = Stopwatch.StartNew();
        switch (fault.Kind)
        {
            case FaultKind.KillService:
                await supervisor.KillAndRestartAsync(pipeline.Services.Single(s => s.ToString() == fault.Service));
                break;
            case FaultKind.RestartRabbitMq:
                await servers.RestartRabbitMqAsync(log);
                break;
            case FaultKind.RestartPostgres:
                await servers.RestartPostgresAsync(log);
                break;
            case FaultKind.FreezeRabbitMq:
                await servers.FreezeRabbitMqAsync(fault.Seconds, log);
                break;
            case FaultKind.FreezePostgres:
                await servers.FreezePostgresAsync(fault.Seconds, log);
                break;
            case FaultKind.DropPostgresConnections:
                await servers.DropPostgresConnectionsAsync(log);
                await Eventually(ServicesOnDatabasesAsync, "every service connected to its database again");
                break;
            case FaultKind.DropRabbitMqConnections:
                await servers.DropRabbitMqConnectionsAsync(log);
                await Eventually(ServicesOnBrokerAsync, "every service connected to the broker again");
                break;
        }
        log.WriteLine($"[{clock.Elapsed:mm\\:ss}] back after {outage.Elapsed.TotalSeconds:0.0} s: {fault}");
        return new InjectedFault(fault, at, outage.Elapsed);
    }

    /// <summary>Back, for dropped connections, is when every service holds a new one (each polls its outbox, so each reconnects unasked).</summary>
    async Task Eventually(Func<Task<bool>> back, string what)
    {
        var deadline = DateTime.UtcNow + Reconnect;
        while (!await back())
        {
            if (DateTime.UtcNow > deadline) { log.WriteLine($"not {what} after {Reconnect.TotalMinutes:0} min"); return; }
            await Task.Delay(200);
        }
    }

    async Task<bool> ServicesOnDatabasesAsync()
    {
        var databases = new[] { pipeline.IntakeDb, pipeline.ThresholdsDb, pipeline.EarlyHelpDb, pipeline.AllocationDb, pipeline.AuditDb }
            .Select(c => new NpgsqlConnectionStringBuilder(c).Database!).ToArray();
        try
        {
            await using var connection = new NpgsqlConnection(pipeline.Servers.PostgresConnectionString() + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(DISTINCT datname) FROM pg_stat_activity WHERE datname = ANY(@d) AND backend_type = 'client backend'", connection);
            command.Parameters.AddWithValue("d", databases);
            return (long)(await command.ExecuteScalarAsync())! == databases.Length;
        }
        catch (NpgsqlException) { return false; }
    }

    async Task<bool> ServicesOnBrokerAsync()
    {
        try
        {
            var users = (await pipeline.ManagementGetAsync("connections?columns=user")).EnumerateArray()
                .Select(c => c.GetProperty("user").GetString()).ToHashSet();
            return pipeline.Services.All(s => users.Contains(IsolatedEnvironment.BrokerUser(s.ToString())));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }
}
