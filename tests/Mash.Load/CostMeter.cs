using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Mash.Load;

/// <summary>
/// Reads the run's cost counters (<see cref="CostSnapshot"/>) and waits for a quiet pipeline:
/// - the broker's management API: each queue of the run's vhost but the bench's own screener queue;
/// - pg_stat_database (commits, rollbacks) of the five databases;
/// - pg_stat_statements (in database postgres): calls in those databases by any role but the
///   bench's own (services connect as mash_intake and so on, the bench reads as mash);
/// - /proc: the five service processes, the PostgreSQL backends serving them (not the bench's) and
///   the broker node. The broker node and the whole machine are shared with anything else running.
/// </summary>
public sealed class CostMeter(LoadPipeline pipeline, params string[] benchQueues)
{
    /// <summary>
    /// How long every counter must stand still, with the queues empty, before a snapshot is taken:
    /// the management API refreshes queue statistics every 5 s (collect_statistics_interval), and
    /// an idle PostgreSQL backend may hold its pending commit counts for up to 10 s before it
    /// reports them to pg_stat_database (PostgreSQL 15's PGSTAT_IDLE_INTERVAL).
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(11);

    string[]? _databases;
    string? _statementsUnavailable;

    /// <summary>Why statements are not counted (pg_stat_statements missing), or null when they are.</summary>
    public string? StatementsUnavailable => _statementsUnavailable;

    /// <summary>
    /// Waits until every queue of the pipeline is empty (ready and unacknowledged) and its delivery
    /// counts have not moved for <see cref="Settle"/>, or <paramref name="timeout"/> passed (logged);
    /// then the snapshot.
    /// </summary>
    public async Task<CostSnapshot> QuietAsync(string what, TimeSpan timeout)
    {
        var deadline = RunClock.Now + timeout.TotalMilliseconds;
        var lastReport = RunClock.Now;
        (long Deliveries, double Since)? still = null;
        while (true)
        {
            pipeline.EnsureRunning();
            var queues = await ManagementQueuesAsync();
            var waiting = queues.Where(q => q.Messages > 0).ToList();
            var deliveries = queues.Sum(q => q.Deliveries);
            if (waiting.Count > 0 || still?.Deliveries != deliveries) still = waiting.Count > 0 ? null : (deliveries, RunClock.Now);
            if (still is { } s && RunClock.Now - s.Since >= Settle.TotalMilliseconds) break;
            if (RunClock.Now > deadline)
            {
                Harness.Log($"  {what}: the queues did not drain within {timeout.TotalSeconds:0} s ({Describe(waiting)}): measuring as they are");
                break;
            }
            if (RunClock.Now - lastReport > 10_000 && waiting.Count > 0)
            {
                Harness.Log($"  {what}: waiting for the queues to drain: {Describe(waiting)}");
                lastReport = RunClock.Now;
            }
            await Task.Delay(1000);
        }
        return await SnapshotAsync();
    }

    static string Describe(IEnumerable<(string Name, long Messages, long Deliveries, long Redeliveries)> queues) =>
        string.Join(", ", queues.OrderByDescending(q => q.Messages).Select(q => $"{q.Name} {q.Messages}"));

    public async Task<CostSnapshot> SnapshotAsync()
    {
        var at = RunClock.Now;
        var managed = await ManagementQueuesAsync();
        var ready = await ReadyAsync(managed.Select(q => q.Name));
        var queues = managed.ToDictionary(q => q.Name, q => new QueueCounters(ready.GetValueOrDefault(q.Name), q.Deliveries, q.Redeliveries));

        await using var postgres = new NpgsqlConnection(pipeline.Servers.PostgresConnectionString());
        await postgres.OpenAsync();
        _databases ??= [.. pipeline.DatabaseNames];
        var (commits, rollbacks) = await CommitsAsync(postgres);
        var statements = await StatementsAsync(postgres);
        var byService = await ByServiceAsync(postgres, statements is not null);
        var backends = new Dictionary<int, double>();
        foreach (var pid in await BackendsAsync(postgres))
            if (ProcCpu.ProcessMs(pid) is { } ms) backends[pid] = ms;

        var services = new Dictionary<string, double>();
        foreach (var (name, service) in pipeline.Services)
            if (service.ProcessId is { } pid && ProcCpu.ProcessMs(pid) is { } ms) services[name] = ms;

        return new CostSnapshot(at, queues, commits, rollbacks, statements, services, backends,
            await BrokerPidAsync() is { } broker ? ProcCpu.ProcessMs(broker) : null, ProcCpu.MachineBusyMs(),
            Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds)
        { CommitsByService = byService.Commits, StatementsByService = byService.Statements };
    }

