using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class LoadTargetsTests
{
    static PhaseResult Phase(string name, double offered, double endToEnd, double e2eP99, double submitP99, bool sustained = true, int lost = 0, PhaseCost? cost = null) =>
        new(name, offered, 60, 1_000, 1_000, 1_500, 1_500 - lost, offered, endToEnd, endToEnd * 1.5, 0.5,
            new Distribution(1_000, 10, 10, 10, 10, submitP99, submitP99, submitP99), new Distribution(1_000, 100, 100, 100, 100, e2eP99, e2eP99, e2eP99),
            [], new Dictionary<string, int>(), new Dictionary<string, int>(), 0)
        {
            Cost = cost,
            Backlog = new QueueBacklog(sustained ? [] : [new QueueGain("audit-clocks", 0, 1_188)], 75, []),
        };

    static PhaseCost Cost(double deliveries, double commits, double? statements, double serviceCpu) =>
        new(1_000, 70, deliveries, 0, [], commits, 0, statements, 0, false, serviceCpu, 0, 0, null, null, 0);

    static Target Named(IReadOnlyList<Target> targets, string start) => Assert.Single(targets, t => t.Name.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void An_end_to_end_rate_counts_only_from_a_sustained_phase()
    {
        var targets = LoadTargets.Of([Phase("75/s", 75, 74.9, 400, 20), Phase("max", 0, 90, 3_000, 400, sustained: false)]);
        var rate = Named(targets, "≥ 75 contacts/s");
        Assert.False(rate.Met); // 90/s at the maximum left audit's clocks behind; 74.9/s is short
        Assert.Contains("74.9", rate.Measured);

        Assert.True(Named(LoadTargets.Of([Phase("max", 0, 80, 3_000, 400)]), "≥ 75 contacts/s").Met);
    }

    [Fact]
    public void Latency_targets_at_50_and_5_per_second_and_none_for_phases_not_run()
    {
        var targets = LoadTargets.Of([Phase("5/s", 5, 5, 140, 10), Phase("50/s", 50, 50, 1_200, 45, sustained: true)]);
        Assert.True(Named(targets, "end-to-end p99 ≤ 150 ms at 5/s").Met);
        Assert.False(Named(targets, "end-to-end p99 ≤ 1 s at 50/s").Met);
        Assert.True(Named(targets, "SubmitContact p99 ≤ 50 ms at 50/s").Met);
        Assert.DoesNotContain(targets, t => t.Name.StartsWith("clock lag", StringComparison.Ordinal)); // not measured: no row
        Assert.DoesNotContain(targets, t => t.Name.StartsWith("≥ 75", StringComparison.Ordinal));

        Assert.False(Named(LoadTargets.Of([Phase("5/s", 5, 5, 100, 10, sustained: false)]), "end-to-end p99 ≤ 150 ms").Met);
    }

    [Fact]
    public void Per_contact_targets_are_judged_at_the_busiest_fixed_rate()
    {
        var targets = LoadTargets.Of([
            Phase("5/s", 5, 5, 100, 10, cost: Cost(30, 30, 300, 90)),
            Phase("50/s", 50, 50, 500, 20, cost: Cost(9.5, 8.5, 60, 25)),
            Phase("max", 0, 60, 900, 40, cost: Cost(1, 1, 1, 1)),
        ]);
        Assert.True(Named(targets, "≤ 10 broker deliveries").Met);
        Assert.Equal("9.5 (50/s)", Named(targets, "≤ 10 broker deliveries").Measured);
        Assert.False(Named(targets, "≤ 8 commits").Met);
        Assert.True(Named(targets, "≤ 60 SQL statements").Met);
        Assert.True(Named(targets, "≤ 25 ms CPU").Met);

        var uncounted = LoadTargets.Of([Phase("50/s", 50, 50, 500, 20, cost: Cost(9.5, 8.5, null, 25))]);
        Assert.False(Named(uncounted, "≤ 60 SQL statements").Met);
    }

    [Fact]
    public void Clock_lag_is_judged_at_50_per_second()
    {
        var late = Phase("50/s", 50, 50, 500, 20) with { ClockLagMs = new Distribution(300, 900, 400, 1_500, 1_800, 2_400, 2_600, 2_700) };
        var target = Named(LoadTargets.Of([late]), "clock lag p99 ≤ 2 s at 50/s");
        Assert.False(target.Met);
        Assert.Equal("2400 ms", target.Measured);
    }
}
