using Mash.Console.Display;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Console.Tests.Display;

public sealed class CountdownTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, 30, "under a minute left", false, true)]
    [InlineData(0, 42, 0, "42 min left", false, true)]
    [InlineData(4, 5, 59, "4 h 05 min left", false, false)]
    [InlineData(27, 0, 0, "1 d 3 h left", false, false)]
    [InlineData(0, -5, 0, "overdue by 5 min", true, false)]
    [InlineData(-2, -30, 0, "overdue by 2 h 30 min", true, false)]
    public void Says_how_long_is_left_or_how_late_it_is(int hours, int minutes, int seconds, string text, bool overdue, bool soon)
    {
        var countdown = Countdown.Between(Now, Now + new TimeSpan(hours, minutes, seconds));

        Assert.Equal(new Countdown(text, overdue, soon), countdown);
    }
}

public sealed class WorkingTimeCountdownTests
{
    // Tuesday 3 March 2026; no bank holidays near it. Office hours 09:00-17:00 (GMT).
    static readonly Mash.BuildingBlocks.ReferenceData.WorkingCalendar Calendar = new([]);
    static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Time_left_is_working_time_as_the_clocks_count_it()
    {
        // Due at the end of Wednesday: 7 office hours today, 8 tomorrow.
        Assert.Equal(new Countdown("1 working day 7 h left", false, false), Countdown.Between(At(3, 10), At(5, 0), Calendar));
        Assert.Equal(new Countdown("30 min left", false, true), Countdown.Between(At(3, 10), At(3, 10, 30), Calendar));
        // Friday 16:00 to Monday 10:00: two office hours, not 66 hours.
        Assert.Equal(new Countdown("2 h 00 min left", false, false), Countdown.Between(At(6, 16), At(9, 10), Calendar));
    }

    [Fact]
    public void With_no_office_time_before_it_a_deadline_counts_real_time_out_of_hours_and_overdue_is_real_time()
    {
        Assert.Equal(new Countdown("4 h 00 min left, out of hours", false, true), Countdown.Between(At(3, 18), At(3, 22), Calendar));
        Assert.Equal(new Countdown("overdue by 2 h 00 min", true, false), Countdown.Between(At(3, 12), At(3, 10), Calendar));
    }

    [Fact]
    public void The_script_is_told_the_office_time_left_and_when_the_office_closes()
    {
        Assert.Equal(new Countdown.Office(TimeSpan.FromHours(15), At(3, 17), TimeSpan.FromHours(8)), Countdown.OfficeAt(At(3, 10), At(5, 0), Calendar));
        Assert.Equal(new Countdown.Office(TimeSpan.FromHours(8), null, TimeSpan.FromHours(8)), Countdown.OfficeAt(At(3, 18), At(5, 0), Calendar));
    }
}

public sealed class WorkingSpanTests
{
    static readonly TimeSpan OfficeDay = TimeSpan.FromHours(8);

    [Theory]
    [InlineData(2.5, "2 h 30 min")]
    [InlineData(8, "1 working day")]
    [InlineData(19, "2 working days 3 h")]
    [InlineData(40, "5 working days")]
    public void Working_time_reads_in_office_days_and_hours(double hours, string text) =>
        Assert.Equal(text, Countdown.WorkingSpan(TimeSpan.FromHours(hours), OfficeDay));
}

public sealed class LabelsTests
{
    [Fact]
    public void Codes_read_as_words_and_the_hubs_terms()
    {
        Assert.Equal("Awaiting checks", Labels.Of(ChildStatus.AwaitingChecks));
        Assert.Equal("Child protection (s47)", Labels.Of(Pathway.ChildProtection));
        Assert.Equal("Level 3: complex", Labels.Of(LevelOfNeed.Complex));
        Assert.Equal("—", Labels.Of(Pathway.Unspecified));
        Assert.Equal("Child routed", Labels.EventName("mash.events.v1.ChildRouted"));
        Assert.DoesNotContain(Labels.Options<Rag>(), o => o.Value == Rag.Unspecified);
    }

    [Fact]
    public void London_time_follows_british_summer_time()
    {
        Assert.Equal("Tue 3 Mar 2026, 10:00", LondonTime.Format(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal("Wed 1 Jul 2026, 11:00", LondonTime.Format(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)));
    }
}

public sealed class BarChartTests
{
    [Fact]
    public void Shares_fill_the_bar_area_and_counts_are_drawn_against_the_largest()
    {
        var shares = BarChart.OfShares("on time", [("Red", 1.0), ("Amber", 0.5), ("Green", 1.7)]);
        Assert.Equal([BarChart.BarArea, BarChart.BarArea / 2, BarChart.BarArea], shares.Bars.Select(BarChart.BarWidth));
        Assert.Equal("50%", shares.Bars[1].Figure);

        var counts = BarChart.OfCounts("outcomes", [("Early help", 4), ("No further action", 1)]);
        Assert.Equal([BarChart.BarArea, BarChart.BarArea / 4], counts.Bars.Select(BarChart.BarWidth));
        Assert.Equal(2 * BarChart.RowHeight, counts.Height);
    }
}
