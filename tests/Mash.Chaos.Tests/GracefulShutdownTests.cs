using Mash.Testing;
using Xunit;

namespace Mash.Chaos.Tests;

/// <summary>
/// The graceful shutdown: while partners submit contacts (retrying UNAVAILABLE with their
/// idempotency keys) and a screener decides them, each of the five services in turn is sent
/// SIGTERM, must exit with code 0 within 30 s, having flushed its outbox (logged) and left it empty, and is started again; then
/// the chaos run's checks: every accepted contact at its end state exactly once, each event once in
/// the trail, nothing left in a queue or an error queue. On this test run's servers: nothing here
/// restarts a server.
/// </summary>
public sealed class GracefulShutdownTests
{
    static readonly TimeSpan Allowed = TimeSpan.FromSeconds(30);

    sealed record Stop(string Service, int ExitCode, TimeSpan Took, long OutboxLeft, bool Flushed)
    {
        public override string ToString() => $"{Service}: exit {ExitCode} after {Took.TotalSeconds:0.0} s, {OutboxLeft} events left in its outbox, "
            + (Flushed ? "flushed after its consumers stopped" : "NO FLUSH LOGGED");
    }

    [Fact]
    public async Task Every_service_sent_SIGTERM_under_load_exits_0_within_30_s_and_nothing_is_lost_or_duplicated()
    {
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        var options = new ChaosOptions(Contacts: 200, Seed: 11, Faults: [], Concurrency: 6, Timeout: TimeSpan.FromMinutes(4));
        await using var pipeline = new ChaosPipeline(await TestServers.GetAsync());
        var stops = new List<Stop>();
        try
        {
            await pipeline.InitializeAsync();
            var databases = new[] { pipeline.IntakeDb, pipeline.ThresholdsDb, pipeline.EarlyHelpDb, pipeline.AllocationDb, pipeline.AuditDb };
            var outcome = await ChaosRun.RunAsync(pipeline, options, log, async (progress, clock) =>
            {
                for (var i = 0; i < pipeline.Services.Count; i++)
                {
                    await progress.ReachedAsync(0.1 + 0.15 * i);
                    var service = pipeline.Services[i];
                    log.WriteLine($"[{clock.Elapsed:mm\\:ss}] SIGTERM to {service}");
                    var (exitCode, took) = await service.TerminateAsync(Allowed);
                    var stop = new Stop(service.ToString(), exitCode, took, await Sql.CountAsync(databases[i], "SELECT count(*) FROM outbox_messages"),
                        service.Output.Contains("Outbox flushed at shutdown", StringComparison.Ordinal));
                    stops.Add(stop);
                    log.WriteLine($"[{clock.Elapsed:mm\\:ss}] {stop}");
                    Assert.True(exitCode == 0, $"{stop}:\n{service.Output}");
                    await service.StartAsync();
                    log.WriteLine($"[{clock.Elapsed:mm\\:ss}] {service} SERVING again");
                }
                return [];
            }, TestContext.Current.CancellationToken);
            var report = await ChaosChecker.CheckAsync(pipeline, options, outcome, TimeSpan.FromMinutes(2), log);
            log.WriteLine($"{outcome.Accepted.Count} contacts accepted, {outcome.Decided.Count} children decided; "
                + $"{outcome.SubmitRetries} submission retries ({outcome.Replayed} replays), {outcome.ScreenerRetries} screener retries");
            report.Print(log);

            Assert.Equal(["Intake", "Thresholds", "EarlyHelp", "Allocation", "Audit"], stops.Select(s => s.Service));
            Assert.All(stops, s => Assert.True(s.ExitCode == 0 && s.OutboxLeft == 0 && s.Flushed, s.ToString()));
            Assert.True(report.Ok, "Discrepancies after the services were stopped in turn:\n" + output);
        }
        finally
        {
            TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        }
    }
}
