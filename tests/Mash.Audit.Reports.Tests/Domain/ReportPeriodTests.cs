using Mash.Audit.Domain.Reports;
using Mash.Contracts.Common.V1;
using NodaTime;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

public sealed class ReportPeriodTests
{
    [Fact]
    public void London_dates_become_instants_across_the_clocks_change()
    {
        // 29 March 2026: clocks go forward at 01:00 GMT; 30 June is in BST (UTC+1).
        var period = new ReportPeriod(new LocalDate(2026, 3, 29), new LocalDate(2026, 6, 30));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), period.End);
        Assert.Equal(new LocalDate(2026, 7, 1), ReportPeriod.DateOf(new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Missing_impossible_and_reversed_dates_are_named()
    {
        var violations = new List<(string Field, string Description)>();
        Assert.Null(ReportPeriod.Read(null, new Date { Year = 2026, Month = 2, Day = 30 }, violations));
        Assert.Equal(["from", "to"], violations.Select(v => v.Field));

        violations.Clear();
        Assert.Null(ReportPeriod.Read(new Date { Year = 2026, Month = 3, Day = 2 }, new Date { Year = 2026, Month = 3, Day = 1 }, violations));
        Assert.Equal([("to", "must not be before from")], violations);

        violations.Clear();
        var same = ReportPeriod.Read(new Date { Year = 2024, Month = 2, Day = 29 }, new Date { Year = 2024, Month = 2, Day = 29 }, violations);
        Assert.Equal((new LocalDate(2024, 2, 29), new LocalDate(2024, 2, 29)), (same!.From, same.To));
        Assert.Empty(violations);
    }
}
