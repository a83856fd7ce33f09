using Mash.Audit.Domain.Clocks;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class ClockTimesTests
{
    // One working day from Christmas Eve 15:00: Christmas Day, the weekend and the Boxing Day
    // substitute skipped, so due at the end of Tuesday 29th. Its office time is 2 h on the 24th and
    // 8 h on the 29th: at risk with a fifth (2 h) left, 15:00 on the 29th.
    static readonly DateTimeOffset Start = new(2026, 12, 24, 15, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Due = new(2026, 12, 30, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset AtRisk = new(2026, 12, 29, 15, 0, 0, TimeSpan.Zero);

    static ClockTimes Clock(DateTimeOffset? start, DateTimeOffset? due) => new(start, due, ClockTimes.AtRiskOf(start, due, ClockPlanTests.Christmas));

    [Fact]
    public void A_running_clock_is_at_risk_with_a_fifth_of_its_office_time_left_and_breached_at_its_due()
    {
        var clock = Clock(Start, Due);
        Assert.Equal(Due, ClockPlanTests.Christmas.Deadline(Start, new Mash.BuildingBlocks.ReferenceData.Allowance(WorkingDays: 1)));
        Assert.Equal(AtRisk, clock.AtRiskAt);
        Assert.Equal(
            [ClockState.Running, ClockState.AtRisk, ClockState.AtRisk, ClockState.Breached],
            new[] { AtRisk.AddTicks(-1), AtRisk, Due.AddTicks(-1), Due }.Select(clock.StateAt));
        Assert.Equal((ClockState.Met, ClockState.Missed, ClockState.Cancelled),
            ((clock with { StoppedAt = Due }).StateAt(Due.AddDays(9)), (clock with { StoppedAt = Due.AddTicks(1) }).StateAt(Due), (clock with { CancelledAt = Start }).StateAt(Due)));
        Assert.Equal(ClockState.Running, Clock(Start, null).StateAt(Due.AddDays(1)));
    }

    [Fact]
    public void Each_alert_falls_due_once_and_a_clock_found_late_raises_only_its_breach()
    {
        var clock = Clock(Start, Due);
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
        Assert.Empty(Clock(Start, null).AlertsDue(Due));
    }

    [Fact]
    public void A_clock_with_no_office_time_has_no_at_risk_alert_only_its_breach()
    {
        // A red decision of four hours from 20:00 on a working day: nobody is in the office before it is due.
        var evening = new DateTimeOffset(2026, 12, 29, 20, 0, 0, TimeSpan.Zero);
        var clock = Clock(evening, evening.AddHours(4));
        Assert.Null(clock.AtRiskAt);
        Assert.Equal(evening.AddHours(4), clock.NextAlertAt);
        Assert.Equal(ClockState.Running, clock.StateAt(evening.AddHours(3.9)));
        Assert.Empty(clock.AlertsDue(evening.AddHours(3.9)));
        Assert.Equal([ClockAlert.Breached], clock.AlertsDue(evening.AddHours(4)));
    }

    [Fact]
    public void A_clock_is_missed_once_its_due_passes_without_its_stop_and_only_then()
    {
        var clock = Clock(Start, Due);
        Assert.False(clock.MissedBy(Due.AddTicks(-1)));
        Assert.True(clock.MissedBy(Due));
        Assert.True((clock with { StoppedAt = Due.AddHours(1) }).MissedBy(Due.AddDays(1)));
        Assert.False((clock with { StoppedAt = Due }).MissedBy(Due.AddDays(1)));
        Assert.False((clock with { CancelledAt = Due.AddHours(-1) }).MissedBy(Due.AddDays(1)));
        Assert.False(Clock(null, Due).MissedBy(Due.AddDays(1)));
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
        ], ClockPlanTests.Christmas, end);

        var seen = figures.Single(f => f.Kind == ClockKind.ChildSeen);
        Assert.Equal((3L, 2L, 3L, 1L), (seen.Count, seen.OnTime, seen.Open, seen.OpenBreached));
        Assert.Equal(2.0 / 3, seen.OnTimeShare, 9);
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(8.6)), (seen.MedianElapsed, seen.P90Elapsed));
        // In working time (Tuesday 1 December 09:00 on): 2, 5 and 7 office days of 8 hours.
        Assert.Equal((TimeSpan.FromHours(40), TimeSpan.FromHours(52.8)), (seen.MedianWorking, seen.P90Working));
        Assert.Equal(7, figures.Count);
        Assert.All(figures.Where(f => f.Kind != ClockKind.ChildSeen), f => Assert.Equal((0L, 0.0, (TimeSpan?)null), (f.Count, f.OnTimeShare, f.MedianElapsed)));
        // The late one and the open one past its due are the missed ones; neither has a reason yet.
        Assert.Equal([(MissReason.Unspecified, 2L)], seen.MissReasons!);
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
            Decision(Rag.Amber, "2026-12-24T15:00Z", "2026-12-29T23:59Z"),   // Tuesday 29th is the next working day: within, to its end
            Decision(Rag.Amber, "2026-12-24T15:00Z", "2026-12-30T00:01Z"),
            Decision(Rag.Green, "2026-12-24T15:00Z", "2026-12-31T15:00Z"),
        ], ClockPlanTests.Christmas, DateTimeOffset.Parse("2027-01-31T00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([(Rag.Red, 1L, 1L, 1.0), (Rag.Amber, 2L, 1L, 0.5), (Rag.Green, 1L, 0L, 0.0)],
            figures.Select(f => (f.Rag, f.Decisions, f.WithinOneWorkingDay, f.Share)));
    }
}
