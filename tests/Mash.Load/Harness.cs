using Mash.Testing;

namespace Mash.Load;

/// <summary>
/// What a load run and a replay share: the isolated pipeline, the trail observer, the screener and
/// the driver; waiting for outcomes; the integrity check; the report files.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    public required Options Options { get; init; }
    public required ServiceSettings Settings { get; init; }
    public required LoadPipeline Pipeline { get; init; }
    public required TrailObserver Observer { get; init; }
    public required Screener Screener { get; init; }
    public required LoadDriver Driver { get; init; }
    public required CostMeter Meter { get; init; }
    public required ClockObserver Clocks { get; init; }
    public string Authority => Driver.Authority;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public Machine Machine { get; } = Machine.Now();
    public TimeSpan DrainTimeout { get; init; }
    public string OutFolder { get; init; } = "";
    /// <summary>Where the latest report's copy goes (without extension); empty: tests/Mash.Load/results/&lt;kind&gt;-latest; "none": nowhere.</summary>
    public string Latest { get; init; } = "";

    public static async Task<Harness> StartAsync(Options options, string runId)
    {
        var settings = new ServiceSettings(options.Int("--pool-size", 16), options.Int("--prefetch", 32), options.Int("--concurrency", 0),
            options.Int("--outbox-batch", 100), options.Text("--outbox-poll", "00:00:00.5"));
        var seed = options.Int("--seed", 1);
        var screeners = options.Int("--screeners", 32);
        var drain = TimeSpan.FromSeconds(options.Int("--drain-timeout", 180));
        var folder = options.Text("--out", Path.Combine(ServiceProcess.RepositoryRoot(), ".mash", "bench"));
        var latest = options.Text("--latest", "");
        options.RejectUnknown();
        var generator = new ContactGenerator(ServiceProcess.RepositoryRoot(), options.Text("--authority", "walsall"), seed, runId);

        Log($"machine: {Machine.Now().Cpu}, {Environment.ProcessorCount} cores, load average {Machine.LoadAverageNow()}");
        Log($"starting the five services on fresh databases and their own vhost (pool {settings.PoolSize}, prefetch {settings.PrefetchCount}, {settings.ConsumedAtOnce} consumed at once per receive endpoint, outbox batch {settings.OutboxBatchSize})");
        var pipeline = await StartPipelineAsync(settings);
        // Interrupted (Ctrl-C, kill): stop the services and drop the run's databases and vhost all the same.
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; pipeline.Abandon(); Environment.Exit(130); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pipeline.Abandon();
        var observer = new TrailObserver(pipeline.ReadOnly("Audit"));
        observer.Start();
        var clocks = new ClockObserver(pipeline.ReadOnly("Audit"));
        clocks.Start();
        var screener = new Screener(pipeline, observer, screeners);
        await screener.StartAsync();
        Log($"services up on vhost {pipeline.VirtualHost}");
        return new Harness
        {
            Options = options, Settings = settings, Pipeline = pipeline, Observer = observer, Screener = screener,
            Driver = new LoadDriver(pipeline, generator, observer), Meter = new CostMeter(pipeline, Screener.QueueName), Clocks = clocks,
            DrainTimeout = drain, OutFolder = folder, Latest = latest,
        };
    }

    /// <summary>
    /// A started pipeline. A free port picked for a service can be taken by another process before
    /// the service binds it (the machine is shared): such a start is thrown away and tried afresh.
    /// </summary>
    static async Task<LoadPipeline> StartPipelineAsync(ServiceSettings settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pipeline = new LoadPipeline(settings);
            try { await pipeline.InitializeAsync(); return pipeline; }
            catch (Exception e) when (attempt < 3 && e.ToString().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Log("a service's port was taken by another process before it bound it: starting again");
                await pipeline.DisposeAsync();
            }
            catch { await pipeline.DisposeAsync(); throw; }
        }
    }

    /// <summary>Waits until every child of <paramref name="phase"/> has its outcome in the trail, or the drain timeout passed.</summary>
    public async Task DrainAsync(PhaseSubmissions phase)
    {
        var deadline = RunClock.Now + DrainTimeout.TotalMilliseconds;
        var children = phase.Children.ToArray();
        var lastReport = RunClock.Now;
        while (RunClock.Now < deadline)
        {
            var waiting = children.Count(id => !Observer.Children[id].Done);
            if (waiting == 0) return;
            Pipeline.EnsureRunning();
            if (RunClock.Now - lastReport > 10_000)
            {
                Log($"  {phase.Name}: {waiting} of {children.Length} children still on their way");
                lastReport = RunClock.Now;
            }
            await Task.Delay(20);
        }
        Log($"  {phase.Name}: gave up waiting after {DrainTimeout.TotalSeconds:0} s");
    }

    public static PhaseResult Summarise(PhaseSubmissions phase, double offered, TrailObserver observer)
    {
        var result = PhaseResult.Of(phase, offered, observer);
        Log($"  {phase.Name}: accepted {result.ContactsAccepted}/{result.ContactsSent} ({result.AcceptedPerSecond:0.0}/s), end to end {result.EndToEndContactsPerSecond:0.0} contacts/s " +
            $"({result.EndToEndChildrenPerSecond:0.0} children/s), SubmitContact p99 {result.SubmitContactMs.P99:0.0} ms, end-to-end p50/p99 {result.EndToEndMs.P50:0}/{result.EndToEndMs.P99:0} ms, " +
            $"drain {result.DrainSeconds:0.0} s, lost {result.Lost}, sent again {result.Retries}");
        return result;
    }

    /// <summary>
    /// Each queue's ready messages when a phase has sent its last contact, a second later (messages
    /// in flight get that second): what <see cref="MeasureAsync"/> judges the phase on.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> QueuesAtSendEndAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await Meter.ReadyAsync();
    }

    /// <summary>
    /// Once a phase's outcomes are all in the trail: the wait for every queue to drain, what the phase
    /// cost from <paramref name="before"/>, and whether it was sustained (<paramref name="atSendEnd"/>
    /// against the queues at its start); the snapshot taken once drained, where the next phase starts from.
    /// </summary>
    public async Task<(PhaseResult Result, CostSnapshot After)> MeasureAsync(PhaseSubmissions sent, PhaseResult result, CostSnapshot before,
        IReadOnlyDictionary<string, long> atSendEnd)
    {
        var after = await Meter.QuietAsync(result.Name, DrainTimeout);
        var cost = PhaseCost.Between(before, after, result.ContactsAccepted);
        var backlog = QueueBacklog.Of(before.Queues.ToDictionary(q => q.Key, q => q.Value.Ready), atSendEnd,
            QueueBacklog.SlackFor(result.OfferedPerSecond > 0 ? result.OfferedPerSecond : result.AcceptedPerSecond,
                cost.TopQueues.Count > 0 ? cost.TopQueues[0].Deliveries : 1));
        Log($"  {result.Name} per contact: {cost.Deliveries:0.0} deliveries ({cost.Redeliveries:0.0} redelivered), {cost.Commits:0.0} commits ({cost.Rollbacks:0.0} rollbacks), " +
            (cost.Statements is { } n ? $"{n:0.0} statements ({cost.TransactionControlStatements:0.0} BEGIN/COMMIT){(cost.StatementsEvicted ? " at least (entries were evicted)" : "")}, " : "statements not counted, ") +
            $"CPU {cost.CpuMs:0.0} ms (services {cost.ServiceCpuMs:0.0}, PostgreSQL backends {cost.BackendCpuMs:0.0}, broker node {(cost.BrokerCpuMs is { } b ? $"{b:0.0}" : "unreadable")}; " +
            $"whole machine {(cost.MachineBusyMs is { } m ? $"{m:0.0}" : "-")}, this bench {cost.BenchCpuMs:0.0}) over {cost.WindowSeconds:0} s");
        Log($"  {result.Name} busiest queues (deliveries per contact): {string.Join(", ", cost.TopQueues.Select(q => $"{q.Queue} {q.Deliveries:0.0}"))}");
        Log(backlog.Sustained
            ? $"  {result.Name}: sustained (no queue gained more than {backlog.Slack} messages{(backlog.Gains.Count > 0 ? ": " + string.Join(", ", backlog.Gains.Select(g => $"{g.Queue} +{g.Gained}")) : "")})"
            : $"  {result.Name}: NOT SUSTAINED, queues longer at the end than at the start: {string.Join(", ", backlog.Gains.Where(g => g.Gained > backlog.Slack).Select(g => $"{g.Queue} {g.Start} -> {g.End}"))}");
        // Every queue drained: every clock of the phase's contacts has started.
        var clockLag = Clocks.LagOf(sent.Contacts);
        Log($"  {result.Name} clock lag (audit's clock start minus its event): p50 {clockLag.P50:0} ms, p99 {clockLag.P99:0} ms, max {clockLag.Max:0} ms over {clockLag.Count} clocks");
        return (result with { Cost = cost, Backlog = backlog, ClockLagMs = clockLag }, after);
    }

    /// <summary>What the drained pipeline costs a second doing nothing, over <paramref name="window"/> from <paramref name="quiet"/> (a snapshot of it drained and still); the snapshot at its end.</summary>
    public async Task<(IdleRate Idle, CostSnapshot After)> IdleAsync(CostSnapshot quiet, TimeSpan window)
    {
        Log($"idle: measuring what the pipeline costs doing nothing for {window.TotalSeconds:0} s");
        await Task.Delay(window);
        var after = await Meter.SnapshotAsync();
        var idle = IdleRate.Of(PhaseCost.Between(quiet, after, 1));
        Log($"  idle: {idle.Deliveries:0.0} deliveries, {idle.Commits:0.0} commits, {(idle.Statements is { } n ? $"{n:0.0}" : "-")} statements and {idle.CpuMs:0} ms CPU a second");
        return (idle, after);
    }

    /// <summary>Writes the report, prints it, and returns the exit code: 1 when anything was lost or duplicated.</summary>
    public int Finish(LoadReport report, string kind)
    {
        var latest = Latest.Length > 0 ? Latest : Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "Mash.Load", "results", $"{kind}-latest");
        var files = report.Write(OutFolder, latest == "none" ? null : latest);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        // Each service's own output (warnings and errors only during a run), next to the report: where to look when a check failed.
        foreach (var (name, service) in Pipeline.Services)
        {
            var log = Path.Combine(OutFolder, $"{kind}-{report.StartedAt.UtcDateTime:yyyyMMdd-HHmmss}-{name.ToLowerInvariant()}.log");
            File.WriteAllText(log, service.Output);
            files = [.. files, log];
        }
        foreach (var file in files) Log($"wrote {Path.GetRelativePath(ServiceProcess.RepositoryRoot(), file)}");
        if (!report.Integrity.Ok)
        {
            Console.Error.WriteLine($"mash-load: FAILED: {string.Join("; ", report.Integrity.Problems)}");
            return 1;
        }
        return 0;
    }

    public static void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

    public async ValueTask DisposeAsync()
    {
        await Screener.DisposeAsync();
        await Observer.DisposeAsync();
        await Clocks.DisposeAsync();
        await Pipeline.DisposeAsync();
    }
}