    /// <summary>
    /// Commits and statements of each service's database, by service: where a contact's commits
    /// and statements go. Statements only when pg_stat_statements is there.
    /// </summary>
    async Task<(Dictionary<string, long> Commits, Dictionary<string, (long, long)> Statements)> ByServiceAsync(NpgsqlConnection postgres, bool withStatements)
    {
        var serviceOf = pipeline.Databases.ToDictionary(d => new NpgsqlConnectionStringBuilder(d.Value).Database!, d => d.Key);
        var commits = new Dictionary<string, long>();
        await using (var query = new NpgsqlCommand("SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY($1)", postgres)
            { Parameters = { new NpgsqlParameter { Value = _databases } } })
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (serviceOf.TryGetValue(reader.GetString(0), out var service)) commits[service] = reader.GetInt64(1);
        var statements = new Dictionary<string, (long, long)>();
        if (!withStatements) return (commits, statements);
        await using (var query = new NpgsqlCommand("""
            SELECT d.datname,
                   coalesce(sum(s.calls) FILTER (WHERE s.userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)), 0)::bigint,
                   coalesce(sum(s.calls) FILTER (WHERE s.userid = (SELECT oid FROM pg_roles WHERE rolname = current_user)), 0)::bigint
              FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
             WHERE d.datname = ANY($1) GROUP BY d.datname
            """, postgres) { Parameters = { new NpgsqlParameter { Value = _databases } } })
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                if (serviceOf.TryGetValue(reader.GetString(0), out var service)) statements[service] = (reader.GetInt64(1), reader.GetInt64(2));
        return (commits, statements);
    }

    /// <summary>Ready messages of each queue right now (a passive declare answers from the queue itself; the management API's figures are up to 5 s old).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadyAsync(IEnumerable<string>? names = null)
    {
        names ??= (await ManagementQueuesAsync()).Select(q => q.Name).ToList();
        var ready = new Dictionary<string, long>();
        await using var connection = await pipeline.ConnectAsync();
        foreach (var name in names)
        {
            // A failed passive declare closes its channel: one channel a queue.
            await using var channel = await connection.CreateChannelAsync();
            try { ready[name] = (await channel.QueueDeclarePassiveAsync(name)).MessageCount; }
            catch (OperationInterruptedException) { } // deleted meanwhile (an auto-delete queue)
        }
        return ready;
    }

    async Task<List<(string Name, long Messages, long Deliveries, long Redeliveries)>> ManagementQueuesAsync()
    {
        var json = await pipeline.ManagementGetAsync($"queues/{Uri.EscapeDataString(pipeline.VirtualHost)}");
        static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return [.. json.EnumerateArray()
            .Select(q => (Name: q.GetProperty("name").GetString()!, Queue: q))
            .Where(q => !benchQueues.Contains(q.Name))
            .Select(q => (q.Name, Long(q.Queue, "messages"),
                q.Queue.TryGetProperty("message_stats", out var stats) ? Long(stats, "deliver_get") : 0,
                q.Queue.TryGetProperty("message_stats", out var again) ? Long(again, "redeliver") : 0))];
    }

    async Task<int?> BrokerPidAsync()
    {
        var nodes = await pipeline.ManagementGetAsync("nodes");
        foreach (var node in nodes.EnumerateArray())
            if (node.TryGetProperty("os_pid", out var pid) && int.TryParse(pid.GetString(), out var id) && File.Exists($"/proc/{id}/stat")) return id;
        return null; // in a container, or on another host: its CPU is not ours to read
    }

    async Task<(long, long)> CommitsAsync(NpgsqlConnection postgres)
    {
        await using var query = new NpgsqlCommand("SELECT coalesce(sum(xact_commit), 0)::bigint, coalesce(sum(xact_rollback), 0)::bigint FROM pg_stat_database WHERE datname = ANY($1)", postgres)
            { Parameters = { new NpgsqlParameter { Value = _databases } } };
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Statements executed in the run's databases by any role but the bench's own (current_user),
    /// every one pg_stat_statements tracks (track = top: a function's inner statements are not
    /// separate), BEGIN and COMMIT included and also counted apart; and the bench's own, apart.
    /// Null when the view is missing.
    /// </summary>
    async Task<StatementCounters?> StatementsAsync(NpgsqlConnection postgres)
    {
        if (_statementsUnavailable is not null) return null;
        try
        {
            await using var query = new NpgsqlCommand("""
                SELECT coalesce(sum(calls) FILTER (WHERE NOT bench), 0)::bigint,
                       coalesce(sum(calls) FILTER (WHERE NOT bench AND query ~* '^\s*(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\M'), 0)::bigint,
                       (SELECT dealloc FROM pg_stat_statements_info),
                       coalesce(sum(calls) FILTER (WHERE bench), 0)::bigint
                  FROM (SELECT calls, query, userid = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS bench
                          FROM pg_stat_statements WHERE dbid IN (SELECT oid FROM pg_database WHERE datname = ANY($1))) AS s
                """, postgres) { Parameters = { new NpgsqlParameter { Value = _databases } } };
            await using var reader = await query.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new StatementCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            _statementsUnavailable = e.MessageText;
            Harness.Log($"pg_stat_statements unavailable ({e.MessageText}): statements are not counted in this run");
            return null;
        }
    }

    async Task<List<int>> BackendsAsync(NpgsqlConnection postgres)
    {
        await using var query = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY($1) AND backend_type = 'client backend' AND usesysid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)", postgres)
            { Parameters = { new NpgsqlParameter { Value = _databases } } };
        var pids = new List<int>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }
}
