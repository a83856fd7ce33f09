using Mash.Contracts.Common.V1;
using Mash.EarlyHelp.Domain;
using Xunit;
using static Mash.EarlyHelp.Tests.Domain.Fixtures;

namespace Mash.EarlyHelp.Tests.Domain;

/// <summary>The 48 working-hour clock: office hours of working days only; alerts with a fifth of them left and at the deadline, once each.</summary>
public sealed class LeadProfessionalClockTests
{
    static Clock Start(DateTimeOffset at) => LeadProfessionalClock.Start(Guid.NewGuid(), at, Calendar, LeadProfessionalClock.AllowanceOf([]));

    [Fact]
    public void Forty_eight_working_hours_skip_the_weekend_and_bank_holidays()
    {
        // Friday 10:00 before the early May bank holiday: Friday 7 h, Tuesday to Friday 32 h, Monday 8 h, Tuesday 1 h.
        Assert.Equal(London(2025, 5, 13, 10), Start(London(2025, 5, 2, 10)).DueAt.ToDateTimeOffset());
        // Tuesday noon before Christmas: Christmas Day, Boxing Day, New Year's Day and the weekends do not count.
        Assert.Equal(London(2026, 1, 5, 12), Start(London(2025, 12, 23, 12)).DueAt.ToDateTimeOffset());
        // Routed on a Saturday: six office days from Monday 09:00.
        Assert.Equal(London(2025, 9, 15, 17), Start(London(2025, 9, 6, 15)).DueAt.ToDateTimeOffset());
        // A plain week: six office days on.
        Assert.Equal(London(2025, 9, 16, 9, 30), Start(London(2025, 9, 8, 9, 30)).DueAt.ToDateTimeOffset());
    }

    [Fact]
    public void At_risk_comes_with_a_fifth_of_the_working_hours_left_in_office_hours()
    {
        // Monday 09:00 to the next Monday 17:00; 9 h 36 min of office time left at Friday 15:24 (not at 23:24 on a Tuesday).
        var clock = Start(London(2025, 9, 8, 9));
        Assert.Equal(London(2025, 9, 12, 15, 24), LeadProfessionalClock.AtRiskAt(clock));
        Assert.Equal(London(2025, 9, 12, 15, 24), clock.AtRiskAt.ToDateTimeOffset());
    }

    [Fact]
    public void Each_alert_is_owed_once_and_a_late_look_owes_both_at_once()
    {
        var clock = Start(London(2025, 9, 8, 9));
        var atRisk = LeadProfessionalClock.AtRiskAt(clock);

        Assert.Equal(("", ClockState.Running), Due(clock, atRisk.AddSeconds(-1)));
        Assert.Equal(("AtRisk", ClockState.AtRisk), Due(clock, atRisk));
        clock.State = ClockState.AtRisk;
        Assert.Equal(("", ClockState.AtRisk), Due(clock, atRisk.AddHours(1)));
        Assert.Equal(("Breached", ClockState.Breached), Due(clock, clock.DueAt.ToDateTimeOffset()));
        clock.State = ClockState.Breached;
        Assert.Equal(("", ClockState.Breached), Due(clock, clock.DueAt.ToDateTimeOffset().AddDays(3)));

        var unseen = Start(London(2025, 9, 8, 9));
        Assert.Equal(("AtRisk,Breached", ClockState.Breached), Due(unseen, London(2025, 9, 20, 9)));
    }

    [Fact]
    public void Allocation_stops_the_clock_met_or_missed_and_closing_without_one_cancels_it()
    {
        var met = Start(London(2025, 9, 8, 9));
        LeadProfessionalClock.Stop(met, met.DueAt.ToDateTimeOffset());
        Assert.Equal(ClockState.Met, met.State);

        var missed = Start(London(2025, 9, 8, 9));
        missed.State = ClockState.Breached;
        LeadProfessionalClock.Stop(missed, missed.DueAt.ToDateTimeOffset().AddMinutes(1));
        Assert.Equal((ClockState.Missed, missed.DueAt.ToDateTimeOffset().AddMinutes(1)), (missed.State, missed.StoppedAt.ToDateTimeOffset()));
        Assert.Equal(("", ClockState.Missed), Due(missed, missed.DueAt.ToDateTimeOffset().AddDays(1)));

        var cancelled = Start(London(2025, 9, 8, 9));
        LeadProfessionalClock.Cancel(cancelled, London(2025, 9, 8, 10));
        Assert.Equal(ClockState.Cancelled, cancelled.State);
        // A stopped clock stays as it stopped.
        LeadProfessionalClock.Stop(cancelled, London(2025, 9, 8, 11));
        Assert.Equal(ClockState.Cancelled, cancelled.State);
    }

    /// <summary>The alerts owed, comma-separated, and the state the clock moves to.</summary>
    static (string Alerts, ClockState State) Due(Clock clock, DateTimeOffset now)
    {
        var (alerts, state) = LeadProfessionalClock.Due(clock, now);
        return (string.Join(",", alerts), state);
    }
}
