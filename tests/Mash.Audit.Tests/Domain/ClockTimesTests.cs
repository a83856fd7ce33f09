using Mash.Audit.Domain.Clocks;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class ClockTimesTests
{
    static readonly DateTimeOffset Start = new(2026, 12, 24, 15, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Due = new(2026, 12, 29, 15, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset AtRisk = new(2026, 12, 28, 15, 0, 0, TimeSpan.Zero); // 80% of five days

    [Fact]
    public void A_running_clock_is_at_risk_at_80_percent_and_breached_at_its_due()
    {
        var clock = new ClockTimes(Start, Due);
        Assert.Equal(AtRisk, clock.AtRiskAt);
        Assert.Equal(
            [ClockState.Running, ClockState.AtRisk, ClockState.AtRisk, ClockState.Breached],
            new[] { AtRisk.AddTicks(-1), AtRisk, Due.AddTicks(-1), Due }.Select(clock.StateAt));
        Assert.Equal((ClockState.Met, ClockState.Missed, ClockState.Cancelled),
            ((clock with { StoppedAt = Due }).StateAt(Due.AddDays(9)), (clock with { StoppedAt = Due.AddTicks(1) }).StateAt(Due), (clock with { CancelledAt = Start }).StateAt(Due)));
        Assert.Equal(ClockState.Running, new ClockTimes(Start, null).StateAt(Due.AddDays(1)));
    }

    [Fact]
    public void Each_alert_falls_due_once_and_a_clock_found_late_raises_only_its_breach()
    {
        var clock = new ClockTimes(Start, Due);
        Assert.Empty(clock.AlertsDue(AtRisk.AddTicks(-1)));
        Assert.Equal([ClockAlert.AtRisk], clock.AlertsDue(AtRisk));
        Assert.Equal(AtRisk, clock.NextAlertAt);

        var warned = clock with { AtRiskRaisedAt = AtRisk };
        Assert.Empty(warned.AlertsDue(Due.AddTicks(-1)));
        Assert.Equal(Due, warned.NextAlertAt);
        Assert.Equal([ClockAlert.Breached], warned.AlertsDue(Due));
        Assert.Null((warned with { BreachedRaisedAt = Due }).NextAlertAt);
        Assert.Empty((warned with { BreachedRaisedAt = Due }).AlertsDue(Due.AddDays(3)));

        Assert.Equal([ClockAlert.Breached], clock.AlertsDue(Due.AddHours(1)));
        Assert.Empty((clock with { StoppedAt = Start.AddHours(1) }).AlertsDue(Due));
        Assert.Empty((clock with { CancelledAt = Start.AddHours(1) }).AlertsDue(Due));
        Assert.Empty(new ClockTimes(Start, null).AlertsDue(Due));
    }

    [Fact]
    public void Percentiles_interpolate_between_the_nearest_ranks()
    {
        var minutes = new[] { 10, 20, 30, 40 }.Select(m => TimeSpan.FromMinutes(m)).ToList();
        Assert.Equal(TimeSpan.FromMinutes(25), Timeliness.Percentile(minutes, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(37), Timeliness.Percentile(minutes, 0.9));
        Assert.Equal(TimeSpan.FromMinutes(10), Timeliness.Percentile([TimeSpan.FromMinutes(10)], 0.9));
        Assert.Null(Timeliness.Percentile([], 0.5));
    }

    [Fact]
    public void The_report_counts_stopped_clocks_on_time_or_not_and_open_ones_as_they_stood_at_the_end_of_the_period()
    {
        var end = new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero);
        ReportedClock Seen(int startDay, int dueDay, int? stopDay, int? cancelDay = null) => new(ClockKind.ChildSeen, Rag.Unspecified,
            new DateTimeOffset(2026, 12, startDay, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, dueDay, 9, 0, 0, TimeSpan.Zero),
            stopDay is { } s ? new DateTimeOffset(2026, 12, s, 9, 0, 0, TimeSpan.Zero) : null,
            cancelDay is { } c ? new DateTimeOffset(2026, 12, c, 9, 0, 0, TimeSpan.Zero) : null);
        var figures = Timeliness.ByClock(
        [
            Seen(1, 8, 3), Seen(1, 8, 8), Seen(1, 8, 10),         // stopped: two on time, one late (2, 7 and 9 days)
            Seen(20, 27, null), Seen(28, 31, null),                 // open at the end: one past its due
            Seen(29, 31, 31),                                        // stopped after the period: open then, not late yet
            Seen(2, 9, null, cancelDay: 4),                          // withdrawn: neither
        ], end);

        var seen = figures.Single(f => f.Kind == ClockKind.ChildSeen);
        Assert.Equal((3L, 2L, 3L, 1L), (seen.Count, seen.OnTime, seen.Open, seen.OpenBreached));
        Assert.Equal(2.0 / 3, seen.OnTimeShare, 9);
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(8.6)), (seen.MedianElapsed, seen.P90Elapsed));
        Assert.Equal(7, figures.Count);
        Assert.All(figures.Where(f => f.Kind != ClockKind.ChildSeen), f => Assert.Equal((0L, 0.0, (TimeSpan?)null), (f.Count, f.OnTimeShare, f.MedianElapsed)));
    }

    [Fact]
    public void Decisions_by_RAG_count_those_made_within_one_working_day_of_the_contact()
    {
        ReportedClock Decision(Rag rag, string start, string stop) => new(ClockKind.MashDecision, rag,
            DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2027-01-30T00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(stop, System.Globalization.CultureInfo.InvariantCulture), null);
        var figures = Timeliness.DecisionsByRag(
        [
            Decision(Rag.Red, "2026-12-24T15:00Z", "2026-12-24T17:00Z"),
            Decision(Rag.Amber, "2026-12-24T15:00Z", "2026-12-29T15:00Z"),   // Tuesday 29th is the next working day: within
            Decision(Rag.Amber, "2026-12-24T15:00Z", "2026-12-29T15:01Z"),
            Decision(Rag.Green, "2026-12-24T15:00Z", "2026-12-31T15:00Z"),
        ], ClockPlanTests.Christmas, DateTimeOffset.Parse("2027-01-31T00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([(Rag.Red, 1L, 1L, 1.0), (Rag.Amber, 2L, 1L, 0.5), (Rag.Green, 1L, 0L, 0.0)],
            figures.Select(f => (f.Rag, f.Decisions, f.WithinOneWorkingDay, f.Share)));
    }
}
