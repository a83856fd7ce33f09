using Mash.Console.Display;
using Mash.Console.Pages.Manager;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Console.Tests.Display;

public sealed class TrendTests
{
    static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public void A_period_is_cut_into_monday_to_sunday_weeks_with_part_weeks_at_the_ends()
    {
        // Wednesday 4 March to Tuesday 17 March 2026.
        Assert.Equal([new Week(D(3, 4), D(3, 8)), new Week(D(3, 9), D(3, 15)), new Week(D(3, 16), D(3, 17))], Week.Of(D(3, 4), D(3, 17)));
        Assert.Equal([new Week(D(3, 9), D(3, 15))], Week.Of(D(3, 9), D(3, 15)));
        Assert.Equal([new Week(D(3, 15), D(3, 15))], Week.Of(D(3, 15), D(3, 15)));
        Assert.Empty(Week.Of(D(3, 16), D(3, 15)));
        Assert.Equal("w/c 9 Mar", new Week(D(3, 9), D(3, 15)).Label);
    }

    [Fact]
    public void The_csv_has_one_row_a_week_with_each_figure_in_its_named_column()
    {
        var report = new GetTimelinessReportResponse
        {
            Contacts = 12, Children = 15, Referrals = 3, ConversionRate = 0.2, RecontactRate12Months = 1.0 / 3,
            DecisionsByRag = { new RagTimeliness { Rag = Rag.Red, Decisions = 4, ShareWithinOneWorkingDay = 0.75 } },
            Clocks = { new ClockTimeliness { Clock = ClockKind.ChildSeen, Count = 5, OnTime = 3 } },
        };
        var lines = TrendsModel.Csv([new WeekFigures(new Week(D(3, 9), D(3, 15)), report)]).TrimEnd().Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        var row = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(("2026-03-09", "2026-03-15", "12", "15", "3", "0.2", "0.3333"),
            (row["week_from"], row["week_to"], row["contacts"], row["children"], row["referrals"], row["conversion_rate"], row["recontact_rate_12_months"]));
        Assert.Equal(("4", "0.75", "0", "0"), (row["decisions_red"], row["within_one_working_day_red"], row["decisions_green"], row["within_one_working_day_green"]));
        Assert.Equal(("2", "0"), (row["missed_child_seen"], row["missed_mash_decision"]));
    }
}
