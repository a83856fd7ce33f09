namespace Mash.Load;

/// <summary>One queue of the run's vhost: messages waiting and what its consumers have been given so far.</summary>
/// <param name="Ready">Ready messages, exact at the time of reading (a passive declare).</param>
/// <param name="Deliveries">message_stats.deliver_get: every delivery to a consumer (or basic.get), redeliveries included.</param>
/// <param name="Redeliveries">message_stats.redeliver: the deliveries that were redeliveries (a part of <paramref name="Deliveries"/>).</param>
public sealed record QueueCounters(long Ready, long Deliveries, long Redeliveries);

/// <summary>
/// The run's cumulative counters at one moment: what the broker delivered, what the services'
/// databases committed and executed, and the CPU time each process has used. Two of them, around a
/// phase, give what the phase cost (<see cref="PhaseCost.Between"/>).
/// </summary>
public sealed record CostSnapshot(
    double At,
    IReadOnlyDictionary<string, QueueCounters> Queues,
    long Commits,
    long Rollbacks,
    StatementCounters? Statements,
    IReadOnlyDictionary<string, double> ServiceCpuMs,
    IReadOnlyDictionary<int, double> BackendCpuMs,
    double? BrokerCpuMs,
    double? MachineBusyMs,
    double BenchCpuMs)
{
    /// <summary>Commits of each service's database, by service name (the bench's own reads there included).</summary>
    public IReadOnlyDictionary<string, long> CommitsByService { get; init; } = new Dictionary<string, long>();

    /// <summary>Statements in each service's database, by service name: the services' (Calls) and the bench's own (BenchCalls).</summary>
    public IReadOnlyDictionary<string, (long Calls, long BenchCalls)> StatementsByService { get; init; } = new Dictionary<string, (long, long)>();
}

/// <summary>
/// pg_stat_statements' calls by the services' roles in the run's databases. <paramref name="Evicted"/>
/// is pg_stat_statements_info.dealloc: when it grows, entries were thrown out to make room
/// (pg_stat_statements.max) and their calls are lost, so a difference is then a lower bound.
/// <paramref name="BenchCalls"/>: the bench's own statements there (its trail and clock polls, as
/// mash), each a transaction of its own: pg_stat_database counts them among the commits.
/// </summary>
public sealed record StatementCounters(long Calls, long TransactionControl, long Evicted, long BenchCalls = 0);
