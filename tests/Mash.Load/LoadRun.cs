using System.Globalization;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Npgsql;

namespace Mash.Load;

/// <summary>
/// `deploy/mash bench load`: open-loop phases at fixed offered rates, a closed-loop phase at the
/// maximum, the baselines, the targets of issue 9 and the integrity check.
/// </summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(Options options)
    {
        var duration = TimeSpan.FromSeconds(options.Int("--duration", 60));
        var rates = options.Text("--rates", "100,200,300,max").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var poisson = options.Flag("--poisson");
        var seed = options.Int("--seed", 1);
        var maxCallers = options.Int("--max-callers", 32);
        var baselines = !options.Flag("--no-baselines");
        var warmup = TimeSpan.FromSeconds(options.Int("--warmup", 5));
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        await using var harness = await Harness.StartAsync(options, runId);
        var started = RunClock.Now;
        var all = new List<PhaseSubmissions>();

        // Warm-up (JIT, connection pools, queues): sent and checked for integrity, not reported.
        Harness.Log($"warm-up: {warmup.TotalSeconds:0} s at 50/s");
        var warm = await harness.Driver.OpenLoopAsync("warm-up", Schedule.Fixed(50, warmup));
        await harness.DrainAsync(warm);
        all.Add(warm);

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
            await harness.DrainAsync(sent);
            all.Add(sent);
            phases.Add(Harness.Summarise(sent, offered, harness.Observer));
        }

        var trailEntries = await Sql.CountAsync(harness.Pipeline.ReadOnly("Audit"), "SELECT count(*) FROM trail_entries");
        var contacts = all.Sum(p => p.Contacts.Count);
        var baselineResults = new List<Baseline>();
        if (baselines)
        {
            Harness.Log("baseline: empty gRPC call (health check on intake)");
            baselineResults.Add(await Baselines.EmptyGrpcCallAsync(harness.Driver.BaselineInvoker, 200, TimeSpan.FromSeconds(10), maxCallers));
            Harness.Log("baseline: raw MassTransit publish → consume of a ContactReceived of this run, own vhost");
            baselineResults.Add(await Baselines.RawMassTransitAsync(await TypicalContactReceivedAsync(harness.Pipeline), harness.Settings.PrefetchCount, 300, TimeSpan.FromSeconds(10), 20_000));
            foreach (var b in baselineResults) Harness.Log($"  {b.Name}: p50 {b.LatencyMs.P50:0.00} ms, p99 {b.LatencyMs.P99:0.00} ms at {b.OfferedPerSecond:0}/s; at most {b.MaxPerSecond:0}/s");
        }

        var integrity = await Integrity.CheckAsync(harness.Pipeline, harness.Observer, all, harness.Screener.Errors);
        var report = new LoadReport("load", harness.StartedAt, (RunClock.Now - started) / 1000.0,
            "deploy/mash bench load " + string.Join(' ', args(options, duration, rates, poisson)), harness.Machine, Machine.LoadAverageNow(), harness.Settings,
            harness.Observer.ResolutionMs, phases, baselineResults, Ratios(phases, baselineResults, trailEntries, contacts), Targets(phases), integrity,
            new Dictionary<string, string>
            {
                ["Contacts"] = $"synthetic, seed {seed}, one authority ({harness.Driver.Authority}); each from a demo contact of seeds/contacts with new fictional names and postcodes from seeds/localities",
                ["Screener"] = "simulated, decides each child as recommended as soon as ChildTriaged arrives (no thinking time)",
                ["Trail"] = $"{trailEntries} trail entries for {contacts} contacts ({(double)trailEntries / Math.Max(1, contacts):0.0} per contact), one hash chain",
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
        var at200 = phases.FirstOrDefault(p => p.Name == "200/s");
        var at100 = phases.FirstOrDefault(p => p.Name == "100/s");
        var best = phases.Count == 0 ? null : phases.MaxBy(p => p.EndToEndContactsPerSecond);
        if (grpc is not null && at200 is not null)
            ratios.Add(new("SubmitContact p50 ÷ empty gRPC p50 (200/s)", at200.SubmitContactMs.P50 / grpc.LatencyMs.P50, "what validating, matching and storing a contact adds to a bare call"));
        if (grpc is not null && best is not null)
            ratios.Add(new("empty gRPC calls/s ÷ contacts accepted/s at the maximum", grpc.MaxPerSecond / Math.Max(0.001, phases.Max(p => p.AcceptedPerSecond)), "how far the door is from the bare transport"));
        if (bus is not null && at100 is not null)
            ratios.Add(new("end-to-end p50 at 100/s ÷ raw bus p50", at100.EndToEndMs.P50 / bus.LatencyMs.P50, "a child's way through five services, in bare bus hops"));
        if (bus is not null && best is not null)
            ratios.Add(new("raw bus messages/s ÷ best end-to-end contacts/s", bus.MaxPerSecond / Math.Max(0.001, best.EndToEndContactsPerSecond), "bus messages' worth of capacity each contact costs"));
        return ratios;
    }

    static IReadOnlyList<Target> Targets(IReadOnlyList<PhaseResult> phases)
    {
        var targets = new List<Target>();
        if (phases.FirstOrDefault(p => p.Name == "300/s") is { } at300)
        {
            // Kept up: every contact's outcome reached the trail and the backlog at the end drained within 5 s.
            var sustained = at300.DurationSeconds >= 59 && at300.Lost == 0 && at300.ContactsAccepted == at300.ContactsSent && at300.DrainSeconds <= 5;
            targets.Add(new("≥ 300 contacts/s end to end, sustained 60 s", $"{at300.EndToEndContactsPerSecond:0.0} contacts/s over {at300.DurationSeconds:0} s offered, drain {at300.DrainSeconds:0.0} s, lost {at300.Lost}", sustained));
        }
        if (phases.FirstOrDefault(p => p.Name == "100/s") is { } at100)
            targets.Add(new("end-to-end p99 ≤ 1 s at 100/s", $"{at100.EndToEndMs.P99:0} ms", at100.EndToEndMs.P99 <= 1000 && at100.Lost == 0));
        if (phases.FirstOrDefault(p => p.Name == "200/s") is { } at200)
            targets.Add(new("SubmitContact p99 ≤ 20 ms at 200/s", $"{at200.SubmitContactMs.P99:0.0} ms", at200.SubmitContactMs.P99 <= 20 && at200.ContactsAccepted == at200.ContactsSent));
        return targets;
    }
}
