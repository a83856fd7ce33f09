using System.Globalization;
using System.Text;

namespace Mash.Load;

/// <summary>The report's "per contact" and "queues" sections, and how their figures were taken.</summary>
public static class PhaseCostTable
{
    public static string Method(string? statementsUnavailable) =>
        "each phase's counters from drained queues before its first contact to drained queues after it (idle work in between included), divided by its accepted contacts. " +
        "Deliveries: the management API's deliver_get of every queue of the run's vhost but the bench's screener queue (redeliveries are part of it and also shown apart). " +
        "Commits and rollbacks: pg_stat_database of the five databases" + (statementsUnavailable is null ? ", less the bench's own reads there (one transaction each, counted by pg_stat_statements; a busy backend reports to pg_stat_database once a second, so this is exact to about a second of the bench's polls, some 100 transactions a phase). " : " (the bench's own reads there included: pg_stat_statements could not count them). ") +
        (statementsUnavailable is null
            ? "Statements: pg_stat_statements calls in those databases by the services' roles (the bench's own reads, as mash, left out), BEGIN/COMMIT included; exact unless entries were evicted (pg_stat_statements.max), which the figure then says. "
            : $"Statements: not counted ({statementsUnavailable}). ") +
        "CPU: user + system time from /proc of the five service processes, their PostgreSQL backends (a backend that ended mid-phase is missed) and the RabbitMQ node; " +
        "the node is shared with every other vhost on it, so its share is exact only on an otherwise quiet broker. The whole machine's busy time and this bench's own are shown beside, not counted.";

    public static string Idle(IdleRate idle) =>
        $"drained and still for {F(idle.Seconds, "0")} s after the last phase, the pipeline cost {F(idle.Deliveries)} deliveries, {F(idle.Commits)} commits, " +
        $"{F(idle.Statements)} statements and {F(idle.CpuMs, "0")} ms CPU a second (outbox polls, the clock scheduler, timers); the \"net of idle\" rows take that rate times the phase's window out";

    static string F(double? v, string format = "0.0") => v is { } x && !double.IsNaN(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "-";

    public static string Markdown(IReadOnlyList<PhaseResult> phases)
    {
        var measured = phases.Where(p => p.Cost is not null).ToList();
        if (measured.Count == 0) return "";
        var md = new StringBuilder();
        md.AppendLine("## Per contact").AppendLine();
        md.AppendLine("| per contact | target | " + string.Join(" | ", measured.Select(p => p.Name)) + " |");
        md.AppendLine("|---|--:|" + string.Concat(measured.Select(_ => "--:|")));
        void Row(string name, string target, Func<PhaseCost, string> value) =>
            md.AppendLine($"| {name} | {target} | " + string.Join(" | ", measured.Select(p => value(p.Cost!))) + " |");
        Row("broker deliveries", $"≤ {LoadTargets.Deliveries:0}", c => F(c.Deliveries));
        Row("of which redeliveries", "", c => F(c.Redeliveries));
        Row("commits", $"≤ {LoadTargets.Commits:0}", c => F(c.Commits));
        Row("rollbacks", "", c => F(c.Rollbacks));
        Row("SQL statements", $"≤ {LoadTargets.Statements:0}", c => F(c.Statements) + (c.StatementsEvicted ? " (at least)" : ""));
        Row("of which BEGIN/COMMIT/ROLLBACK", "", c => F(c.TransactionControlStatements));
        Row("CPU ms, all processes of the pipeline", $"≤ {LoadTargets.CpuMs:0}", c => F(c.CpuMs));
        if (measured.Any(p => p.Cost!.Idle is not null))
        {
            Row("commits, net of idle", "", c => F(c.NetCommits));
            Row("SQL statements, net of idle", "", c => F(c.NetStatements));
            Row("CPU ms, net of idle", "", c => F(c.NetCpuMs));
        }
        foreach (var service in measured.SelectMany(p => p.Cost!.CommitsByService.Keys).Distinct().Order(StringComparer.Ordinal))
            Row($"commits: {service}", "", c => F(c.CommitsByService.TryGetValue(service, out var n) ? n : null));
        foreach (var service in measured.SelectMany(p => p.Cost!.StatementsByService.Keys).Distinct().Order(StringComparer.Ordinal))
            Row($"SQL statements: {service}", "", c => F(c.StatementsByService.TryGetValue(service, out var n) ? n : null));
        Row("CPU ms: five services", "", c => F(c.ServiceCpuMs));
        foreach (var service in measured.SelectMany(p => p.Cost!.CpuMsByService.Keys).Distinct().Order(StringComparer.Ordinal))
            Row($"CPU ms: {service}", "", c => F(c.CpuMsByService.TryGetValue(service, out var ms) ? ms : null));
        Row("CPU ms: their PostgreSQL backends", "", c => F(c.BackendCpuMs) + (c.BackendsEnded > 0 ? $" ({c.BackendsEnded} ended, missed)" : ""));
        Row("CPU ms: RabbitMQ node (shared)", "", c => F(c.BrokerCpuMs));
        Row("CPU ms: whole machine (not counted)", "", c => F(c.MachineBusyMs));
        Row("CPU ms: this bench (not counted)", "", c => F(c.BenchCpuMs));
        Row("contacts / window s", "", c => $"{c.Contacts} / {F(c.WindowSeconds, "0")}");
        md.AppendLine();

        md.AppendLine("| phase | busiest queues, deliveries per contact |").AppendLine("|---|---|");
        foreach (var p in measured) md.AppendLine($"| {p.Name} | {string.Join(", ", p.Cost!.TopQueues.Select(q => $"{q.Queue} {F(q.Deliveries)}"))} |");
        md.AppendLine();

        md.AppendLine("## Queues: sustained or not").AppendLine();
        md.AppendLine("| phase | sustained | queues that gained (ready at start → a second after the last contact was sent) | not drained at the start | clock lag p50 / p99 / max ms (clocks) |").AppendLine("|---|:-:|---|---|--:|");
        foreach (var p in measured.Where(p => p.Backlog is not null))
        {
            var b = p.Backlog!;
            md.AppendLine($"| {p.Name} | {(b.Sustained ? "yes" : "**no**")} | {(b.Gains.Count == 0 ? "none" : string.Join(", ", b.Gains.Select(g => $"{g.Queue} {g.Start} → {g.End}")))} (slack {b.Slack}) | " +
                $"{(b.NotDrainedAtStart.Count == 0 ? "-" : string.Join(", ", b.NotDrainedAtStart))} | " +
                (p.ClockLagMs is { Count: > 0 } lag ? $"{F(lag.P50, "0")} / {F(lag.P99, "0")} / {F(lag.Max, "0")} ({lag.Count})" : "-") + " |");
        }
        md.AppendLine();
        md.AppendLine("Clock lag: when the bench first saw a clock started in audit's clocks table (polled every 250 ms) minus its start, the time of the event that started it; clocks whose start is backdated are left out (the lead professional clock, to the routing; child seen and assessment, to the point of referral).").AppendLine();
        return md.ToString();
    }
}
