using System.Diagnostics;
using Npgsql;

namespace Mash.Chaos;

/// <summary>Private servers to crash, on them the five services and their databases.</summary>
/// <param name="Name">The private servers' name (a PostgreSQL cluster and a RabbitMQ node); an earlier run's leftovers of that name are removed.</param>
public sealed record PrivateServers(string Name, int PostgresPort, int AmqpPort);

/// <summary>
/// One whole chaos run, as deploy/mash chaos and the test suite run it: start private servers and the
/// five services on them, drive contacts through under the faults, check and print the tally, then
/// stop everything it started.
/// </summary>
public static class ChaosSession
{
    public static async Task<(ChaosOutcome Outcome, ChaosReport Report)> RunAsync(ChaosOptions options, PrivateServers where, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var servers = await ChaosServers.StartAsync(where.Name, where.PostgresPort, where.AmqpPort, log);
        // An earlier run in this process (--repeat) pooled connections to the cluster just dropped and made anew.
        NpgsqlConnection.ClearAllPools();
        var pipeline = new ChaosPipeline(servers.Endpoints, options.QueueType);
        Supervisor? supervisor = null;
        try
        {
            await pipeline.InitializeAsync();
            log.WriteLine($"[{clock.Elapsed:mm\\:ss}] five services SERVING on {servers.Endpoints.Source}");
            supervisor = new Supervisor(pipeline.Services, log);
            var outcome = await ChaosRun.RunAsync(pipeline, servers, supervisor, options, log, cancellationToken);
            var report = await ChaosChecker.CheckAsync(pipeline, options, outcome, Quiescence(options), log);

            log.WriteLine();
            log.WriteLine($"Chaos run: {options.Contacts} contacts (seed {options.Seed}, {options.QueueType} queues), {outcome.Accepted.Sum(a => a.ChildIds.Count)} children, "
                + $"run {outcome.Duration.TotalSeconds:0} s, in all {clock.Elapsed.TotalSeconds:0} s");
            log.WriteLine($"Faults injected ({outcome.Faults.Count}):");
            foreach (var f in outcome.Faults) log.WriteLine($"  at {f.At:mm\\:ss}  {f.Fault,-40} back after {f.Outage.TotalSeconds:0.0} s");
            log.WriteLine($"Supervisor: {outcome.Restarts.Count} restarts of services that exited by themselves{(outcome.Restarts.Count > 0 ? ": " + string.Join(", ", outcome.Restarts) : "")}");
            log.WriteLine($"Clients: {outcome.SubmitRetries} submission retries ({outcome.Replayed} answered as replays of a stored contact), {outcome.ScreenerRetries} screener retries");
            log.WriteLine();
            report.Print(log);
            log.WriteLine();
            log.WriteLine(report.Ok ? "CHAOS OK: nothing lost, nothing duplicated." : $"CHAOS FAILED: {report.Rows.Count(r => !r.Ok)} checks with discrepancies.");
            return (outcome, report);
        }
        finally
        {
            if (supervisor is not null) await supervisor.DisposeAsync();
            await pipeline.DisposeAsync();
        }
    }

    /// <summary>How long the check waits for the backlog to drain after the last decision: generous, it is a wait.</summary>
    static TimeSpan Quiescence(ChaosOptions options) => TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(options.Contacts * 0.2);
}
