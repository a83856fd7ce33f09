using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using NodaTime;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Domain;

/// <summary>Each statutory clock's deadline across a weekend and across bank holidays, in Europe/London, and its state.</summary>
public sealed class StatutoryClocksTests
{
    static readonly WorkingCalendar Calendar = WorkingCalendar.FromGovUkJson(Service.Fixtures.BankHolidays);

    static DateTimeOffset Due(ClockKind kind, DateTimeOffset start) => StatutoryClocks.Start(Calendar, kind, start).DueAt;

    [Fact]
    public void Routing_starts_the_strategy_discussion_clock_only_for_child_protection()
    {
        Assert.Equal([ClockKind.StrategyDiscussion, ClockKind.ChildSeen, ClockKind.AssessmentCompleted], StatutoryClocks.StartedByRouting(Pathway.ChildProtection));
        Assert.Equal([ClockKind.ChildSeen, ClockKind.AssessmentCompleted], StatutoryClocks.StartedByRouting(Pathway.ChildInNeed));
        Assert.Empty(StatutoryClocks.StartedByRouting(Pathway.EarlyHelp));
    }

    [Fact]
    public void An_unborn_child_has_no_child_seen_clock_that_could_only_breach()
    {
        Assert.Equal([ClockKind.StrategyDiscussion, ClockKind.AssessmentCompleted], StatutoryClocks.StartedByRouting(Pathway.ChildProtection, unborn: true));
        Assert.Equal([ClockKind.AssessmentCompleted], StatutoryClocks.StartedByRouting(Pathway.ChildInNeed, unborn: true));
        var unborn = new Mash.Contracts.Events.V1.ChildRouted { ExpectedDateOfBirth = new Date { Year = 2027, Month = 3, Day = 1 } };
        var born = new Mash.Contracts.Events.V1.ChildRouted { DateOfBirth = new Date { Year = 2020, Month = 3, Day = 1 } };
        Assert.Equal((true, false), (StatutoryClocks.Unborn(unborn), StatutoryClocks.Unborn(born)));
    }

    [Fact]
    public void Child_seen_and_assessment_count_from_the_point_of_referral_and_the_strategy_discussion_from_the_routing()
    {
        // Received on Christmas Eve 2026 at 15:00, routed to child protection on Tuesday 29th at 11:00.
        var christmas = new WorkingCalendar([new LocalDate(2026, 12, 25), new LocalDate(2026, 12, 28), new LocalDate(2027, 1, 1)]);
        var (referred, routed) = (London(2026, 12, 24, 15), London(2026, 12, 29, 11));
        Assert.Equal(
            [
                (ClockKind.StrategyDiscussion, routed, London(2026, 12, 30, 0)),
                // From the 24th: 29, 30, 31 December, 4 and 5 January (from the routing it would be the 6th).
                (ClockKind.ChildSeen, referred, London(2027, 1, 6, 0)),
                (ClockKind.AssessmentCompleted, referred, London(2027, 3, 3, 0)),
            ],
            StatutoryClocks.StartRouting(christmas, Pathway.ChildProtection, routed, referred).Select(c => (c.Kind, c.StartedAt, c.DueAt)));
        // A routing that does not say when the referral came counts from itself.
        Assert.All(StatutoryClocks.StartRouting(Calendar, Pathway.ChildInNeed, routed, referredAt: null), c => Assert.Equal(routed, c.StartedAt));
    }

    [Fact]
    public void Strategy_discussion_is_due_by_the_end_of_the_working_day()
    {
        // Friday afternoon: that Friday, not after the weekend.
        Assert.Equal(London(2026, 5, 16, 0), Due(ClockKind.StrategyDiscussion, London(2026, 5, 15, 16, 30)));
        // Routed on a Saturday: the end of Monday.
        Assert.Equal(London(2026, 5, 19, 0), Due(ClockKind.StrategyDiscussion, London(2026, 5, 16, 10)));
        // Routed on Good Friday: Easter Monday is not a working day either, so the end of Tuesday.
        Assert.Equal(London(2026, 4, 8, 0), Due(ClockKind.StrategyDiscussion, London(2026, 4, 3, 11)));
    }

