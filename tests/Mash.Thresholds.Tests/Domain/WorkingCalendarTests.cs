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
    public void Working_hours_are_office_hours_and_skip_the_weekend_and_a_bank_holiday() =>
        // Friday 15:00 + 48 working hours: Friday's last 2, 40 from Monday to Friday, the spring bank
        // holiday (Monday 25 May) skipped, then 6 of Tuesday.
        Assert.Equal(London(2026, 5, 26, 15), Calendar.Deadline(London(2026, 5, 15, 15), new Allowance(WorkingHours: 48)));

    [Fact]
    public void Working_hours_skip_bank_holidays() =>
        // Thursday 2 April 2026 10:00: 7 that day, Good Friday and Easter Monday skipped, 32 to Friday, 8 on Monday, 1 on Tuesday.
        Assert.Equal(London(2026, 4, 14, 10), Calendar.Deadline(London(2026, 4, 2, 10), new Allowance(WorkingHours: 48)));

    [Fact]
    public void Working_hours_from_outside_office_hours_start_at_the_next_opening()
    {
        // Saturday evening: six whole office days from Monday 09:00.
        Assert.Equal(London(2026, 5, 18, 17), Calendar.Deadline(London(2026, 5, 9, 19), new Allowance(WorkingHours: 48)));
        // Tuesday 07:00 is before the office opens, Tuesday 18:00 after it closes.
        Assert.Equal(London(2026, 5, 12, 13), Calendar.Deadline(London(2026, 5, 12, 7), new Allowance(WorkingHours: 4)));
        Assert.Equal(London(2026, 5, 13, 13), Calendar.Deadline(London(2026, 5, 12, 18), new Allowance(WorkingHours: 4)));
    }

    [Fact]
    public void Hours_are_elapsed_time_even_over_weekends_and_holidays() =>
        Assert.Equal(London(2026, 5, 9, 12), Calendar.Deadline(London(2026, 5, 9, 8), new Allowance(Hours: 4)));

    [Fact]
    public void Working_days_end_at_the_end_of_their_last_day_and_skip_the_weekend() =>
        // Friday 15:30 + 1 working day: the whole of Monday, as the DfE counts days.
        Assert.Equal(London(2026, 5, 19, 0), Calendar.Deadline(London(2026, 5, 15, 15, 30), OneDay));

    [Fact]
    public void Working_days_skip_bank_holidays() =>
        // Thursday before Easter + 2 working days: Good Friday and Easter Monday are skipped -> the end of Wednesday.
        Assert.Equal(London(2026, 4, 9, 0), Calendar.Deadline(London(2026, 4, 2, 9), new Allowance(WorkingDays: 2)));

    [Fact]
    public void A_start_on_a_non_working_day_counts_from_the_next_working_day() =>
        // Saturday evening: the count starts Monday 00:00, so 1 working day runs out Tuesday 00:00.
        Assert.Equal(London(2026, 5, 12, 0), Calendar.Deadline(London(2026, 5, 9, 19), OneDay));

    [Fact]
    public void Christmas_and_the_boxing_day_substitute_are_skipped()
    {
        // 2026: Boxing Day is a Saturday; the substitute is Monday 28 December, so Tuesday 29th is the working day.
        Assert.Equal(London(2026, 12, 30, 0), Calendar.Deadline(London(2026, 12, 24, 11), OneDay));
        // 2027: both fall at the weekend; substitutes Monday 27 and Tuesday 28.
        Assert.Equal(London(2027, 12, 30, 0), Calendar.Deadline(London(2027, 12, 24, 11), OneDay));
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
    public void Working_days_end_at_local_midnight_across_a_clocks_change()
    {
        // Friday 10:00 GMT + 1 working day = the end of Monday in BST, 85 real hours later.
        var start = London(2026, 3, 27, 10);
        var deadline = Calendar.Deadline(start, OneDay);
        Assert.Equal(London(2026, 3, 31, 0), deadline);
        Assert.Equal(TimeSpan.FromHours(85), deadline - start);
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

    [Fact]
    public void A_clock_is_at_risk_when_a_fifth_of_its_office_time_is_left()
    {
        // Five working days from Monday 10:00: 47 office hours to the end of the next Monday; at risk
        // with 9 h 24 min of them left, Friday 15:36, not on the weekend.
        var start = London(2026, 5, 11, 10);
        var due = Calendar.Deadline(start, new Allowance(WorkingDays: 5));
        Assert.Equal(London(2026, 5, 19, 0), due);
        Assert.Equal(London(2026, 5, 15, 15, 36), Calendar.AtRisk(start, due));
        // One working day from Friday 14:00: 11 office hours, at risk at 14:48 on Monday (not 01:36).
        Assert.Equal(London(2026, 5, 18, 14, 48), Calendar.AtRisk(London(2026, 5, 15, 14), Calendar.Deadline(London(2026, 5, 15, 14), OneDay)));
    }

    [Fact]
    public void An_at_risk_point_skips_a_bank_holiday_and_a_weekend()
    {
        // Five working days from Maundy Thursday 10:00: due the end of Monday 13 April (Good Friday
        // and Easter Monday skipped); at risk at Friday 10 April 15:36.
        var start = London(2026, 4, 2, 10);
        var due = Calendar.Deadline(start, new Allowance(WorkingDays: 5));
        Assert.Equal(London(2026, 4, 14, 0), due);
        Assert.Equal(London(2026, 4, 10, 15, 36), Calendar.AtRisk(start, due));
    }

    [Fact]
    public void A_clock_of_elapsed_hours_is_at_risk_in_office_hours_or_not_at_all()
    {
        // Four hours from 15:00: two of them are office time, so at risk at 16:36 while staff are there.
        var afternoon = London(2026, 5, 12, 15);
        Assert.Equal(London(2026, 5, 12, 16, 36), Calendar.AtRisk(afternoon, Calendar.Deadline(afternoon, new Allowance(Hours: 4))));
        // Four hours from 20:00 hold no office time: no at-risk alert, only the breach at midnight.
        var evening = London(2026, 5, 12, 20);
        Assert.Null(Calendar.AtRisk(evening, Calendar.Deadline(evening, new Allowance(Hours: 4))));
    }

    [Fact]
    public void Office_time_between_two_instants_counts_working_days_office_hours_only()
    {
        Assert.Equal(Duration.FromHours(2 + 8), Calendar.OfficeTimeBetween(London(2026, 5, 15, 15), London(2026, 5, 18, 23)));
        Assert.Equal(Duration.Zero, Calendar.OfficeTimeBetween(London(2026, 5, 16, 9), London(2026, 5, 17, 17)));
        Assert.Equal(Duration.Zero, Calendar.OfficeTimeBetween(London(2026, 5, 18, 12), London(2026, 5, 18, 11)));
        // Good Friday to Easter Monday: none.
        Assert.Equal(Duration.Zero, Calendar.OfficeTimeBetween(London(2026, 4, 3, 0), London(2026, 4, 7, 0)));
    }

    [Fact]
    public void The_next_office_time_is_now_inside_office_hours_else_the_next_opening()
    {
        Assert.Equal(London(2026, 5, 12, 10), Calendar.NextOfficeTime(London(2026, 5, 12, 10)));
        Assert.Equal(London(2026, 5, 12, 9), Calendar.NextOfficeTime(London(2026, 5, 12, 7)));
        Assert.Equal(London(2026, 5, 13, 9), Calendar.NextOfficeTime(London(2026, 5, 12, 17)));
        Assert.Equal(London(2026, 5, 18, 9), Calendar.NextOfficeTime(London(2026, 5, 16, 10)));
        Assert.Equal(London(2026, 4, 7, 9), Calendar.NextOfficeTime(London(2026, 4, 3, 11)));  // Good Friday -> Tuesday
    }

    [Fact]
    public void An_authority_may_keep_other_office_hours()
    {
        var early = Calendar.WithOfficeHours(new OfficeHours(new LocalTime(8, 30), new LocalTime(16, 30)));
        Assert.Equal(London(2026, 5, 12, 12, 30), early.Deadline(London(2026, 5, 12, 7), new Allowance(WorkingHours: 4)));
        Assert.Throws<ArgumentException>(() => Calendar.WithOfficeHours(new OfficeHours(new LocalTime(17, 0), new LocalTime(9, 0))));
    }

    [Fact]
    public void Each_authority_counts_working_time_in_its_own_office_hours_from_the_office_hours_file()
    {
        var (hours, errors) = OfficeHoursFile.Load("office-hours.yaml", """
            default: 09:00-17:00
            walsall: 09:00-17:00
            wolverhampton: 08:30-17:00
            """);
        Assert.Empty(errors);
        var calendar = Calendar.WithAuthorities(hours!.Where(h => h.Key != OfficeHoursFile.DefaultKey).ToDictionary());

        // Four working hours from 07:00 on Tuesday 12 May 2026: from 08:30 in Wolverhampton, 09:00 elsewhere.
        var start = London(2026, 5, 12, 7);
        Assert.Equal(London(2026, 5, 12, 12, 30), calendar.For("wolverhampton").Deadline(start, new Allowance(WorkingHours: 4)));
        Assert.Equal(London(2026, 5, 12, 13), calendar.For("walsall").Deadline(start, new Allowance(WorkingHours: 4)));
        Assert.Equal(London(2026, 5, 12, 13), calendar.For("elsewhere").Deadline(start, new Allowance(WorkingHours: 4)));
        // The same clock is at risk earlier in Wolverhampton's longer day: a fifth of 8.5 office hours before the end of the day.
        Assert.Equal(London(2026, 5, 12, 15, 18), calendar.For("wolverhampton").AtRisk(London(2026, 5, 12, 7), London(2026, 5, 13, 0)));
        Assert.Equal(London(2026, 5, 12, 15, 24), calendar.For("walsall").AtRisk(London(2026, 5, 12, 7), London(2026, 5, 13, 0)));
    }

    [Fact]
    public void An_office_hours_file_names_every_bad_line()
    {
        var (hours, errors) = OfficeHoursFile.Load("office-hours.yaml", """
            walsall: 17:00-09:00
            wolverhampton: nine to five
            dudley: [09:00, 17:00]
            """);
        Assert.Null(hours);
        Assert.Equal([1, 2, 3], errors.Select(e => e.Line));
        Assert.Contains("opening before closing", errors[0].Message);
    }
}
