using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Mash.Testing;

namespace Mash.Chaos;

/// <param name="Contacts">How many synthetic contacts the partners submit.</param>
/// <param name="Seed">Chooses the contacts (the same seed, the same contacts).</param>
/// <param name="Faults">Injected in order as the contacts are accepted.</param>
/// <param name="Concurrency">Partner submissions, and screener decisions, in flight at once.</param>
/// <param name="Timeout">For submitting and deciding everything; the check waits for quiescence on top.</param>
/// <param name="QueueType">The services' queues: classic or quorum (RabbitMq__QueueType).</param>
public sealed record ChaosOptions(int Contacts, int Seed, IReadOnlyList<Fault> Faults, int Concurrency, TimeSpan Timeout, string QueueType = "classic");

/// <summary>What the clients saw: the contacts accepted, the decisions made, the faults injected.</summary>
/// <param name="Restarts">The supervisor's restarts of services that exited by themselves (as it goes: the check's wait adds to it).</param>
public sealed record ChaosOutcome(
    IReadOnlyList<AcceptedContact> Accepted, IReadOnlyList<DecidedChild> Decided, IReadOnlyList<string> Failures,
    IReadOnlyList<InjectedFault> Faults, int SubmitRetries, int Replayed, int ScreenerRetries, TimeSpan Duration, IReadOnlyCollection<string> Restarts);

/// <summary>The five services on private servers, with the rate limit on submissions out of the way (a load, not a limits, test).</summary>
public sealed class ChaosPipeline(ServerEndpoints servers, string queueType = "classic") : ServicePipeline(servers)
{
    protected override IDictionary<string, string> CommonSettings => new Dictionary<string, string>
    {
        ["RateLimits__SubmitContact__Burst"] = "1000000",
        ["RateLimits__SubmitContact__PermitsPerMinute"] = "1000000",
        ["RabbitMq__QueueType"] = queueType,
    };
}

/// <summary>
/// Partners submit the contacts while a screener decides each child as recommended, and the faults
/// are injected as the run goes: when a given share of the contacts has been accepted.
/// </summary>
public static class ChaosRun
{
    public static Task<ChaosOutcome> RunAsync(ServicePipeline pipeline, ChaosServers servers, Supervisor supervisor, ChaosOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var faults = Fault.Lengths(options.Faults, options.Seed);
        var injector = new FaultInjector(pipeline, servers, supervisor, log);
        log.WriteLine($"{options.QueueType} queues; {faults.Count} faults: {string.Join("; ", faults)}");
        return RunAsync(pipeline, options, log, async (progress, clock) =>
        {
            var injected = new List<InjectedFault>();
            foreach (var fault in faults)
            {
                await progress.ReachedAsync(fault.At);
                injected.Add(await injector.InjectAsync(fault, clock));
            }
            return injected;
        }, cancellationToken, () => supervisor.Restarts);
    }

    /// <summary>
    /// The same run with <paramref name="disturb"/> instead of the options' faults: it is started with
    /// the submissions and may wait for a share of them to be accepted; the run ends when both have.
    /// </summary>
    public static async Task<ChaosOutcome> RunAsync(ServicePipeline pipeline, ChaosOptions options, TextWriter log,
        Func<RunProgress, Stopwatch, Task<IReadOnlyList<InjectedFault>>> disturb, CancellationToken cancellationToken,
        Func<IReadOnlyCollection<string>>? restarts = null)
    {
        var contacts = SyntheticContacts.Generate(options.Contacts, options.Seed);
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + options.Timeout;
        var partner = new Partner(pipeline.Intake, deadline);
        var screener = new Screener(pipeline.Thresholds, deadline);
        var accepted = new ConcurrentBag<AcceptedContact>();
        var decided = new ConcurrentBag<DecidedChild>();
        var failures = new ConcurrentQueue<string>();
        var toDecide = Channel.CreateUnbounded<(AcceptedContact Contact, string ChildId)>();
        log.WriteLine($"[{clock.Elapsed:mm\\:ss}] {contacts.Count} contacts (seed {options.Seed}), {contacts.Sum(c => c.Request.Children.Count)} children");

        var acceptedCount = 0;
        var submitting = Parallel.ForEachAsync(contacts,
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (contact, ct) =>
            {
                if (await partner.SubmitAsync(contact, failures.Enqueue, ct) is not { } ok) return;
                accepted.Add(ok);
                foreach (var child in ok.ChildIds) toDecide.Writer.TryWrite((ok, child));
                var n = Interlocked.Increment(ref acceptedCount);
                if (n % Math.Max(1, contacts.Count / 10) == 0) log.WriteLine($"[{clock.Elapsed:mm\\:ss}] {n} contacts accepted, {decided.Count} children decided");
            });

        var deciding = Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            await foreach (var (contact, childId) in toDecide.Reader.ReadAllAsync(cancellationToken))
                if (await screener.DecideAsync(contact, childId, failures.Enqueue, cancellationToken) is { } decision)
                    decided.Add(decision);
        }));

        var injected = await disturb(new RunProgress(() => Volatile.Read(ref acceptedCount), contacts.Count, submitting, cancellationToken), clock);

        await submitting;
        toDecide.Writer.Complete();
        await deciding;
        log.WriteLine($"[{clock.Elapsed:mm\\:ss}] submitted and decided: {accepted.Count} contacts accepted, {decided.Count} children decided, "
            + $"{partner.Retries} submission retries ({partner.Replayed} answered as replays), {screener.Retries} screener retries");
        return new ChaosOutcome(accepted.OrderBy(a => a.Planned.Index).ToList(), decided.ToList(), failures.ToList(), injected,
            partner.Retries, partner.Replayed, screener.Retries, clock.Elapsed, restarts?.Invoke() ?? []);
    }
}

/// <summary>How far the submissions of a run have got, for what is done to the services meanwhile.</summary>
public sealed class RunProgress(Func<int> accepted, int contacts, Task submitting, CancellationToken cancellationToken)
{
    /// <summary>Once <paramref name="share"/> of the contacts have been accepted, or submission has ended (whatever is left then happens then).</summary>
    public async Task ReachedAsync(double share)
    {
        while (accepted() < share * contacts && !submitting.IsCompleted)
            await Task.Delay(100, cancellationToken);
    }
}
