namespace Mash.Load;

/// <summary>Deliveries one queue of the pipeline gave its consumers per contact in a phase.</summary>
public sealed record QueueCost(string Queue, double Deliveries);

/// <summary>
/// What one contact cost in a phase: the differences of two <see cref="CostSnapshot"/>s (taken with
/// the queues drained before the phase sent its first contact, and again once they drained after
/// it) divided by the phase's accepted contacts. Commits leave out the bench's own reads when
/// pg_stat_statements can count them (<see cref="StatementCounters.BenchCalls"/>). The window includes the pipeline's idle work
/// meanwhile (outbox polls, the clock scheduler): a real cost, heavier per contact at low rates.
/// </summary>
public sealed record PhaseCost(
    int Contacts,
    double WindowSeconds,
    double Deliveries,
    double Redeliveries,
    IReadOnlyList<QueueCost> TopQueues,
    double Commits,
    double Rollbacks,
    double? Statements,
    double? TransactionControlStatements,
    bool StatementsEvicted,
    double ServiceCpuMs,
    double BackendCpuMs,
    int BackendsEnded,
    double? BrokerCpuMs,
    double? MachineBusyMs,
    double BenchCpuMs)
{
    /// <summary>The pipeline's CPU: the five services, their PostgreSQL backends and the broker node (when readable).</summary>
    public double CpuMs => ServiceCpuMs + BackendCpuMs + (BrokerCpuMs ?? 0);

    /// <summary>Each service's share of <see cref="ServiceCpuMs"/>, by service name: where a contact's CPU goes.</summary>
    public IReadOnlyDictionary<string, double> CpuMsByService { get; init; } = new Dictionary<string, double>();

    /// <summary>Each service's database's commits, the bench's own reads there left out when they can be counted: where a contact's commits go.</summary>
    public IReadOnlyDictionary<string, double> CommitsByService { get; init; } = new Dictionary<string, double>();

    /// <summary>Each service's statements (pg_stat_statements; empty without it): where a contact's statements go.</summary>
    public IReadOnlyDictionary<string, double> StatementsByService { get; init; } = new Dictionary<string, double>();

    /// <summary>The pipeline's idle cost, when measured: the Net* figures take it out of the window.</summary>
    public IdleRate? Idle { get; init; }

    double IdlePerContact(double? perSecond) => Idle is null ? 0 : (perSecond ?? 0) * WindowSeconds / Math.Max(1, Contacts);

    public double NetCommits => Commits - IdlePerContact(Idle?.Commits);
    public double? NetStatements => Statements - IdlePerContact(Idle?.Statements);
    public double NetCpuMs => CpuMs - IdlePerContact(Idle?.CpuMs);

    public static PhaseCost Between(CostSnapshot start, CostSnapshot end, int contacts, int topQueues = 5)
    {
        double Per(double total) => total / Math.Max(1, contacts);
        // A queue declared during the phase starts from nothing.
        var queues = end.Queues.Select(q => (q.Key, Delivered: q.Value.Deliveries - (start.Queues.GetValueOrDefault(q.Key)?.Deliveries ?? 0),
            Redelivered: q.Value.Redeliveries - (start.Queues.GetValueOrDefault(q.Key)?.Redeliveries ?? 0))).ToList();
        var (backendMs, ended) = BackendCpu(start.BackendCpuMs, end.BackendCpuMs);
        var statements = start.Statements is not null ? end.Statements : null;
        var cpuByService = end.ServiceCpuMs.ToDictionary(p => p.Key, p => Per(p.Value - start.ServiceCpuMs.GetValueOrDefault(p.Key)));
        return new PhaseCost(contacts, (end.At - start.At) / 1000.0,
            Per(queues.Sum(q => q.Delivered)), Per(queues.Sum(q => q.Redelivered)),
            [.. queues.Where(q => q.Delivered > 0).OrderByDescending(q => q.Delivered).ThenBy(q => q.Key, StringComparer.Ordinal).Take(topQueues).Select(q => new QueueCost(q.Key, Per(q.Delivered)))],
            Per(end.Commits - start.Commits - (statements is null ? 0 : statements.BenchCalls - start.Statements!.BenchCalls)), Per(end.Rollbacks - start.Rollbacks),
            statements is null ? null : Per(statements.Calls - start.Statements!.Calls),
            statements is null ? null : Per(statements.TransactionControl - start.Statements!.TransactionControl),
            statements is not null && statements.Evicted != start.Statements!.Evicted,
            cpuByService.Values.Sum(), Per(backendMs), ended,
            start.BrokerCpuMs is { } b0 && end.BrokerCpuMs is { } b1 ? Per(b1 - b0) : null,
            start.MachineBusyMs is { } m0 && end.MachineBusyMs is { } m1 ? Per(m1 - m0) : null,
            Per(end.BenchCpuMs - start.BenchCpuMs))
        {
            CpuMsByService = cpuByService,
            CommitsByService = end.CommitsByService.ToDictionary(c => c.Key, c => Per(c.Value - start.CommitsByService.GetValueOrDefault(c.Key)
                - (end.StatementsByService.GetValueOrDefault(c.Key).BenchCalls - start.StatementsByService.GetValueOrDefault(c.Key).BenchCalls))),
            StatementsByService = end.StatementsByService.ToDictionary(c => c.Key, c => Per(c.Value.Calls - start.StatementsByService.GetValueOrDefault(c.Key).Calls)),
        };
    }

    /// <summary>
    /// CPU of the PostgreSQL backends serving the pipeline, by process id: a backend alive at both
    /// ends counts its difference, one that started during the phase all of its time; one that ended
    /// during it took its time with it (counted in <c>ended</c>, so the figure is then a lower bound).
    /// A process id found with less time than before was reused by a new backend: all of its time counts.
    /// </summary>
    public static (double Ms, int Ended) BackendCpu(IReadOnlyDictionary<int, double> start, IReadOnlyDictionary<int, double> end) =>
        (end.Sum(b => start.TryGetValue(b.Key, out var before) && before <= b.Value ? b.Value - before : b.Value),
         start.Keys.Count(pid => !end.ContainsKey(pid)));
}

/// <summary>
/// What the pipeline costs each second with nothing to do (outbox polls, the clock scheduler,
/// timers): measured once, drained and still, after the last phase. Taken from a phase's window,
/// it leaves what the phase's contacts themselves cost.
/// </summary>
public sealed record IdleRate(double Seconds, double Deliveries, double Commits, double? Statements, double CpuMs)
{
    /// <summary>The rate of <paramref name="totals"/>, a <see cref="PhaseCost"/> of one "contact" over an idle window.</summary>
    public static IdleRate Of(PhaseCost totals)
    {
        var seconds = Math.Max(0.001, totals.WindowSeconds);
        return new(totals.WindowSeconds, totals.Deliveries / seconds, totals.Commits / seconds, totals.Statements / seconds, totals.CpuMs / seconds);
    }
}
