using Mash.BuildingBlocks.ReferenceData;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;
using static Mash.Thresholds.Tests.Domain.Fixtures;

namespace Mash.Thresholds.Tests.Domain;

public class WorkingCalendarTests
{
    private static readonly Allowance OneDay = new(WorkingDays: 1);
    private static readonly Allowance SameDay = new(SameWorkingDay: true);

    [Fact]
    public void Reads_the_gov_uk_shape_for_england_and_wales_only()
    {
        Assert.Equal(new LocalDate(2027, 12, 28), Calendar.LastKnownHoliday);
        Assert.False(Calendar.IsWorkingDay(new LocalDate(2026, 4, 3)));   // Good Friday
        Assert.True(Calendar.IsWorkingDay(new LocalDate(2026, 11, 30)));  // a Scottish holiday, not an English one
        Assert.False(Calendar.IsWorkingDay(new LocalDate(2026, 5, 9)));   // Saturday
        Assert.False(Calendar.IsWorkingDay(new LocalDate(2026, 5, 10)));  // Sunday
        Assert.True(Calendar.IsWorkingDay(new LocalDate(2026, 5, 11)));
    }

    [Fact]
    public void A_json_without_england_and_wales_is_refused() =>
        Assert.Throws<FormatException>(() => WorkingCalendar.FromGovUkJson("""{"scotland":{"events":[]}}"""));

    [Fact]
    public void Working_hours_skip_the_weekend() =>
        // Friday 15:00 + 48 working hours: Friday's 9, Monday's 24, then 15 of Tuesday.
        Assert.Equal(London(2026, 5, 19, 15), Calendar.Deadline(London(2026, 5, 15, 15), new Allowance(WorkingHours: 48)));

    [Fact]
    public void Working_hours_skip_bank_holidays() =>
        // Thursday 2 April 2026 10:00, then Good Friday, the weekend and Easter Monday do not count.
        Assert.Equal(London(2026, 4, 8, 10), Calendar.Deadline(London(2026, 4, 2, 10), new Allowance(WorkingHours: 48)));

    [Fact]
    public void Working_hours_from_a_weekend_start_at_the_next_working_day() =>
        Assert.Equal(London(2026, 5, 13, 0), Calendar.Deadline(London(2026, 5, 9, 19), new Allowance(WorkingHours: 48)));

    [Fact]
    public void Hours_are_elapsed_time_even_over_weekends_and_holidays() =>
        Assert.Equal(London(2026, 5, 9, 12), Calendar.Deadline(London(2026, 5, 9, 8), new Allowance(Hours: 4)));

    [Fact]
    public void Working_days_skip_the_weekend() =>
        // Friday 15:30 + 1 working day = Monday 15:30.
        Assert.Equal(London(2026, 5, 18, 15, 30), Calendar.Deadline(London(2026, 5, 15, 15, 30), OneDay));

    [Fact]
    public void Working_days_skip_bank_holidays() =>
        // Thursday before Easter + 2 working days: Good Friday and Easter Monday are skipped -> Wednesday.
        Assert.Equal(London(2026, 4, 8, 9), Calendar.Deadline(London(2026, 4, 2, 9), new Allowance(WorkingDays: 2)));

    [Fact]
    public void A_start_on_a_non_working_day_counts_from_the_next_working_day() =>
        // Saturday evening: the count starts Monday 00:00, so 1 working day runs out Tuesday 00:00.
        Assert.Equal(London(2026, 5, 12, 0), Calendar.Deadline(London(2026, 5, 9, 19), OneDay));

    [Fact]
    public void Christmas_and_the_boxing_day_substitute_are_skipped()
    {
        // 2026: Boxing Day is a Saturday; the substitute is Monday 28 December.
        Assert.Equal(London(2026, 12, 29, 11), Calendar.Deadline(London(2026, 12, 24, 11), OneDay));
        // 2027: both fall at the weekend; substitutes Monday 27 and Tuesday 28.
        Assert.Equal(London(2027, 12, 29, 11), Calendar.Deadline(London(2027, 12, 24, 11), OneDay));
        Assert.False(Calendar.IsWorkingDay(new LocalDate(2027, 12, 27)));
    }

    [Fact]
    public void A_red_deadline_across_the_clocks_going_forward_is_four_real_hours()
    {
        // Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
        var start = London(2026, 3, 29, 0, 30);
        var deadline = Calendar.Deadline(start, new Allowance(Hours: 4));
        Assert.Equal(TimeSpan.FromHours(4), deadline - start);
        Assert.Equal(London(2026, 3, 29, 5, 30), deadline);
    }

    [Fact]
    public void A_red_deadline_across_the_clocks_going_back_is_four_real_hours()
    {
        // Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT.
        var start = Instant.FromUtc(2026, 10, 24, 23, 30).ToDateTimeOffset(); // 00:30 BST
        var deadline = Calendar.Deadline(start, new Allowance(Hours: 4));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 3, 30).ToDateTimeOffset(), deadline); // 03:30 GMT
    }

    [Fact]
    public void Working_days_keep_the_local_time_across_a_clocks_change()
    {
        // Friday 10:00 GMT + 1 working day = Monday 10:00 BST, 71 real hours later.
        var start = London(2026, 3, 27, 10);
        var deadline = Calendar.Deadline(start, OneDay);
        Assert.Equal(London(2026, 3, 30, 10), deadline);
        Assert.Equal(TimeSpan.FromHours(71), deadline - start);
    }

    [Fact]
    public void The_same_working_day_ends_at_local_midnight()
    {
        Assert.Equal(London(2026, 5, 8, 0), Calendar.Deadline(London(2026, 5, 7, 16), SameDay));
        // Friday before the spring bank holiday: still midnight ending Friday.
        Assert.Equal(London(2026, 5, 23, 0), Calendar.Deadline(London(2026, 5, 22, 23, 59), SameDay));
    }

    [Fact]
    public void The_same_working_day_from_a_non_working_day_is_the_next_working_day()
    {
        // Saturday before the spring bank holiday Monday: the next working day is Tuesday 26 May.
        Assert.Equal(London(2026, 5, 27, 0), Calendar.Deadline(London(2026, 5, 23, 10), SameDay));
    }

    [Fact]
    public void An_allowance_with_nothing_set_is_refused() =>
        Assert.Throws<ArgumentException>(() => Calendar.Deadline(London(2026, 5, 7, 10), new Allowance()));
}
