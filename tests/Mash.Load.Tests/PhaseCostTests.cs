using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class PhaseCostTests
{
    static CostSnapshot Snapshot(double at, Dictionary<string, QueueCounters> queues, long commits, long rollbacks, StatementCounters? statements,
        Dictionary<string, double> services, Dictionary<int, double> backends, double? broker) =>
        new(at, queues, commits, rollbacks, statements, services, backends, broker, MachineBusyMs: at * 2, BenchCpuMs: at / 10);

    [Fact]
    public void Differences_are_divided_by_the_contacts_and_a_new_queue_starts_from_nothing()
    {
        var start = Snapshot(1_000, new() { ["audit"] = new(0, 100, 1), ["intake"] = new(0, 50, 0) }, 1_000, 4, new(5_000, 900, 3),
            new() { ["Intake"] = 2_000, ["Audit"] = 1_000 }, new() { [11] = 300 }, 10_000);
        var end = Snapshot(21_000, new() { ["audit"] = new(0, 400, 5), ["intake"] = new(0, 150, 0), ["allocation"] = new(0, 100, 0) }, 1_800, 6, new(11_000, 1_900, 3),
            new() { ["Intake"] = 2_600, ["Audit"] = 1_900 }, new() { [11] = 700 }, 10_500);

        var cost = PhaseCost.Between(start, end, contacts: 100, topQueues: 2);

        Assert.Equal(20, cost.WindowSeconds);
        Assert.Equal(5, cost.Deliveries);           // (300 + 100 + 100) / 100
        Assert.Equal(0.04, cost.Redeliveries, 6);
        Assert.Equal([new QueueCost("audit", 3), new QueueCost("allocation", 1)], cost.TopQueues); // a tie goes by name
        Assert.Equal(8, cost.Commits);
        Assert.Equal(0.02, cost.Rollbacks, 6);
        Assert.Equal(60, cost.Statements);
        Assert.Equal(10, cost.TransactionControlStatements);
        Assert.False(cost.StatementsEvicted);
        Assert.Equal(15, cost.ServiceCpuMs);        // (600 + 900) / 100
        Assert.Equal(new Dictionary<string, double> { ["Intake"] = 6, ["Audit"] = 9 }, cost.CpuMsByService);
        Assert.Equal(4, cost.BackendCpuMs);
        Assert.Equal(5, cost.BrokerCpuMs);
        Assert.Equal(24, cost.CpuMs);
        Assert.Equal(400, cost.MachineBusyMs);
        Assert.Equal(20, cost.BenchCpuMs);
    }

    [Fact]
    public void Statements_are_unknown_without_the_view_and_flagged_when_entries_were_evicted()
    {
        var empty = new Dictionary<string, QueueCounters>();
        var none = PhaseCost.Between(Snapshot(0, empty, 0, 0, null, [], [], null), Snapshot(1, empty, 0, 0, null, [], [], null), 10);
        Assert.Null(none.Statements);
        Assert.Null(none.BrokerCpuMs);

        var evicted = PhaseCost.Between(Snapshot(0, empty, 0, 0, new(10, 0, 1), [], [], null), Snapshot(1, empty, 0, 0, new(30, 0, 2), [], [], null), 10);
        Assert.Equal(2, evicted.Statements);
        Assert.True(evicted.StatementsEvicted);
    }

    [Fact]
    public void The_benchs_own_reads_are_taken_out_of_the_commits_when_counted()
    {
        var empty = new Dictionary<string, QueueCounters>();
        // 2,000 transactions in the databases, 1,500 of them the bench's polls (each a transaction of its own).
        var cost = PhaseCost.Between(Snapshot(0, empty, 10_000, 0, new(0, 0, 0, BenchCalls: 4_000), [], [], null),
            Snapshot(1, empty, 12_000, 0, new(0, 0, 0, BenchCalls: 5_500), [], [], null), 100);
        Assert.Equal(5, cost.Commits);
        var uncounted = PhaseCost.Between(Snapshot(0, empty, 10_000, 0, null, [], [], null), Snapshot(1, empty, 12_000, 0, null, [], [], null), 100);
        Assert.Equal(20, uncounted.Commits);
    }

    [Fact]
    public void Commits_and_statements_are_shown_by_service_with_the_benchs_own_reads_taken_out_where_they_ran()
    {
        var empty = new Dictionary<string, QueueCounters>();
        var start = Snapshot(0, empty, 0, 0, new(0, 0, 0), [], [], null) with
        {
            CommitsByService = new Dictionary<string, long> { ["Intake"] = 1_000, ["Audit"] = 5_000 },
            StatementsByService = new Dictionary<string, (long, long)> { ["Intake"] = (10_000, 0), ["Audit"] = (40_000, 2_000) },
        };
        // Audit's database ran 1,300 transactions, 300 of them the bench's trail polls.
        var end = Snapshot(1, empty, 0, 0, new(0, 0, 0), [], [], null) with
        {
            CommitsByService = new Dictionary<string, long> { ["Intake"] = 1_200, ["Audit"] = 6_300, ["Allocation"] = 100 },
            StatementsByService = new Dictionary<string, (long, long)> { ["Intake"] = (11_500, 0), ["Audit"] = (44_000, 2_300), ["Allocation"] = (600, 0) },
        };
        var cost = PhaseCost.Between(start, end, contacts: 100);
        Assert.Equal(new Dictionary<string, double> { ["Intake"] = 2, ["Audit"] = 10, ["Allocation"] = 1 }, cost.CommitsByService);
        Assert.Equal(new Dictionary<string, double> { ["Intake"] = 15, ["Audit"] = 40, ["Allocation"] = 6 }, cost.StatementsByService);
    }

    [Fact]
    public void Backends_count_their_difference_a_new_one_all_its_time_and_an_ended_one_is_reported_missed()
    {
        var (ms, ended) = PhaseCost.BackendCpu(
            new Dictionary<int, double> { [1] = 100, [2] = 50, [3] = 500 },
            new Dictionary<int, double> { [1] = 160, [3] = 20, [4] = 30 }); // 3 was reused by a new backend
        Assert.Equal(60 + 20 + 30, ms);
        Assert.Equal(1, ended);
    }

    [Fact]
    public void Net_figures_take_the_idle_rate_over_the_window_out()
    {
        var empty = new Dictionary<string, QueueCounters>();
        // Idle: 10 s with 40 commits, 300 statements and 2,000 ms of a service's CPU.
        var idle = IdleRate.Of(PhaseCost.Between(Snapshot(0, empty, 0, 0, new(0, 0, 0), new() { ["Audit"] = 0 }, [], null),
            Snapshot(10_000, empty, 40, 0, new(300, 0, 0), new() { ["Audit"] = 2_000 }, [], null), 1));
        Assert.Equal(new IdleRate(10, 0, 4, 30, 200), idle);

        // A phase of 100 contacts over 20 s: 80 of its 1,000 commits, 600 of its 7,000 statements and 4,000 of its 9,000 ms were idle work.
        var phase = PhaseCost.Between(Snapshot(0, empty, 0, 0, new(0, 0, 0), new() { ["Audit"] = 0 }, [], null),
            Snapshot(20_000, empty, 1_000, 0, new(7_000, 0, 0), new() { ["Audit"] = 9_000 }, [], null), 100) with { Idle = idle };
        Assert.Equal(9.2, phase.NetCommits, 6);
        Assert.Equal(64, phase.NetStatements!.Value, 6);
        Assert.Equal(50, phase.NetCpuMs, 6);
        Assert.Equal(90, phase.CpuMs);
    }
}
