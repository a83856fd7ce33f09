using System.Globalization;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Npgsql;

namespace Mash.Load;

/// <summary>
/// `deploy/mash bench load`: open-loop phases at fixed offered rates, a closed-loop phase at the
/// maximum, the baselines (first), what each contact costs, the targets of issue 18 and the integrity check.
/// </summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(Options options)
    {
        var duration = TimeSpan.FromSeconds(options.Int("--duration", 60));
        var rates = options.Text("--rates", "5,50,75,max").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var poisson = options.Flag("--poisson");
        var seed = options.Int("--seed", 1);
        var maxCallers = options.Int("--max-callers", 32);
        var baselines = !options.Flag("--no-baselines");
        var warmup = TimeSpan.FromSeconds(options.Int("--warmup", 5));
        var settle = TimeSpan.FromSeconds(options.Int("--warmup-settle", 30));
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        await using var harness = await Harness.StartAsync(options, runId);
        var started = RunClock.Now;
        var all = new List<PhaseSubmissions>();

        // Warm-up (JIT, connection pools, queues): sent and checked for integrity, not reported.
        // A burst gets every path compiled; the trickle after it lets the JIT's second pass finish.
        // The runtime defers that pass while new code keeps arriving, so after the burst alone the
        // first phase paid for it: 265 ms of CPU a contact at 5/s, against 117 ms in a second 5/s
        // phase right after, and an end-to-end p99 of 533 ms against 168 ms.
        Harness.Log($"warm-up: {warmup.TotalSeconds:0} s at 50/s, then {settle.TotalSeconds:0} s at 5/s");
        var warm = await harness.Driver.OpenLoopAsync("warm-up", Schedule.Fixed(50, warmup));
        await harness.DrainAsync(warm);
        all.Add(warm);
        var settled = await harness.Driver.OpenLoopAsync("warm-up, settling", Schedule.Fixed(5, settle));
        await harness.DrainAsync(settled);
        all.Add(settled);

        // The raw baselines first, on a machine the warm-up's backlog no longer loads.
        var baselineResults = new List<Baseline>();
        if (baselines)
        {
            await harness.Meter.QuietAsync("warm-up", harness.DrainTimeout);
            Harness.Log("baseline: empty gRPC call (health check on intake)");
            baselineResults.Add(await Baselines.EmptyGrpcCallAsync(harness.Driver.BaselineInvoker, 200, TimeSpan.FromSeconds(10), maxCallers));
            Harness.Log("baseline: raw MassTransit publish → consume of a ContactReceived of this run, own vhost");
            baselineResults.Add(await Baselines.RawMassTransitAsync(await TypicalContactReceivedAsync(harness.Pipeline), harness.Settings.PrefetchCount, 300, TimeSpan.FromSeconds(10), 20_000));
            Harness.Log("baseline: raw PostgreSQL single-row INSERT and COMMIT, scratch database");
            baselineResults.Add(await PostgresBaseline.CommitsAsync(harness.Pipeline.Servers, 200, TimeSpan.FromSeconds(5), connections: 8));
            foreach (var b in baselineResults) Harness.Log($"  {b.Name}: p50 {b.LatencyMs.P50:0.00} ms, p99 {b.LatencyMs.P99:0.00} ms at {b.OfferedPerSecond:0}/s; at most {b.MaxPerSecond:0}/s");
        }

        // Each phase starts from drained queues and ends once they drained again: its cost is the difference.
        var before = await harness.Meter.QuietAsync(baselines ? "baselines" : "warm-up", harness.DrainTimeout);
        var phases = new List<PhaseResult>();
        foreach (var rate in rates)
        {
            PhaseSubmissions sent;
            double offered;
            if (rate == "max")
            {
                Harness.Log($"max: {maxCallers} callers submitting back to back for {duration.TotalSeconds:0} s");
                (sent, offered) = (await harness.Driver.ClosedLoopAsync("max", maxCallers, duration), 0);
            }
            else
            {
                offered = double.Parse(rate, CultureInfo.InvariantCulture);
                Harness.Log($"{rate}/s: open loop ({(poisson ? "Poisson" : "evenly spaced")}) for {duration.TotalSeconds:0} s");
                var schedule = poisson ? Schedule.Poisson(offered, duration, seed + phases.Count) : Schedule.Fixed(offered, duration);
                sent = await harness.Driver.OpenLoopAsync($"{rate}/s", schedule);
            }
            var atSendEnd = await harness.QueuesAtSendEndAsync();
            await harness.DrainAsync(sent);
            all.Add(sent);
            (var phase, before) = await harness.MeasureAsync(sent, Harness.Summarise(sent, offered, harness.Observer), before, atSendEnd);
            phases.Add(phase);
        }
        // The pipeline's idle cost, once it is warm (measured after the warm-up, it was swollen by
        // the just-in-time compiler's second pass), taken out of each phase's window.
        var (idle, _) = await harness.IdleAsync(before, TimeSpan.FromSeconds(10));
        phases = [.. phases.Select(p => p with { Cost = p.Cost! with { Idle = idle } })];
        foreach (var p in phases)
            Harness.Log($"  {p.Name} per contact net of idle work: {p.Cost!.NetCommits:0.0} commits, {(p.Cost.NetStatements is { } net ? $"{net:0.0}" : "-")} statements, CPU {p.Cost.NetCpuMs:0.0} ms");

        var trailEntries = await Sql.CountAsync(harness.Pipeline.ReadOnly("Audit"), "SELECT count(*) FROM trail_entries");
        var contacts = all.Sum(p => p.Contacts.Count);

        var integrity = await Integrity.CheckAsync(harness.Pipeline, harness.Observer, all, harness.Screener.Errors);
        var report = new LoadReport("load", harness.StartedAt, (RunClock.Now - started) / 1000.0,
            "deploy/mash bench load " + string.Join(' ', args(options, duration, rates, poisson)), harness.Machine, Machine.LoadAverageNow(), harness.Settings,
            harness.Observer.ResolutionMs, phases, baselineResults, Ratios(phases, baselineResults, trailEntries, contacts), LoadTargets.Of(phases), integrity,
            new Dictionary<string, string>
            {
                ["Contacts"] = $"synthetic, seed {seed}, one authority ({harness.Driver.Authority}); each from a demo contact of seeds/contacts with new fictional names and postcodes from seeds/localities",
                ["Screener"] = "simulated, decides each child as recommended as soon as its triage arrives (ContactTriaged, or ChildTriaged for a re-run; no thinking time)",
                ["Trail"] = $"{trailEntries} trail entries for {contacts} contacts ({(double)trailEntries / Math.Max(1, contacts):0.0} per contact), one hash chain",
                ["Per contact"] = PhaseCostTable.Method(harness.Meter.StatementsUnavailable),
                ["Idle"] = PhaseCostTable.Idle(idle),
                ["Sustained"] = "a phase is sustained when no queue of the pipeline held more ready messages one second after the phase sent its last contact, " +
                    "than at its start plus one second of the busiest queue's traffic (messages in flight); a phase that was not has its end-to-end rate struck out",
            });
        return harness.Finish(report, "load");
    }

    static IEnumerable<string> args(Options o, TimeSpan duration, string[] rates, bool poisson) =>
        [$"--duration {duration.TotalSeconds:0}", $"--rates {string.Join(',', rates)}", .. poisson ? new[] { "--poisson" } : []];

    /// <summary>A ContactReceived of this run whose size is the median's: the raw bus baseline sends copies of it.</summary>
    static async Task<ContactReceived> TypicalContactReceivedAsync(LoadPipeline pipeline)
    {
        await using var connection = new NpgsqlConnection(pipeline.ReadOnly("Audit"));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT body FROM trail_entries WHERE event_type = 'mash.events.v1.ContactReceived' ORDER BY length(body) OFFSET " +
            "(SELECT count(*) / 2 FROM trail_entries WHERE event_type = 'mash.events.v1.ContactReceived') LIMIT 1", connection);
        return ContactReceived.Parser.ParseFrom((byte[])(await query.ExecuteScalarAsync() ?? throw new InvalidOperationException("no ContactReceived in the trail")));
    }

    static IReadOnlyList<Ratio> Ratios(IReadOnlyList<PhaseResult> phases, IReadOnlyList<Baseline> baselines, long trailEntries, int contacts)
    {
        var ratios = new List<Ratio> { new("trail entries per contact", (double)trailEntries / Math.Max(1, contacts), "events audit chains per contact: each one a serialised append") };
        var grpc = baselines.FirstOrDefault(b => b.Name.StartsWith("empty gRPC", StringComparison.Ordinal));
        var bus = baselines.FirstOrDefault(b => b.Name.StartsWith("raw MassTransit", StringComparison.Ordinal));
        var at50 = phases.FirstOrDefault(p => p.Name == "50/s");
        var best = phases.Count == 0 ? null : phases.MaxBy(p => p.EndToEndContactsPerSecond);
        if (grpc is not null && at50 is not null)
            ratios.Add(new("SubmitContact p50 ÷ empty gRPC p50 (50/s)", at50.SubmitContactMs.P50 / grpc.LatencyMs.P50, "what validating, matching and storing a contact adds to a bare call"));
        if (grpc is not null && best is not null)
            ratios.Add(new("empty gRPC calls/s ÷ contacts accepted/s at the maximum", grpc.MaxPerSecond / Math.Max(0.001, phases.Max(p => p.AcceptedPerSecond)), "how far the door is from the bare transport"));
        if (bus is not null && at50 is not null)
            ratios.Add(new("end-to-end p50 at 50/s ÷ raw bus p50", at50.EndToEndMs.P50 / bus.LatencyMs.P50, "a child's way through five services, in bare bus hops"));
        if (bus is not null && best is not null)
            ratios.Add(new("raw bus messages/s ÷ best end-to-end contacts/s", bus.MaxPerSecond / Math.Max(0.001, best.EndToEndContactsPerSecond), "bus messages' worth of capacity each contact costs"));
        // What the bare servers would allow at this run's cost per contact (the busiest fixed rate's).
        var cost = phases.Where(p => p.OfferedPerSecond > 0 && p.Cost is not null).MaxBy(p => p.OfferedPerSecond)?.Cost;
        var commits = baselines.FirstOrDefault(b => b.Name.StartsWith("raw PostgreSQL", StringComparison.Ordinal));
        if (bus is not null && cost is { Deliveries: > 0 })
            ratios.Add(new("raw bus messages/s ÷ deliveries per contact", bus.MaxPerSecond / cost.Deliveries, "contacts/s the bare broker could carry at this many deliveries each"));
        if (commits is not null && cost is { Commits: > 0 })
            ratios.Add(new("raw PostgreSQL commits/s ÷ commits per contact", commits.MaxPerSecond / cost.Commits, "contacts/s the bare database could commit at this many commits each"));
        return ratios;
    }
}