    [Fact]
    public void Child_seen_is_due_by_the_end_of_the_fifth_working_day()
    {
        Assert.Equal(London(2026, 5, 21, 0), Due(ClockKind.ChildSeen, London(2026, 5, 13, 10)));  // Wed -> end of Wed, over a weekend
        Assert.Equal(London(2026, 6, 2, 0), Due(ClockKind.ChildSeen, London(2026, 5, 22, 10)));   // Fri -> end of Mon, weekend + spring bank holiday
        Assert.Equal(London(2026, 4, 14, 0), Due(ClockKind.ChildSeen, London(2026, 4, 2, 10)));   // Thu -> end of Mon, over Easter
    }

    [Fact]
    public void Initial_conference_is_due_fifteen_working_days_after_the_strategy_discussion()
    {
        Assert.Equal(London(2026, 3, 31, 0), Due(ClockKind.InitialChildProtectionConference, London(2026, 3, 9, 14)));
        // Over Easter: Thu 2 Apr 2026 -> the end of Mon 27 Apr 2026, Good Friday and Easter Monday skipped.
        Assert.Equal(London(2026, 4, 28, 0), Due(ClockKind.InitialChildProtectionConference, London(2026, 4, 2, 14)));
        // Across Christmas and New Year 2025.
        Assert.Equal(London(2026, 1, 15, 0), Due(ClockKind.InitialChildProtectionConference, London(2025, 12, 19, 9)));
    }

    [Fact]
    public void A_conference_held_in_the_afternoon_of_day_fifteen_after_a_morning_strategy_discussion_is_on_time()
    {
        var clock = StatutoryClocks.Start(Calendar, ClockKind.InitialChildProtectionConference, London(2026, 3, 9, 10));
        Assert.Equal(ClockState.Met, StatutoryClocks.StateAt(clock with { StoppedAt = London(2026, 3, 30, 14) }, London(2026, 4, 1, 9), Calendar));
    }

    [Fact]
    public void Assessment_is_due_forty_five_working_days_later()
    {
        Assert.Equal(London(2026, 3, 17, 0), Due(ClockKind.AssessmentCompleted, London(2026, 1, 12, 10)));  // nine weeks, weekends only
        Assert.Equal(London(2026, 6, 11, 0), Due(ClockKind.AssessmentCompleted, London(2026, 4, 2, 10)));   // Easter and both May bank holidays
    }

    [Fact]
    public void A_running_clock_is_at_risk_with_a_fifth_of_its_office_time_left_and_breached_after_the_deadline()
    {
        // Wednesday 10:00 to the end of the next Wednesday: 47 office hours, at risk with 9 h 24 min left (Tuesday 15:36).
        var clock = StatutoryClocks.Start(Calendar, ClockKind.ChildSeen, London(2026, 5, 13, 10));
        Assert.Equal(ClockState.Running, StatutoryClocks.StateAt(clock, London(2026, 5, 19, 15, 35), Calendar));
        Assert.Equal(ClockState.AtRisk, StatutoryClocks.StateAt(clock, London(2026, 5, 19, 15, 36), Calendar));
        Assert.Equal(ClockState.AtRisk, StatutoryClocks.StateAt(clock, clock.DueAt.AddSeconds(-1), Calendar));
        // Due at the end of its last day: from that instant on it is late.
        Assert.Equal(ClockState.Breached, StatutoryClocks.StateAt(clock, clock.DueAt, Calendar));
    }

    [Fact]
    public void A_stopped_clock_is_met_or_missed_and_a_cancelled_one_is_cancelled_whenever_read()
    {
        var clock = StatutoryClocks.Start(Calendar, ClockKind.ChildSeen, London(2026, 5, 13, 10));
        var later = clock.DueAt.AddDays(30);
        Assert.Equal(ClockState.Met, StatutoryClocks.StateAt(clock with { StoppedAt = clock.DueAt }, later, Calendar));
        Assert.Equal(ClockState.Missed, StatutoryClocks.StateAt(clock with { StoppedAt = clock.DueAt.AddMinutes(1) }, later, Calendar));
        Assert.Equal(ClockState.Cancelled, StatutoryClocks.StateAt(clock with { CancelledAt = clock.StartedAt.AddDays(1) }, later, Calendar));
    }

    [Fact]
    public void London_date_follows_summer_time()
    {
        // 23:30 UTC on 1 June is already 2 June in London (BST).
        Assert.Equal(new LocalDate(2026, 6, 2), StatutoryClocks.LondonDate(new DateTimeOffset(2026, 6, 1, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new LocalDate(2026, 1, 1), StatutoryClocks.LondonDate(new DateTimeOffset(2026, 1, 1, 23, 30, 0, TimeSpan.Zero)));
    }
}
